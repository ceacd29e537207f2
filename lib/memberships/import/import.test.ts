import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, clients, membershipLedger, memberships, payments } from "@/db/schema";
import { findOrCreateClient, findOrCreateClientsBatch } from "@/lib/clients/find-or-create-client";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { archivePlan } from "@/lib/plans/plans";
import { assignMembership } from "../assign-membership";
import { csvRecords } from "./csv";
import { parseStudioInstant } from "@/lib/core/time";
import { jsonItems } from "./json";
import { IMPORT_BATCH_SIZE, previewImport, runImport, type ImportProgress } from "./index";

const T0 = new Date("2026-03-02T09:00:00Z");

async function counts(s: TestStudio) {
  const db = await getDb();
  const n = async (table: typeof clients | typeof memberships | typeof membershipLedger | typeof payments) =>
    (await db.select({ n: count() }).from(table).where(eq(table.studioId, s.studio.id)))[0]!.n;
  return {
    clients: await n(clients),
    memberships: await n(memberships),
    ledger: await n(membershipLedger),
    payments: await n(payments),
  };
}

function csv(...lines: string[]) {
  return lines.join("\n") + "\n";
}

/** Chunks of a generated CSV, never the whole text at once. */
async function* generatedCsv(rows: number, tag: string, chunkRows = 250): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode("email,name,startsAt\n");
  for (let i = 0; i < rows; i += chunkRows) {
    let text = "";
    for (let j = i; j < Math.min(rows, i + chunkRows); j++)
      text += `m${j}.${tag}@example.test,Member ${j},2026-03-01\n`;
    yield enc.encode(text);
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* pieces(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)) {
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

describe("M10 import: reading files in pieces", () => {
  it("M10: a JSON array reads the same however the text is cut into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        async (items, cuts, pretty) => {
          const text = JSON.stringify(items, null, pretty ? 2 : undefined);
          const read = await collect(jsonItems(pieces(text, cuts)));
          expect(read.map((r) => r.value)).toEqual(JSON.parse(text));
          expect(read.map((r) => r.row)).toEqual(items.map((_, i) => i + 1));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("M10: a CSV reads the same however the text is cut into chunks", async () => {
    const cell = fc.string({ maxLength: 8 }).map((s) => s.trim());
    const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (rows, cuts) => {
          const text = ["email,name,startsAt", ...rows.map((r) => r.map(quote).join(","))].join("\n") + "\n";
          const read = await collect(csvRecords(pieces(text, cuts)));
          expect(read[0]!.values).toEqual(["email", "name", "startsAt"]);
          expect(read.slice(1).map((r) => r.values)).toEqual(rows.map((r) => r.map((v) => v.trim())));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("M10 import: preview", () => {
  it("M10: the preview lists every row's errors and writes nothing", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const file = csv(
      "Email,Name,Phone,Starts At,endsAt,sessionsRemaining",
      "ana@example.test,Ana,+48 600 100 200,2026-03-01,,", // 2 ok
      "not-an-email,Bad Email,,2026-03-01,,", // 3 email
      "ben@example.test,Ben,,2026-03-10,2026-03-01,", // 4 end before start
      "ANA@example.test,Ana again,,2026-03-01,,", // 5 duplicate of row 2
      "cy@example.test,Cy,,2026-03-01,,5", // 6 sessions on a non-pack plan
      "",
      "dee@example.test,Dee,,yesterday,,", // 8 bad date
      "eve@example.test,,,2026-03-01T18:00:00+01:00,,", // 9 ok, no name
    );
    const preview = await previewImport(ctx, { planId: plan.id, format: "csv", source: file });
    expect(preview).toMatchObject({ valid: 2, invalid: 5, moreErrors: 0, alreadyImported: 0 });
    expect(preview.errors.map((e) => [e.row, e.field])).toEqual([
      [3, "email"],
      [4, "endsAt"],
      [5, "email"],
      [6, "sessionsRemaining"],
      [8, "startsAt"],
    ]);
    expect(preview.errors[1]!.message).toBe("The end must be after the start.");
    expect(preview.errors[2]!.message).toMatch(/Row 2 already has this email/);
    expect(preview.sample.map((r) => [r.row, r.email, r.name])).toEqual([
      [2, "ana@example.test", "Ana"],
      [9, "eve@example.test", "eve"],
    ]);
    expect(preview.sample[1]!.startsAt).toBe("2026-03-01T17:00:00.000Z");
    expect(await counts(s)).toEqual({ clients: 0, memberships: 0, ledger: 0, payments: 0 });
  });

  it("M10: an unknown column is listed once and makes its rows invalid; a missing start column once too", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const rows = Array.from({ length: 30 }, (_, i) => `p${i}@example.test,2026-03-01,hello`);
    const unknown = await previewImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv("email,startsAt,notes", ...rows),
    });
    expect(unknown).toMatchObject({ valid: 0, invalid: 30 });
    expect(unknown.errors).toEqual([
      { row: 1, field: "notes", message: expect.stringMatching(/^Unknown column "notes"/) },
    ]);

    const missing = await previewImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv("email,name", "a@example.test,A", "b@example.test,B"),
    });
    expect(missing).toMatchObject({ valid: 0, invalid: 2 });
    expect(missing.errors).toEqual([
      { row: 1, field: "startsAt", message: expect.stringMatching(/no startsAt column/) },
    ]);

    const tooMany = await previewImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv("email,startsAt", "a@example.test,2026-03-01,extra"),
    });
    expect(tooMany.errors).toEqual([
      { row: 2, field: "_", message: "This row has 3 values but the header has 2 columns." },
    ]);
  });

  it("M10: semicolon-separated CSV from a spreadsheet reads the same", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const preview = await previewImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: '\ufeffemail;name;startsAt\r\nzoe@example.test;"Zoë; the second";2026-03-01\r\n',
    });
    expect(preview).toMatchObject({ valid: 1, invalid: 0 });
    expect(preview.sample[0]!.name).toBe("Zoë; the second");
  });

  it("M10: a date means midnight in the studio's time zone; the end defaults to the plan's period", async () => {
    const s = await makeStudio({ timezone: "America/New_York" });
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30));
    const result = await runImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv("email,startsAt", "ny@example.test,2026-03-01", "ny2@example.test,2026-07-01"),
    });
    expect(result.imported).toBe(2);
    const db = await getDb();
    const rows = await db
      .select()
      .from(memberships)
      .where(eq(memberships.studioId, s.studio.id))
      .orderBy(memberships.startsAt);
    expect(rows.map((m) => m.startsAt.toISOString())).toEqual(["2026-03-01T05:00:00.000Z", "2026-07-01T04:00:00.000Z"]);
    expect(rows[0]!.endsAt!.toISOString()).toBe("2026-03-31T05:00:00.000Z");
    // Wall-clock times without an offset are the studio's too; a skipped DST hour moves forward.
    expect(parseStudioInstant("2026-03-08T02:30", "America/New_York")!.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(parseStudioInstant("2026-02-30", "Europe/Warsaw")).toBeNull();
    expect(parseStudioInstant("2026-03-01T09:00:00Z", "Europe/Warsaw")!.toISOString()).toBe("2026-03-01T09:00:00.000Z");
  });
});

