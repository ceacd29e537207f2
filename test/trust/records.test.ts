import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, studios } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { rowsOf } from "@/lib/core/sql";
import { makeStudio, uniqueEmail, type TestStudio } from "@/test/support/fixtures";

// Issue 9 "Records": the audit log is append-only in the database itself (migration 0001), so no
// code path, however written, can rewrite history. Every statement below is refused by Postgres
// (or PGlite) with the trigger's message, and the log reads the same afterwards.

/** The database's refusal message, or "allowed". */
async function refusal(q: Promise<unknown>): Promise<string> {
  return q.then(
    () => "allowed",
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );
}

/** A studio with a few audit rows, and a snapshot of them. */
async function auditedStudio(): Promise<{ s: TestStudio; snapshot: () => Promise<unknown[]>; before: unknown[] }> {
  const s = await makeStudio();
  const owner = await s.owner();
  for (const name of ["Ada", "Bo"])
    await findOrCreateClient(owner, { email: uniqueEmail(name), name, source: "staff" });
  const db = await getDb();
  const snapshot = async () =>
    db.select().from(auditLog).where(eq(auditLog.studioId, s.studio.id)).orderBy(auditLog.id);
  const before = await snapshot();
  expect(before.map((r) => (r as { action: string }).action)).toEqual([
    "studio.created",
    "client.created",
    "client.created",
  ]);
  return { s, snapshot, before };
}

describe("the audit log is append-only in the database (issue 9 Records, P1 audit)", () => {
  it("issue 9: UPDATE is refused, however it is phrased", async () => {
    const { s, snapshot, before } = await auditedStudio();
    const db = await getDb();
    const id = s.studio.id;
    const statements = [
      sql`update audit_log set action = 'forged' where studio_id = ${id}`,
      sql`update audit_log set data = null, actor_id = null where studio_id = ${id} and action = 'client.created'`,
      sql`update audit_log set at = now() - interval '1 year' where studio_id = ${id}`,
      // An upsert that hits an existing row is an UPDATE too.
      sql`insert into audit_log (studio_id, id, actor_type, action, table_name, at)
          overriding system value
          select studio_id, id, 'system', 'forged', 'x', now() from audit_log where studio_id = ${id}
          on conflict (studio_id, id) do update set action = 'forged'`,
      sql`with changed as (update audit_log set action = 'forged' where studio_id = ${id} returning id) select count(*) from changed`,
    ];
    for (const statement of statements)
      expect(await refusal(db.execute(statement))).toMatch(/audit_log is append-only: UPDATE is not allowed/);
    expect(await snapshot()).toEqual(before);
  });

  it("issue 9: DELETE is refused, directly, through a CTE, and by deleting the studio the rows belong to", async () => {
    const { s, snapshot, before } = await auditedStudio();
    const db = await getDb();
    const id = s.studio.id;
    expect(await refusal(db.execute(sql`delete from audit_log where studio_id = ${id}`))).toMatch(
      /append-only: DELETE is not allowed/,
    );
    expect(
      await refusal(db.execute(sql`delete from audit_log where studio_id = ${id} and action = 'client.created'`)),
    ).toMatch(/append-only: DELETE/);
    expect(
      await refusal(
        db.execute(
          sql`with gone as (delete from audit_log where studio_id = ${id} returning id) select count(*) from gone`,
        ),
      ),
    ).toMatch(/append-only: DELETE/);
    // The log keeps its studio: the studio row cannot go while history points at it.
    expect(await refusal(db.delete(studios).where(eq(studios.id, id)))).not.toBe("allowed");
    expect(await snapshot()).toEqual(before);
    expect(await db.select().from(studios).where(eq(studios.id, id))).toHaveLength(1);
  });

  it("issue 9: TRUNCATE is refused, also when it arrives by cascade from the studios table", async () => {
    const { snapshot, before } = await auditedStudio();
    const db = await getDb();
    for (const statement of [
      sql`truncate audit_log`,
      sql`truncate only audit_log restart identity`,
      sql`truncate audit_log cascade`,
      sql`truncate studios cascade`,
    ]) {
      expect(await refusal(db.execute(statement))).toMatch(/audit_log is append-only: TRUNCATE is not allowed/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("issue 9: a refusal inside a transaction rolls back the whole transaction, including the writes before it", async () => {
    const { s, snapshot, before } = await auditedStudio();
    const db = await getDb();
    const err = await refusal(
      db.transaction(async (tx) => {
        await tx.execute(sql`update studios set name = 'Renamed by a rogue verb' where id = ${s.studio.id}`);
        await tx.execute(sql`delete from audit_log where studio_id = ${s.studio.id}`);
      }),
    );
    expect(err).toMatch(/append-only: DELETE/);
    const [studio] = await db.select().from(studios).where(eq(studios.id, s.studio.id));
    expect(studio!.name).toBe(s.studio.name);
    expect(await snapshot()).toEqual(before);
  });

  it("issue 9: appending still works, and the guard is two enabled triggers raising insufficient_privilege (42501)", async () => {
    const { s, snapshot, before } = await auditedStudio();
    const db = await getDb();
    await findOrCreateClient(await s.owner(), { email: uniqueEmail("cy"), name: "Cy", source: "staff" });
    expect(await snapshot()).toHaveLength(before.length + 1);
    const triggers = rowsOf<{ name: string; enabled: string; fn: string }>(
      await db.execute(sql`
        select t.tgname as name, t.tgenabled as enabled, p.proname as fn
        from pg_trigger t join pg_proc p on p.oid = t.tgfoid
        where t.tgrelid = 'audit_log'::regclass and not t.tgisinternal
        order by t.tgname`),
    );
    expect(triggers).toEqual([
      { name: "audit_log_no_truncate", enabled: "O", fn: "roster_refuse_audit_change" },
      { name: "audit_log_no_update_delete", enabled: "O", fn: "roster_refuse_audit_change" },
    ]);
    const code = await db.execute(sql`delete from audit_log where studio_id = ${s.studio.id}`).then(
      () => "allowed",
      (e: Error & { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
    );
    expect(code).toBe("42501");
  });
});
