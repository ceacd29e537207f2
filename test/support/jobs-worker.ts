/**
 * A separate worker process for the multi-process job tests (J1, J2):
 * `tsx test/support/jobs-worker.ts` with DATABASE_URL and SMTP_URL set. It
 * registers the test jobs, starts this process's workers (the schedule too),
 * prints "ready" and runs until killed. `test.tick` records each scheduled
 * run in the `test_ticks` table the test created.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { registerJob } from "@/lib/jobs/registry";
import { startWorkers } from "@/lib/jobs/queue";

registerJob({
  name: "test.tick",
  payload: z.object({ _cron: z.object({ ts: z.string() }).loose().optional() }).loose(),
  maxAttempts: 1,
  handler: async () => async (p) => {
    await (
      await getDb()
    ).execute(sql`insert into test_ticks (ts, pid) values (${p._cron?.ts ?? "none"}, ${process.pid})`);
  },
});

await startWorkers();
console.log("ready");
setInterval(() => {}, 1 << 30);