describe("M10 import: confirm", () => {
  it("M10: confirm writes the valid rows: clients (C1), import memberships, pack ledger (S2), member-since (C3), no payments, one audit row", async () => {
    const s = await makeStudio();
    const ctx = await s.staffAs("front_desk", T0);
    const owner = await s.owner(T0);
    const pack = await makePlan(owner, PLANS.pack(10, 60));
    const file = csv(
      "email,name,startsAt,sessionsRemaining,paypalSubscriptionId",
      "pia@example.test,Pia,2026-02-01,4,I-PAYPAL1",
      "pia@example.test,Pia,2026-01-01,,",
      "bad,Nope,2026-02-01,,",
      "raf@example.test,Raf,2026-02-15T10:00:00+01:00,,",
    );
    const result = await runImport(ctx, { planId: pack.id, format: "csv", source: file });
    expect(result).toMatchObject({ valid: 3, invalid: 1, imported: 3, alreadyImported: 0 });
    expect(result.errors).toEqual([{ row: 4, field: "email", message: "Enter a valid email address." }]);
    expect(await counts(s)).toEqual({ clients: 2, memberships: 3, ledger: 3, payments: 0 });

    const db = await getDb();
    const [pia] = await db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.emailNormalized, "pia@example.test")));
    expect(pia).toMatchObject({ name: "Pia", source: "import" });
    expect(pia!.memberSince!.toISOString()).toBe("2025-12-31T23:00:00.000Z");
    const piaPacks = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.studioId, s.studio.id), eq(memberships.clientId, pia!.id)))
      .orderBy(memberships.startsAt);
    expect(piaPacks.map((m) => [m.source, m.sessionsTotal, m.sessionsRemaining, m.paypalSubscriptionId])).toEqual([
      ["import", 10, 10, null],
      ["import", 10, 4, "I-PAYPAL1"],
    ]);
    expect(piaPacks[1]!.endsAt!.getTime() - piaPacks[1]!.startsAt.getTime()).toBe(60 * 86_400_000);
    const [ledger] = await db
      .select()
      .from(membershipLedger)
      .where(and(eq(membershipLedger.studioId, s.studio.id), eq(membershipLedger.membershipId, piaPacks[1]!.id)));
    expect(ledger).toMatchObject({
      delta: 4,
      balanceAfter: 4,
      reason: "purchased",
      actorType: "staff",
      note: "Started with 4 of 10 sessions",
    });

    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.action, "membership.imported")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({ format: "csv", valid: 3, invalid: 1, imported: 3 });
  });

  it("M10: the same file twice adds nothing, and the preview says so", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const pack = await makePlan(ctx, PLANS.pack(5, 30));
    const file = csv(
      "email,startsAt",
      "one@example.test,2026-03-01",
      "two@example.test,2026-03-01",
      "two@example.test,2026-04-01",
    );
    const first = await runImport(ctx, { planId: pack.id, format: "csv", source: file });
    expect(first.imported).toBe(3);
    const before = await counts(s);

    const again = await previewImport(ctx, { planId: pack.id, format: "csv", source: file });
    expect(again).toMatchObject({ valid: 3, alreadyImported: 3 });
    // Same people and starts written another way (JSON, other case, explicit midnight) are still the same memberships.
    const json = JSON.stringify([
      { email: "ONE@example.test", startsAt: "2026-03-01T00:00:00+01:00" },
      { email: "two@example.test", startsAt: "2026-03-01" },
      { email: "two@example.test", startsAt: "2026-04-01" },
    ]);
    const second = await runImport(ctx, { planId: pack.id, format: "json", source: json });
    expect(second).toMatchObject({ valid: 3, imported: 0, alreadyImported: 3 });
    expect(await counts(s)).toEqual(before);
    expect(before).toMatchObject({ memberships: 3, ledger: 3 });
  });

  it("M10: a JSON array of objects imports by the same rules; odd items are listed by position", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const pack = await makePlan(ctx, PLANS.pack(8, 60));
    const json = `[
      {"email": "jo@example.test", "name": "Jo \\"JJ\\" [Smith]", "startsAt": "2026-03-01", "sessionsRemaining": 3},
      "just text",
      {"email": "kai@example.test", "startsAt": "2026-03-01", "favouriteColour": "blue"},
      {"email": "lu@example.test", "startsAt": "2026-03-01", "sessionsRemaining": -1},
      {"email": "max@example.test", "startsAt": "2026-03-01", "favouriteColour": "red", "phone": null},
      {"email": "nia@example.test", "startsAt": "2026-03-01", "name": {"first": "Nia"}, "phone": 48600100200}
    ]`;
    const preview = await previewImport(ctx, { planId: pack.id, format: "json", source: json });
    expect(preview).toMatchObject({ valid: 1, invalid: 5 });
    expect(preview.errors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, "_", 'Each item must be an object such as {"email": "…", "startsAt": "2026-03-01"}.'],
      [3, "favouriteColour", expect.stringMatching(/^Unknown field "favouriteColour"/)],
      [4, "sessionsRemaining", "Sessions left cannot be negative."],
      [6, "name", "Give name as text."],
    ]);
    expect(preview.sample[0]).toMatchObject({ row: 1, name: 'Jo "JJ" [Smith]', sessions: 3 });
    const done = await runImport(ctx, { planId: pack.id, format: "json", source: json });
    expect(done.imported).toBe(1);
    expect(await counts(s)).toMatchObject({ clients: 1, memberships: 1, ledger: 1 });
  });

  it("C1: emails in any case or with spaces match existing clients, which stay as they were", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const { client } = await findOrCreateClient(ctx, {
      email: "Kim.Lee@Example.test",
      name: "Kim Lee",
      source: "staff",
    });
    const result = await runImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv(
        "email,name,startsAt",
        '"  KIM.LEE@example.TEST ",Someone Else,2026-03-01',
        "new.person@example.test,New,2026-03-01",
      ),
    });
    expect(result.imported).toBe(2);
    const db = await getDb();
    const all = await db.select().from(clients).where(eq(clients.studioId, s.studio.id));
    expect(all).toHaveLength(2);
    const kim = all.find((c) => c.id === client.id)!;
    expect(kim).toMatchObject({ name: "Kim Lee", email: "Kim.Lee@Example.test", source: "staff" });
    expect(kim.memberSince).not.toBeNull();

    // The batch function itself: one call, existing and new, duplicates in the batch once.
    const map = await findOrCreateClientsBatch(
      ctx,
      [
        { email: "kim.lee@EXAMPLE.test", name: "X" },
        { email: "fresh@example.test", name: "Fresh" },
        { email: "FRESH@example.test", name: "Fresh twice" },
      ],
      "import",
    );
    expect(map.get("kim.lee@example.test")).toBe(client.id);
    expect(map.size).toBe(2);
    expect((await db.select().from(clients).where(eq(clients.studioId, s.studio.id))).length).toBe(3);
  });

  it("M10: an import makes existing clients members since their earliest start, new ones from creation (C3)", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    await findOrCreateClient(ctx, { email: "never@example.test", name: "Never", source: "staff" });
    await assignMembership(ctx, {
      planId: plan.id,
      email: "late@example.test",
      name: "Late",
      startsAt: new Date("2026-06-01T00:00:00Z"),
    });
    await runImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv(
        "email,name,startsAt",
        "never@example.test,Never,2026-02-01T00:00:00Z",
        "late@example.test,Late,2026-01-01T00:00:00Z",
        "new@example.test,New,2026-03-01T00:00:00Z",
        "new@example.test,New,2026-02-15T00:00:00Z",
      ),
    });
    const db = await getDb();
    const since = Object.fromEntries(
      (
        await db
          .select({ email: clients.emailNormalized, memberSince: clients.memberSince })
          .from(clients)
          .where(eq(clients.studioId, s.studio.id))
      ).map((c) => [c.email, c.memberSince?.toISOString()]),
    );
    expect(since).toEqual({
      "never@example.test": "2026-02-01T00:00:00.000Z",
      "late@example.test": "2026-01-01T00:00:00.000Z",
      "new@example.test": "2026-02-15T00:00:00.000Z",
    });
  });

  it("M10: member-since is never moved later by an import (C3)", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const { membership } = await assignMembership(ctx, {
      planId: plan.id,
      email: "early@example.test",
      name: "Early",
      startsAt: new Date("2025-01-01T00:00:00Z"),
    });
    await runImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: csv("email,startsAt", "early@example.test,2026-03-01"),
    });
    const db = await getDb();
    const [c] = await db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.id, membership.clientId!)));
    expect(c!.memberSince!.toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });
});

