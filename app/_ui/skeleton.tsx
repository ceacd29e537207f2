import type { ComponentProps } from "react";
import { cn } from "./cn";

/** Loading placeholder. Hidden from assistive tech: announce loading elsewhere (e.g. <Spinner>). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-zinc-200", className)} {...props} />;
}
