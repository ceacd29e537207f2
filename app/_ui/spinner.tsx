import type { ComponentProps } from "react";
import { LoaderCircle } from "lucide-react";
import { cn } from "./cn";

const sizes = { sm: "size-4", md: "size-5", lg: "size-8" } as const;

export type SpinnerProps = Omit<ComponentProps<"span">, "children"> & {
  size?: keyof typeof sizes;
  /** Screen-reader text. */
  label?: string;
};

export function Spinner({ size = "md", label = "Loading", className, ...props }: SpinnerProps) {
  return (
    <span role="status" className={cn("inline-flex items-center text-brand-700", className)} {...props}>
      <LoaderCircle aria-hidden="true" className={cn("animate-spin", sizes[size])} />
      <span className="sr-only">{label}</span>
    </span>
  );
}