describe("M10 import: refusals and rollback", () => {
  it("M10: a file that is not UTF-8 is refused whole and writes nothing; a character split across chunks is fine", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const enc = new TextEncoder();
    // Latin-1 "Zoë" as a spreadsheet in another encoding would save it.
    const latin1 = [
      enc.encode("email,name,startsAt\nzoe@example.test,Zo"),
      new Uint8Array([0xeb]),
      enc.encode(",2026-03-01\n"),
    ];
    for (const verb of [previewImport, runImport]) {
      const err = await verb(ctx, { planId: plan.id, format: "csv", source: latin1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).message).toMatch(/not UTF-8/);
      expect((err as InvalidInputError).fields).toHaveProperty("data");
    }
    expect(await counts(s)).toMatchObject({ clients: 0, memberships: 0 });

    const bytes = enc.encode("email,name,startsAt\nzoe@example.test,Zoë,2026-03-01\n");
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of ë
    const ok = await runImport(ctx, {
      planId: plan.id,
      format: "csv",
      source: [bytes.slice(0, split), bytes.slice(split)],
    });
    expect(ok.imported).toBe(1);
    expect(ok.sample[0]!.name).toBe("Zoë");
  });

  it("M10: malformed files are refused whole with a clear message", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const cases: [format: "csv" | "json", source: string, message: RegExp][] = [
      ["csv", 'email,startsAt\n"a@example.test,2026-03-01\n', /quote is opened and never closed/],
      ["csv", "", /file is empty/],
      ["csv", "\n\nemail,startsAt\n", /first row must be the header/],
      ["json", '{"email": "a@example.test"}', /does not start with \[/],
      ["json", '[{"email": "a@example.test", "startsAt": "2026-03-01"}', /ends before the closing \]/],
      ["json", '[{"email": "a@example.test", startsAt: 1}]', /item 1 does not parse/],
      ["json", "[] []", /text after the closing \]/],
      ["json", "", /file is empty/],
    ];
    for (const [format, source, message] of cases) {
      await expect(runImport(ctx, { planId: plan.id, format, source })).rejects.toThrow(message);
    }
    expect(await previewImport(ctx, { planId: plan.id, format: "json", source: " [ ] " })).toMatchObject({
      valid: 0,
      invalid: 0,
    });
    expect(await counts(s)).toMatchObject({ clients: 0, memberships: 0 });
  });

  it("M10: a file that breaks after the first batch was written rolls every row back (one transaction)", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const pack = await makePlan(ctx, PLANS.pack(5, 30));
    const enc = new TextEncoder();

    // A broken byte after 1,500 good rows: the first batch of 1,000 is already written when it is found.
    async function* brokenTail() {
      yield* generatedCsv(1500, "tail");
      yield new Uint8Array([0xff, 0x0a]);
    }
    const seen: ImportProgress[] = [];
    await expect(
      runImport(ctx, { planId: pack.id, format: "csv", source: brokenTail(), onProgress: (p) => void seen.push(p) }),
    ).rejects.toThrow(/not UTF-8/);
    expect(seen.at(-1)?.processed).toBeGreaterThanOrEqual(1000);
    expect(await counts(s)).toEqual({ clients: 0, memberships: 0, ledger: 0, payments: 0 });

    // An upload that drops part way (the stream errors) writes nothing either.
    let sent = 0;
    const dropped = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1200) return controller.error(new Error("connection reset"));
        let text = "";
        if (sent === 0) text += "email,startsAt\n";
        for (let i = 0; i < 300; i++, sent++) text += `d${sent}@example.test,2026-03-01\n`;
        controller.enqueue(enc.encode(text));
      },
    });
    await expect(runImport(ctx, { planId: pack.id, format: "csv", source: dropped })).rejects.toThrow(
      "connection reset",
    );
    expect(await counts(s)).toEqual({ clients: 0, memberships: 0, ledger: 0, payments: 0 });
  });

  it("M10: an archived plan or another studio's plan is refused; members may not import; the front desk may (T2)", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const theirs = await makePlan(await other.owner(T0), PLANS.monthly());
    const source = csv("email,startsAt", "a@example.test,2026-03-01");
    await expect(runImport(ctx, { planId: theirs.id, format: "csv", source })).rejects.toBeInstanceOf(NotFoundError);
    const { client } = await findOrCreateClient(ctx, { email: "member@example.test", name: "Member", source: "staff" });
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    await expect(previewImport(member, { planId: plan.id, format: "csv", source })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      (await previewImport(await s.staffAs("front_desk", T0), { planId: plan.id, format: "csv", source })).valid,
    ).toBe(1);
    await archivePlan(ctx, plan.id);
    for (const verb of [previewImport, runImport]) {
      await expect(verb(ctx, { planId: plan.id, format: "csv", source })).rejects.toMatchObject({
        code: "plan_archived",
      });
    }
    await expect(runImport(ctx, { planId: plan.id, format: "csv", source })).rejects.toBeInstanceOf(RuleError);
    expect(await counts(s)).toMatchObject({ clients: 1, memberships: 0 });
  });
});

