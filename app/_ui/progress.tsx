import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

const tones = {
  brand: "bg-brand-600",
  success: "bg-success-600",
  warning: "bg-warning-500",
  danger: "bg-danger-600",
} as const;

export type ProgressProps = Omit<ComponentProps<"div">, "children"> & {
  value: number;
  max?: number;
  /** Accessible name, shown above the bar unless hideLabel. */
  label: string;
  hideLabel?: boolean;
  /** Text shown at the right of the label row, e.g. "12 / 20 booked". */
  valueLabel?: ReactNode;
  /** Spoken value, e.g. "12 of 20 spots booked" (defaults to the percentage). */
  valueText?: string;
  tone?: keyof typeof tones;
};

export function Progress({
  value,
  max = 100,
  label,
  hideLabel = false,
  valueLabel,
  valueText,
  tone = "brand",
  className,
  ...props
}: ProgressProps) {
  const labelId = useId();
  const safeMax = max > 0 ? max : 100;
  const clamped = Math.min(Math.max(value, 0), safeMax);
  const percent = Math.round((clamped / safeMax) * 100);

  return (
    <div className={cn("grid gap-1.5", className)} {...props}>
      <div className={cn("flex items-center justify-between gap-2 text-sm", hideLabel && "sr-only")}>
        <span id={labelId} className="font-medium text-foreground">
          {label}
        </span>
        {valueLabel != null ? (
          <span aria-hidden="true" className="text-muted-foreground tabular-nums">
            {valueLabel}
          </span>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={safeMax}
        aria-valuenow={clamped}
        aria-valuetext={valueText ?? `${percent}%`}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-200"
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-300", tones[tone])}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
