import type { ComponentProps } from "react";
import { CircleAlert, CircleCheck } from "lucide-react";
import { cn } from "./cn";

export type FormMessageProps = Omit<ComponentProps<"div">, "role"> & {
  variant?: "error" | "success";
};

/**
 * Form-level result message. Errors use role="alert" (interrupts), success uses
 * role="status" (polite). Renders nothing when it has no content.
 */
export function FormMessage({ variant = "error", className, children, ...props }: FormMessageProps) {
  if (children == null || children === false || children === "") return null;
  const isError = variant === "error";
  const Icon = isError ? CircleAlert : CircleCheck;
  return (
    <div
      role={isError ? "alert" : "status"}
      className={cn(
        "flex items-start gap-2 rounded-md border px-3 py-2 text-sm",
        isError
          ? "border-danger-200 bg-danger-50 text-danger-800"
          : "border-success-200 bg-success-50 text-success-800",
        className,
      )}
      {...props}
    >
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
