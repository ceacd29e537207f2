import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type CheckboxProps = Omit<ComponentProps<"input">, "type"> & {
  /** Optional inline label; wraps the checkbox in a <label> so the text is clickable. */
  label?: ReactNode;
};

export function Checkbox({ className, label, ...props }: CheckboxProps) {
  const box = (
    <input
      type="checkbox"
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded border-input accent-brand-700",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        "disabled:cursor-not-allowed disabled:opacity-50",
        "aria-invalid:outline-2 aria-invalid:outline-danger-600",
        !label && className,
      )}
      {...props}
    />
  );
  if (!label) return box;
  return (
    <label
      className={cn(
        "inline-flex items-center gap-2 text-sm text-foreground has-disabled:cursor-not-allowed has-disabled:opacity-60",
        className,
      )}
    >
      {box}
      <span>{label}</span>
    </label>
  );
}
