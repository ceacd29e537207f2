import type { Metadata } from "next";
import { ListChecks } from "lucide-react";
import {
  Alert,
  Badge,
  EmptyState,
  SubmitButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { formatDateTime } from "@/lib/core/format";
import { can } from "@/lib/core/permissions";
import { listJobs, type JobView } from "@/lib/jobs/admin";
import { OwnersOnly } from "../owner-only";
import { retryJobAction } from "./actions";

export const metadata: Metadata = { title: "Jobs" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What each job kind does, in the studio's words; unknown kinds show their name. */
const JOB_NAMES: Record<string, string> = {
  "mail.send": "Send an email",
  "memberships.expire": "End expired memberships",
  "memberships.remind": "Membership reminders",
  "bookings.remind": "Session reminders",
  "bulk.message": "Message many clients",
  "bulk.import": "Import members",
};

/** J1: the studio's background work that has not finished — waiting, running, retrying, or failed for good. */
export default async function JobsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffContext();
  if (!can(ctx, "settings")) return <OwnersOnly what="see the studio's background jobs" />;
  const sp = await searchParams;
  const jobs = await listJobs(ctx);
  const tz = ctx.studio.timezone;
  const failed = jobs.filter((j) => j.state === "failed").length;

  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h2 className="text-lg font-semibold tracking-tight">Jobs</h2>
        <p className="text-sm text-muted-foreground">
          Work Roster does in the background for your studio, such as sending mail. A job that fails is tried again with
          growing pauses; once it runs out of attempts it stays here as failed until you retry it. Finished jobs leave
          this list.
        </p>
      </div>

      {sp.retry === "failed" ? (
        <Alert variant="danger" title="That job could not be retried" role="alert">
          It may have finished or been retried already. The list below shows the jobs as they are now.
        </Alert>
      ) : null}

      {failed ? (
        <Alert variant="warning" title={failed === 1 ? "1 job failed" : `${failed} jobs failed`}>
          Check the error shown with each one, fix its cause if you can, then retry it.
        </Alert>
      ) : null}

      {jobs.length === 0 ? (
        <EmptyState
          icon={ListChecks}
          title="No jobs waiting or failed"
          description="Background work that is waiting to run, being retried, or has failed (for example mail that could not be sent) will be listed here."
        />
      ) : (
        <Table aria-label="Jobs">
          <TableHeader>
            <TableRow>
              <TableHead>Job</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Attempts</TableHead>
              <TableHead>Last error</TableHead>
              <TableHead>Runs at</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.map((j) => (
              <TableRow key={j.id}>
                <TableCell className="align-top">
                  <div className="grid gap-0.5">
                    <span className="font-medium">{JOB_NAMES[j.name] ?? j.name}</span>
                    <span className="font-mono text-xs text-muted-foreground">{j.name}</span>
                  </div>
                </TableCell>
                <TableCell className="align-top">
                  <JobStatus job={j} />
                </TableCell>
                <TableCell className="align-top text-right tabular-nums whitespace-nowrap">
                  {j.attempts} of {j.maxAttempts}
                </TableCell>
                <TableCell className="max-w-md align-top">
                  {j.lastError ? (
                    <p className="break-words text-xs text-danger-700">{j.lastError}</p>
                  ) : (
                    <span className="text-muted-foreground">None</span>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap align-top">
                  {j.state === "failed" ? (
                    <span className="text-muted-foreground">Not scheduled</span>
                  ) : (
                    formatDateTime(j.runAt, tz)
                  )}
                </TableCell>
                <TableCell className="align-top">
                  {j.state === "failed" ? (
                    <form action={retryJobAction}>
                      <input type="hidden" name="jobId" value={j.id} />
                      <SubmitButton
                        variant="outline"
                        size="sm"
                        pendingLabel="Retrying…"
                        aria-label={`Retry job ${JOB_NAMES[j.name] ?? j.name} (number ${j.id})`}
                      >
                        Retry
                      </SubmitButton>
                    </form>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function JobStatus({ job }: { job: JobView }) {
  switch (job.state) {
    case "pending":
      return <Badge variant="neutral">Waiting</Badge>;
    case "running":
      return <Badge variant="brand">Running</Badge>;
    case "retrying":
      return <Badge variant="warning">Retrying</Badge>;
    case "failed":
      return <Badge variant="danger">Failed</Badge>;
  }
}
