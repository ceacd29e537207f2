import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq, gt, sql } from "drizzle-orm";
import { clients } from "@/db/schema";
import { makeStudio } from "@/test/support/fixtures";
import { inTransaction } from "./ctx";
import { encoded, statement, statementCtx } from "./statements";

const insertClient = statement((db, $: { studioId: string; id: string; name: string; createdAt: Date }) =>
  db
    .insert(clients)
    .values({ studioId: $.studioId, id: $.id, name: $.name, source: "staff", createdAt: $.createdAt })
    .returning({ id: clients.id, name: clients.name, createdAt: clients.createdAt })
    .prepare("test_insert_client"),
);

const clientsSince = statement((db, $: { studioId: string; since: Date }) =>
  db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(and(eq(clients.studioId, $.studioId), gt(clients.createdAt, encoded($.since, clients.createdAt))))
    .orderBy(clients.name)
    .prepare("test_clients_since"),
);

describe("statements built once (issue 20)", () => {
  it("run with each caller's values, on the pool and in a transaction, where they see the transaction's own writes and its rollback discards them", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const t0 = new Date("2026-05-01T10:00:00Z");
    const [ann] = await insertClient(ctx.db, { studioId: s.studio.id, id: randomUUID(), name: "Ann", createdAt: t0 });
    expect(ann).toEqual({ id: ann!.id, name: "Ann", createdAt: t0 });

    await expect(
      inTransaction(ctx, async (tx) => {
        const at = new Date(t0.getTime() + 60_000);
        await insertClient(tx.db, { studioId: s.studio.id, id: randomUUID(), name: "Bea", createdAt: at });
        // Bea is not committed: only a statement run on the transaction's own connection sees her.
        expect(await clientsSince(tx.db, { studioId: s.studio.id, since: t0 })).toEqual([
          { id: expect.any(String), name: "Bea" },
        ]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");

    expect(await clientsSince(ctx.db, { studioId: s.studio.id, since: new Date(t0.getTime() - 1) })).toEqual([
      { id: ann!.id, name: "Ann" },
    ]);
    // T2: another studio's values find nothing of this one.
    const other = await makeStudio();
    expect(await clientsSince(ctx.db, { studioId: other.studio.id, since: new Date(0) })).toEqual([]);
  });

  it("a null value stays SQL NULL in a typed column (a timestamp, a jsonb), as when a statement is built per call", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const insert = statement(
      (
        db,
        $: { studioId: string; id: string; consentAt: Date | null; questionnaire: Record<string, unknown> | null },
      ) =>
        db
          .insert(clients)
          .values({
            studioId: $.studioId,
            id: $.id,
            name: "Cal",
            source: "staff",
            marketingConsentAt: $.consentAt,
            questionnaire: $.questionnaire,
          })
          .returning({ id: clients.id })
          .prepare("test_insert_nullable"),
    );
    const at = new Date("2026-05-02T08:00:00Z");
    const [withValues] = await insert(ctx.db, {
      studioId: s.studio.id,
      id: randomUUID(),
      consentAt: at,
      questionnaire: { a: 1 },
    });
    const [withNulls] = await insert(ctx.db, {
      studioId: s.studio.id,
      id: randomUUID(),
      consentAt: null,
      questionnaire: null,
    });
    const stored = async (id: string) =>
      (
        await ctx.db
          .select({
            consentAt: clients.marketingConsentAt,
            noQuestionnaire: sql<boolean>`${clients.questionnaire} is null`,
            questionnaire: clients.questionnaire,
          })
          .from(clients)
          .where(eq(clients.id, id))
      )[0];
    expect(await stored(withValues!.id)).toEqual({ consentAt: at, noQuestionnaire: false, questionnaire: { a: 1 } });
    expect(await stored(withNulls!.id)).toEqual({ consentAt: null, noQuestionnaire: true, questionnaire: null });
  });

  it("a value left out is an error, not a statement run with something else", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    await expect(clientsSince(ctx.db, { studioId: s.studio.id } as never)).rejects.toThrow(/since/);
  });

  it("nothing of one caller is built into a statement: the build ctx has only the studio slot", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const readsTheClock = statement((db, $: { studioId: string }) => {
      const built = statementCtx(db);
      return db
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.studioId, $.studioId), sql`${clients.createdAt} < ${built.now}`))
        .prepare("test_reads_the_clock");
    });
    await expect(async () => readsTheClock(ctx.db, { studioId: s.studio.id })).rejects.toThrow(
      /pass the time as a slot/,
    );
    const readsSettings = statement((db) => {
      const built = statementCtx(db);
      return db.select({ id: clients.id }).from(clients).where(eq(clients.name, built.studio.name)).prepare("x");
    });
    await expect(async () => readsSettings(ctx.db, {})).rejects.toThrow(/the studio's name/);
  });
});
