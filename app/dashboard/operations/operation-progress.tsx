"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Badge, Progress } from "@/app/_ui";

/** What the page hands the bar (serialisable): see BulkOperationView in lib/bulk/operations. */
export type OperationSummary = {
  kind: "message" | "import";
  state: "queued" | "running" | "sending" | "completed" | "failed";
  total: number;
  done: number;
  failed: number;
};

const STATE_LABEL: Record<OperationSummary["state"], string> = {
  queued: "Waiting to start",
  running: "Running",
  sending: "Sending",
  completed: "Finished",
  failed: "Failed",
};
const STATE_VARIANT = {
  queued: "neutral",
  running: "brand",
  sending: "brand",
  completed: "success",
  failed: "danger",
} as const;

export const isActive = (state: OperationSummary["state"]) =>
  state === "queued" || state === "running" || state === "sending";

export function StateBadge({ state }: { state: OperationSummary["state"] }) {
  return <Badge variant={STATE_VARIANT[state]}>{STATE_LABEL[state]}</Badge>;
}

const n = (x: number) => x.toLocaleString("en-GB");

/**
 * The bar of one bulk operation (J1): role=progressbar with aria-valuenow,
 * refreshed every 1.5 s from the server while the work runs.
 */
export function OperationProgress({ op, label }: { op: OperationSummary; label: string }) {
  const router = useRouter();
  const active = isActive(op.state);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    // A page refresh while the job runs (browser-side display only; the work itself is a job, J1).
    const t = setTimeout(() => {
      router.refresh();
      setTick((n) => n + 1);
    }, 1500);
    return () => clearTimeout(t);
  }, [active, router, tick]);
  const unit = op.kind === "message" ? "clients" : "rows";
  const max = Math.max(op.total, op.done, 1);
  return (
    <Progress
      label={label}
      value={op.done}
      max={max}
      tone={
        op.state === "failed" ? "danger" : op.failed > 0 ? "warning" : op.state === "completed" ? "success" : "brand"
      }
      valueLabel={`${n(op.done)} / ${n(op.total)}`}
      valueText={`${n(op.done)} of ${n(op.total)} ${unit} done${op.failed ? `, ${n(op.failed)} failed` : ""}`}
    />
  );
}
