import type { ComponentProps } from "react";
import { cn } from "./cn";

/** Shared look for text-like controls (input, textarea, native select). */
export const controlClasses = cn(
  "w-full min-w-0 rounded-md border border-input bg-surface px-3 text-base text-foreground shadow-sm sm:text-sm",
  "placeholder:text-zinc-400 transition-colors",
  "focus-visible:border-brand-700 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring",
  "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-60",
  "aria-invalid:border-danger-600 aria-invalid:focus-visible:outline-danger-600",
);

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return (
    <input
      type={type}
      className={cn(
        controlClasses,
        "h-9 py-1",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
