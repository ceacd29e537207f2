import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { Alert, Button, Card, CardContent, PageHeader } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { getBulkOperation, type BulkOperationView } from "@/lib/bulk/operations";
import { NotFoundError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { OperationProgress, StateBadge } from "../operation-progress";

export const metadata: Metadata = { title: "Bulk work" };

const n = (x: number) => x.toLocaleString("en-GB");

/** J1: one bulk operation: its progress bar, refreshed while it runs, then its result. */
export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaffContext();
  const { id } = await params;
  let op: BulkOperationView;
  try {
    op = await getBulkOperation(ctx, id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const tz = ctx.studio.timezone;
  return (
    <div className="grid max-w-3xl gap-6">
      <PageHeader
        title={op.kind === "message" ? `Message: ${op.title}` : `Import: ${op.title}`}
        description={`Started ${formatDateTime(op.createdAt, tz)}${op.by ? ` by ${op.by}` : ""}. You can leave this page: the work goes on, and its result stays here.`}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href="/dashboard/operations">
              <ArrowLeft aria-hidden="true" /> Bulk work
            </Link>
          </Button>
        }
      />
      <Card>
        <CardContent className="grid gap-4 pt-5">
          <div>
            <StateBadge state={op.state} />
          </div>
          <OperationProgress op={op} label={op.kind === "message" ? "Mails handled" : "Rows read"} />
          <div role="status" aria-live="polite" className="text-sm">
            <Outcome op={op} />
          </div>
        </CardContent>
      </Card>
    </div>
  );
}

function Outcome({ op }: { op: BulkOperationView }) {
  if (op.state === "failed") {
    return (
      <Alert variant="danger" title="Nothing was written">
        {op.error ?? "The work failed."} Fix the file and import it again.
      </Alert>
    );
  }
  if (op.kind === "message" && op.mail) {
    const m = op.mail;
    return (
      <ul className="grid gap-1">
        <li>Sent: {n(m.sent)}</li>
        {m.queued ? <li>Still to send: {n(m.queued)}</li> : null}
        {m.skipped ? <li>Skipped (no email address): {n(m.skipped)}</li> : null}
        {m.failed || m.notSent ? (
          <li>
            Failed: {n(m.failed + m.notSent)}
            {m.error ? ` (${m.error})` : ""}. Each is listed under Settings → Sent mail, where owners can retry it.
          </li>
        ) : null}
      </ul>
    );
  }
  const r = op.result as {
    imported?: number;
    alreadyImported?: number;
    invalid?: number;
    errors?: { row: number; field: string; message: string }[];
    moreErrors?: number;
  } | null;
  if (op.state !== "completed" || !r)
    return (
      <p>
        {op.state === "queued"
          ? "Waiting for a worker to start the import…"
          : "Importing… nothing is written until the whole file is read."}
      </p>
    );
  return (
    <div className="grid gap-2">
      <p>
        {n(r.imported ?? 0)} new memberships.
        {r.alreadyImported ? ` ${n(r.alreadyImported)} rows were already imported and added nothing.` : ""}
        {r.invalid ? ` ${n(r.invalid)} rows with errors were left out.` : ""}
      </p>
      {r.errors?.length ? (
        <details>
          <summary className="cursor-pointer font-medium">
            Rows left out ({n(r.errors.length + (r.moreErrors ?? 0))})
          </summary>
          <ul className="mt-2 grid gap-1">
            {r.errors.map((e, i) => (
              <li key={`${e.row}-${e.field}-${i}`}>
                Row {e.row}, {e.field === "_" ? "whole row" : e.field}: {e.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
