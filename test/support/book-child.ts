/**
 * A separate booking process for the multi-process race tests (B1, S3, S1):
 * `node --import tsx test/support/book-child.ts` with DATABASE_URL set (its own
 * connection pool) and ROSTER_BOOK set to JSON
 * `{ studioId, actor, bookings: [{ sessionId, clientId? }] }`. It prints
 * "ready", waits for a line on stdin (so two processes start together), books
 * them all at once and prints one JSON line: each booking's outcome, "booked"
 * or the refusal's code.
 */
import { createInterface } from "node:readline";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { studios } from "@/db/schema";
import { bookSession } from "@/lib/bookings";
import type { Actor } from "@/lib/core/ctx";

const job = JSON.parse(process.env.ROSTER_BOOK!) as {
  studioId: string;
  actor: Actor;
  bookings: { sessionId: string; clientId?: string }[];
};
const db = await getDb();
const [studio] = await db.select().from(studios).where(eq(studios.id, job.studioId));
console.log("ready");
await new Promise((resolve) => createInterface({ input: process.stdin }).once("line", resolve));

const ctx = { db, studio: studio!, actor: job.actor, now: new Date() };
const results = await Promise.allSettled(job.bookings.map((b) => bookSession(ctx, b)));
const outcomes = results.map((r) => {
  if (r.status === "fulfilled") return "booked";
  const e = r.reason as { code?: string; message?: string; cause?: { message?: string } };
  return e.code ?? e.cause?.message ?? String(e.message);
});
console.log(JSON.stringify({ pid: process.pid, outcomes }));
process.exit(0);
