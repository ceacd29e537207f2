import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";

export type JobState = "pending" | "running" | "retrying" | "failed";
export type JobView = {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
  createdAt: Date;
  key: string | null;
};

type Row = {
  id: string | number;
  task_identifier: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: string | Date;
  created_at: string | Date;
  locked_at: string | Date | null;
  key: string | null;
};

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

function view(r: Row): JobView {
  const state: JobState =
    r.attempts >= r.max_attempts ? "failed" : r.locked_at ? "running" : r.attempts > 0 ? "retrying" : "pending";
  return {
    id: String(r.id),
    name: r.task_identifier,
    state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    runAt: new Date(r.run_at),
    createdAt: new Date(r.created_at),
    key: r.key,
  };
}

/**
 * The Jobs view (J1, owners): this studio's jobs that have not finished —
 * pending, running, retrying, and failed ones that ran out of attempts.
 * A job belongs to a studio through `studioId` in its payload. Finished jobs
 * leave the queue; their effect is recorded where it belongs (a mail in `messages`).
 */
export async function listJobs(ctx: Ctx): Promise<JobView[]> {
  requirePermission(ctx, "settings");
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select j.id, t.identifier as task_identifier, j.attempts, j.max_attempts, j.last_error, j.run_at, j.created_at,
        j.locked_at, j.key
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.payload->>'studioId' = ${ctx.studio.id}
      order by (j.attempts >= j.max_attempts) desc, j.run_at asc, j.id asc
      limit 200`),
  );
  return rows.map(view);
}

export const RetryJobInput = z.object({ id: z.string().regex(/^\d{1,19}$/) });

/** Runs a failed or waiting job of this studio again now, with its attempts reset (owners). */
export async function retryJob(ctx: Ctx, raw: z.input<typeof RetryJobInput>): Promise<void> {
  requirePermission(ctx, "settings");
  const { id } = parseInput(RetryJobInput, raw);
  const rows = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      select j.id from graphile_worker.reschedule_jobs(
        array(select id from graphile_worker._private_jobs where id = ${id}::bigint and payload->>'studioId' = ${ctx.studio.id}),
        run_at => now(), attempts => 0) j`),
  );
  if (!rows.length) throw new NotFoundError("That job");
}