describe("M10 import: concurrency", () => {
  it(
    "M10, C1: two imports of overlapping files at once both finish; each person is one client, each membership one row",
    { timeout: 120_000 },
    async () => {
      const s = await makeStudio();
      const ctx = await s.owner(T0);
      const plan = await makePlan(ctx, PLANS.monthly());
      const lines = Array.from({ length: 1500 }, (_, i) => `race${i}@example.test,2026-03-01`);
      const forward = csv("email,startsAt", ...lines);
      const backward = csv("email,startsAt", ...[...lines].reverse(), "extra@example.test,2026-03-01");
      const [a, b] = await Promise.all([
        runImport(ctx, { planId: plan.id, format: "csv", source: forward }),
        runImport(ctx, { planId: plan.id, format: "csv", source: backward }),
      ]);
      expect(a.imported + b.imported).toBe(1501);
      expect(await counts(s)).toMatchObject({ clients: 1501, memberships: 1501 });
    },
  );
});

describe("M10 import: size", () => {
  const ROWS = 5_000;
  it(
    "M10: 5,000 generated rows import streamed in batches of IMPORT_BATCH_SIZE, with monotonic progress (the 100,000-row scale is bench/import-export.ts)",
    { timeout: 120_000 },
    async () => {
      const s = await makeStudio();
      const ctx = await s.owner(T0);
      const pack = await makePlan(ctx, PLANS.pack(10, 90));
      const seen: ImportProgress[] = [];
      const result = await runImport(ctx, {
        planId: pack.id,
        format: "csv",
        source: generatedCsv(ROWS, "big"),
        onProgress: (p) => void seen.push(p),
      });
      expect(result).toMatchObject({ valid: ROWS, invalid: 0, imported: ROWS });
      expect(seen.length).toBeGreaterThanOrEqual(ROWS / IMPORT_BATCH_SIZE);
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i]!.processed).toBeGreaterThanOrEqual(seen[i - 1]!.processed);
        expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes);
      }
      expect(seen.at(-1)!.processed).toBe(ROWS);
      expect(await counts(s)).toEqual({ clients: ROWS, memberships: ROWS, ledger: ROWS, payments: 0 });
    },
  );
});
