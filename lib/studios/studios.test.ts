import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, staff } from "@/db/schema";
import { ForbiddenError, InvalidInputError } from "@/lib/core/errors";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { createStudio } from "./create-studio";
import { updateStudioSettings } from "./settings";

describe("studios", () => {
  it("derives a free slug from the name", async () => {
    const db = await getDb();
    const name = `Yoga Loft ${Date.now()}`;
    const a = await createStudio(db, { name, ownerEmail: uniqueEmail(), ownerPassword: TEST_PASSWORD });
    const b = await createStudio(db, { name, ownerEmail: uniqueEmail(), ownerPassword: TEST_PASSWORD });
    expect(b.studio.slug).toBe(`${a.studio.slug}-2`);
  });

  it("an existing login must prove its password to own another studio", async () => {
    const db = await getDb();
    const s = await makeStudio();
    await expect(
      createStudio(db, { name: "Second", ownerEmail: s.ownerEmail, ownerPassword: "not the password" }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const second = await createStudio(db, { name: "Second", ownerEmail: s.ownerEmail, ownerPassword: TEST_PASSWORD });
    expect(second.owner.id).toBe(s.ownerId);
    const rows = await db.select().from(staff).where(eq(staff.userId, s.ownerId));
    expect(rows).toHaveLength(2);
  });

  it("only owners change settings (docs/rules.md staff roles)", async () => {
    const s = await makeStudio();
    await expect(updateStudioSettings(await s.instructor(), { lateCancelHours: 4 })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const updated = await updateStudioSettings(await s.owner(), { lateCancelHours: 4, timezone: "Asia/Tokyo" });
    expect(updated.settings.lateCancelHours).toBe(4);
    expect(updated.timezone).toBe("Asia/Tokyo");
  });

  it("the audit log refuses UPDATE, DELETE and TRUNCATE", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const rows = await db.select().from(auditLog).where(eq(auditLog.studioId, s.studio.id));
    expect(rows.map((r) => r.action)).toContain("studio.created");
    const refusal = (q: Promise<unknown>) =>
      q.then(
        () => "allowed",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(db.execute(sql`update audit_log set action = 'x' where studio_id = ${s.studio.id}`))).toMatch(
      /append-only: UPDATE/,
    );
    expect(await refusal(db.execute(sql`delete from audit_log where studio_id = ${s.studio.id}`))).toMatch(
      /append-only: DELETE/,
    );
    expect(await refusal(db.execute(sql`truncate audit_log cascade`))).toMatch(/append-only: TRUNCATE/);
    expect(await db.select().from(auditLog).where(eq(auditLog.studioId, s.studio.id))).toHaveLength(rows.length);
  });
});
