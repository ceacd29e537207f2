import type { ComponentProps } from "react";
import { cn } from "./cn";

/** Content for screen readers only (e.g. icon-button labels, table context). */
export function VisuallyHidden({ className, ...props }: ComponentProps<"span">) {
  return <span className={cn("sr-only", className)} {...props} />;
}
