import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, membershipLedger, memberships, studios } from "@/db/schema";
import { DEMO, seedDemoIfEmpty } from "./seed";

describe("demo data", () => {
  it("fills an empty database once, through the domain verbs, with balanced ledgers", async () => {
    const db = await getDb();
    expect(await seedDemoIfEmpty(db)).toEqual(DEMO);
    expect(await seedDemoIfEmpty(db)).toBeNull();
    const [studio] = await db.select().from(studios).where(eq(studios.slug, DEMO.slug));
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(clients).where(eq(clients.studioId, studio!.id))) as [{ n: number }];
    expect(n).toBe(200);
    const unbalanced = await db.execute(sql`
      select m.id from ${memberships} m
      left join ${membershipLedger} l on l.studio_id = m.studio_id and l.membership_id = m.id
      where m.sessions_remaining is not null
      group by m.id, m.sessions_remaining having coalesce(sum(l.delta), 0) <> m.sessions_remaining`);
    expect((Array.isArray(unbalanced) ? unbalanced : (unbalanced as { rows: unknown[] }).rows).length).toBe(0);
  }, 180_000);
});
