import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { bulkOperationFiles, memberships } from "@/db/schema";
import { drainJobs } from "@/lib/jobs";
import { makeStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { startImportOperation } from "./import-job";
import { getBulkOperation, listBulkOperations } from "./operations";

/** A generated CSV, in chunks, never whole. */
async function* generated(rows: number, tag: string, bad: number[] = []): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode("email,name,startsAt\n");
  for (let i = 0; i < rows; i += 500) {
    let t = "";
    for (let j = i; j < Math.min(rows, i + 500); j++)
      t += bad.includes(j)
        ? `not-an-email,Bad ${j},2026-03-01\n`
        : `m${j}.${tag}@example.test,Member ${j},2026-03-01\n`;
    yield enc.encode(t);
  }
}

async function membershipCount(studioId: string) {
  const db = await getDb();
  return (await db.select({ n: count() }).from(memberships).where(eq(memberships.studioId, studioId)))[0]!.n;
}

describe("M10, J1: a large import runs as a job", () => {
  it("M10, J1: 3,000 rows: the file is stored and one job enqueued; the job imports the valid rows in one go, with the result to come back to; again adds nothing", async () => {
    const s = await makeStudio();
    const ctx = await s.staffAs("front_desk"); // T2: memberships.sell
    const plan = await makePlan(await s.owner(), PLANS.monthly());
    const { operationId } = await startImportOperation(ctx, {
      planId: plan.id,
      format: "csv",
      rows: 3000,
      fileName: "members.csv",
      source: generated(3000, "a", [10]),
    });
    expect(await getBulkOperation(ctx, operationId)).toMatchObject({
      kind: "import",
      state: "queued",
      total: 3000,
      done: 0,
      title: "members.csv → Monthly unlimited",
    });
    expect(await membershipCount(s.studio.id)).toBe(0);

    await drainJobs();
    const op = await getBulkOperation(ctx, operationId);
    expect(op).toMatchObject({ state: "completed", total: 3000, done: 3000, failed: 1 });
    expect(op.result).toMatchObject({ valid: 2999, invalid: 1, imported: 2999, alreadyImported: 0 });
    expect((op.result as { errors: unknown[] }).errors).toEqual([
      { row: 12, field: "email", message: "Enter a valid email address." },
    ]);
    expect(await membershipCount(s.studio.id)).toBe(2999);
    const db = await getDb();
    expect(await db.select().from(bulkOperationFiles).where(eq(bulkOperationFiles.operationId, operationId))).toEqual(
      [],
    );

    // A second later, so "newest first" has one answer.
    const again = await startImportOperation(
      { ...ctx, now: new Date(ctx.now.getTime() + 1000) },
      { planId: plan.id, format: "csv", rows: 3000, source: generated(3000, "a", [10]) },
    );
    await drainJobs();
    expect((await getBulkOperation(ctx, again.operationId)).result).toMatchObject({
      imported: 0,
      alreadyImported: 2999,
    });
    expect(await membershipCount(s.studio.id)).toBe(2999);
    expect((await listBulkOperations(ctx, { kind: "import" })).map((o) => o.id)).toEqual([
      again.operationId,
      operationId,
    ]);
  }, 180_000);

  it("M10: a file broken part way ends the operation failed with the reason, and writes nothing; another studio's plan is refused at once", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const plan = await makePlan(ctx, PLANS.monthly());
    const { operationId } = await startImportOperation(ctx, {
      planId: plan.id,
      format: "json",
      source: ['[{"email": "a@example.test", "startsAt": "2026-03-01"},', "{oops}]"],
    });
    await drainJobs();
    expect(await getBulkOperation(ctx, operationId)).toMatchObject({
      state: "failed",
      error: expect.stringMatching(/not valid JSON/),
    });
    expect(await membershipCount(s.studio.id)).toBe(0);

    const other = await makeStudio();
    await expect(
      startImportOperation(await other.owner(), { planId: plan.id, format: "csv", source: "email,startsAt\n" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(getBulkOperation(await other.owner(), operationId)).rejects.toMatchObject({ code: "not_found" });
  });
});
