import Link from "next/link";
import { Button, Field, Input, cn } from "@/app/_ui";
import type { PeriodPreset } from "@/lib/reports";

const PRESET_LABELS: Record<PeriodPreset, string> = {
  "this-month": "This month",
  "last-month": "Last month",
  "last-12-months": "Last 12 months",
};

/**
 * R9's period: three presets as links and a custom range as a GET form, so the
 * chosen period lives in the address (bookmarkable, works without JavaScript).
 */
export function PeriodPicker({
  presets,
  current,
  from,
  to,
}: {
  presets: { preset: PeriodPreset; from: string; to: string }[];
  current: PeriodPreset | null;
  from: string;
  to: string;
}) {
  return (
    <div className="mb-6 grid gap-3">
      <nav aria-label="Period" className="flex flex-wrap gap-2">
        {presets.map((p) => (
          <Link
            key={p.preset}
            href={`/dashboard/reports?from=${p.from}&to=${p.to}`}
            aria-current={current === p.preset ? "page" : undefined}
            className={cn(
              "rounded-full border px-3 py-1.5 text-sm font-medium",
              current === p.preset
                ? "border-brand-700 bg-brand-700 text-white"
                : "border-input bg-surface text-foreground hover:bg-muted",
            )}
          >
            {PRESET_LABELS[p.preset]}
          </Link>
        ))}
      </nav>
      <form
        action="/dashboard/reports"
        method="get"
        className="flex flex-wrap items-end gap-3"
        aria-label="Custom period"
      >
        <Field label="From" htmlFor="report-from" className="w-40">
          <Input id="report-from" name="from" type="date" defaultValue={from} required />
        </Field>
        <Field label="To" htmlFor="report-to" className="w-40">
          <Input id="report-to" name="to" type="date" defaultValue={to} required />
        </Field>
        <Button type="submit" variant="outline">
          Show period
        </Button>
      </form>
    </div>
  );
}
