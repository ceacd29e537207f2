import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

/** Props Field hands to its control so label, hint and error are announced together. */
export type FieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  "aria-required": true | undefined;
};

export type FieldProps = {
  /** Visible label text. */
  label: ReactNode;
  /** id of the control; the label points at it and hint/error ids derive from it. */
  htmlFor: string;
  /** One message or a list (e.g. zod `fieldErrors.email`). Empty/undefined = valid. */
  error?: string | string[] | null;
  hint?: ReactNode;
  /** Shows a required marker and sets aria-required on the control. */
  required?: boolean;
  className?: string;
  /**
   * Either a render function receiving the control props (preferred), or a single
   * element, which gets them merged in (its own props win; aria-describedby is combined).
   */
  children: ((control: FieldControlProps) => ReactNode) | ReactElement<Partial<FieldControlProps>>;
};

export function Field({ label, htmlFor, error, hint, required, className, children }: FieldProps) {
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean);
  const hintId = hint ? `${htmlFor}-hint` : undefined;
  const errorId = errors.length > 0 ? `${htmlFor}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;

  const control: FieldControlProps = {
    id: htmlFor,
    "aria-invalid": errorId ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": required ? true : undefined,
  };

  let rendered: ReactNode;
  if (typeof children === "function") {
    rendered = children(control);
  } else if (isValidElement(children)) {
    const own = children.props as Record<string, unknown>;
    const missing = Object.fromEntries(Object.entries(control).filter(([key]) => own[key] === undefined));
    const ownDescribedBy = typeof own["aria-describedby"] === "string" ? own["aria-describedby"] : "";
    // Keep the control's own description and still point at the hint/error.
    const mergedDescribedBy = [describedBy, ownDescribedBy].filter(Boolean).join(" ") || undefined;
    rendered = cloneElement(children, { ...missing, "aria-describedby": mergedDescribedBy });
  } else {
    rendered = children;
  }

  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <Label htmlFor={htmlFor}>
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-danger-600">
            *
          </span>
        ) : null}
      </Label>
      {rendered}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-xs font-medium text-danger-700">
          {errors.length === 1
            ? errors[0]
            : errors.map((msg, i) => (
                <span key={i} className="block">
                  {msg}
                </span>
              ))}
        </p>
      ) : null}
    </div>
  );
}
