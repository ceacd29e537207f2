import { beforeEach, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { memberships } from "@/db/schema";
import { getBulkOperation } from "@/lib/bulk/operations";
import type { Ctx } from "@/lib/core/ctx";
import { drainJobs } from "@/lib/jobs";
import { makeStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";

// The staff session comes from next-auth's cookie; here it is whichever ctx the test sets.
let session: Ctx | null = null;
vi.mock("@/lib/auth/context", () => ({ getStaffContext: async () => session }));
const { POST } = await import("./route");

type Event = { type: string; [k: string]: unknown };

async function upload(query: string, chunks: string[], headers: Record<string, string> = {}) {
  const enc = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < chunks.length) c.enqueue(enc.encode(chunks[i++]));
      else c.close();
    },
  });
  const res = await POST(
    new Request(`http://localhost/dashboard/memberships/import/upload?${query}`, {
      method: "POST",
      body,
      headers,
      duplex: "half",
    } as RequestInit),
  );
  const text = await res.text();
  const events = text.trim()
    ? (text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)) as Event[])
    : [];
  return { status: res.status, type: res.headers.get("content-type"), events };
}

function rows(n: number, from = 0) {
  let t = "";
  for (let i = from; i < from + n; i++) t += `u${i}@example.test,User ${i},2026-03-01\n`;
  return t;
}

describe("dashboard import upload (M10)", () => {
  beforeEach(() => {
    session = null;
  });

  it("401 without a staff session; 403 from another site", async () => {
    expect((await upload("planId=x&format=csv&mode=preview", ["email\n"])).status).toBe(401);
    const s = await makeStudio();
    session = await s.owner();
    const plan = await makePlan(session, PLANS.monthly());
    const res = await upload(`planId=${plan.id}&format=csv&mode=preview`, ["email\n"], {
      "sec-fetch-site": "cross-site",
    });
    expect(res.status).toBe(403);
  });

  it("M10: preview streams progress then the counts, writing nothing; import writes; progress is monotonic", async () => {
    const s = await makeStudio();
    session = await s.staffAs("front_desk");
    const plan = await makePlan(await s.owner(), PLANS.monthly());
    const chunks = ["email,name,startsAt\n", rows(1200), "bad-email,X,2026-03-01\n", rows(900, 1200)];
    const preview = await upload(`planId=${plan.id}&format=csv&mode=preview`, chunks);
    expect(preview.status).toBe(200);
    expect(preview.type).toMatch(/ndjson/);
    const last = preview.events.at(-1)!;
    expect(last).toMatchObject({ type: "done", mode: "preview", valid: 2100, invalid: 1, imported: 0 });
    expect(last.errors).toEqual([{ row: 1202, field: "email", message: "Enter a valid email address." }]);
    expect(preview.events.filter((e) => e.type === "progress").length).toBeGreaterThanOrEqual(2);
    const db = await getDb();
    const n = async () =>
      (await db.select({ n: count() }).from(memberships).where(eq(memberships.studioId, s.studio.id)))[0]!.n;
    expect(await n()).toBe(0);

    // Up to IMPORT_INLINE_MAX_ROWS rows the import runs in the request, its progress streamed.
    const small = ["email,name,startsAt\n", rows(1200), "bad-email,X,2026-03-01\n", rows(300, 1200)];
    const run = await upload(`planId=${plan.id}&format=csv&mode=import&rows=1501`, small);
    const progress = run.events.filter((e) => e.type === "progress") as unknown as {
      processed: number;
      total: number;
    }[];
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p) => p.total === 1501)).toBe(true);
    expect(progress.map((p) => p.processed)).toEqual([...progress.map((p) => p.processed)].sort((a, b) => a - b));
    expect(run.events.at(-1)).toMatchObject({ type: "done", mode: "import", imported: 1500, invalid: 1 });
    expect(await n()).toBe(1500);

    // J1: above it, the file is stored and a job imports it; the answer names the operation to follow.
    const big = await upload(`planId=${plan.id}&format=csv&mode=import&rows=2101&name=members.csv`, chunks);
    const queued = big.events.at(-1) as { type: string; operationId: string };
    expect(queued).toMatchObject({ type: "queued", operationId: expect.any(String) });
    expect(await n()).toBe(1500);
    await drainJobs();
    expect(await getBulkOperation(session!, queued.operationId)).toMatchObject({
      state: "completed",
      title: "members.csv → Monthly unlimited",
      result: { imported: 600, alreadyImported: 1500, invalid: 1 },
    });
    expect(await n()).toBe(2100);
  }, 120_000);

  it("M10: a broken file or another studio's plan ends in an error event, and nothing is written", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    session = await s.owner();
    const theirs = await makePlan(await other.owner(), PLANS.monthly());
    const missing = await upload(`planId=${theirs.id}&format=csv&mode=import`, ["email,startsAt\n", rows(3)]);
    expect(missing.events.at(-1)).toMatchObject({ type: "error", code: "not_found" });

    const plan = await makePlan(session, PLANS.monthly());
    const broken = await upload(`planId=${plan.id}&format=json&mode=import`, [
      '[{"email": "a@example.test", "startsAt": "2026-03-01"},',
      "{oops}]",
    ]);
    expect(broken.events.at(-1)).toMatchObject({
      type: "error",
      code: "invalid_input",
      message: expect.stringMatching(/not valid JSON/),
    });
    const db = await getDb();
    expect((await db.select({ n: count() }).from(memberships).where(eq(memberships.studioId, s.studio.id)))[0]!.n).toBe(
      0,
    );
    expect((await upload(`planId=${plan.id}&format=xml&mode=import`, ["x"])).status).toBe(400);
  });
});
