import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, clients } from "@/db/schema";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { InvalidInputError } from "@/lib/core/errors";
import { testDatabaseMode } from "@/test/support/test-database";
import { findOrCreateClient } from "./find-or-create-client";

describe("findOrCreateClient", () => {
  it("C1: the same email in any case or spacing finds the same client", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const email = uniqueEmail("ana");
    const first = await findOrCreateClient(ctx, { email, name: "Ana", source: "staff" });
    const again = await findOrCreateClient(ctx, {
      email: `  ${email.toUpperCase()} `,
      name: "Ana B",
      source: "booking",
    });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.client.id).toBe(first.client.id);
    expect(again.client.name).toBe("Ana");
    const rows = await ctx.db.select().from(clients).where(eq(clients.studioId, s.studio.id));
    expect(rows).toHaveLength(1);
  });

  it("C1: the same email is a separate client in another studio", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const email = uniqueEmail("shared");
    const inA = await findOrCreateClient(await a.owner(), { email, name: "Kim", source: "staff" });
    const inB = await findOrCreateClient(await b.owner(), { email, name: "Kim", source: "staff" });
    expect(inB.created).toBe(true);
    expect(inB.client.id).not.toBe(inA.client.id);
    expect(inB.client.studioId).toBe(b.studio.id);
  });

  it("C1: concurrent creations of one email make one client", async () => {
    const s = await makeStudio();
    const email = uniqueEmail("race");
    const ctx = await s.owner();
    const results = await Promise.all(
      Array.from({ length: testDatabaseMode() === "postgres" ? 12 : 4 }, () =>
        findOrCreateClient(ctx, { email, name: "Racer", source: "booking" }),
      ),
    );
    expect(new Set(results.map((r) => r.client.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("C2: records source, consent time and audit", async () => {
    const s = await makeStudio();
    const now = new Date("2026-03-01T10:00:00Z");
    const ctx = await s.owner(now);
    const { client } = await findOrCreateClient(ctx, {
      email: uniqueEmail(),
      name: "Lea",
      phone: "+48 600 100 200",
      emergencyContact: { name: "Tom", phone: "+48 600 000 000" },
      marketingConsent: true,
      source: "portal",
    });
    expect(client.source).toBe("portal");
    expect(client.marketingConsentAt?.toISOString()).toBe(now.toISOString());
    expect(client.emergencyContactName).toBe("Tom");
    const db = await getDb();
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.rowId, client.id)));
    expect(audits.map((a) => a.action)).toEqual(["client.created"]);
  });

  it("refuses a malformed email and writes nothing", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    await expect(findOrCreateClient(ctx, { email: "not-an-email", name: "X", source: "staff" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    const rows = await ctx.db.select().from(clients).where(eq(clients.studioId, s.studio.id));
    expect(rows).toHaveLength(0);
  });
});
