import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, memberships } from "@/db/schema";
import { call, keyFor } from "@/test/support/api";
import { makeStudio } from "@/test/support/fixtures";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { archivePlan } from "@/lib/plans/plans";
import * as importRoute from "./route";

async function membershipCount(studioId: string) {
  const db = await getDb();
  return (await db.select({ n: count() }).from(memberships).where(eq(memberships.studioId, studioId)))[0]!.n;
}

const FILE = [
  "email,name,startsAt,sessionsRemaining",
  "ola@example.test,Ola,2026-03-01,3",
  "nope,Nope,2026-03-01,",
  "pat@example.test,Pat,2026-03-01,",
].join("\n");

describe("POST /api/v1/memberships/import (M10)", () => {
  it("M10: dryRun true previews and writes nothing; dryRun false imports the valid rows; again adds nothing", async () => {
    const s = await makeStudio();
    const key = await keyFor(s);
    const pack = await makePlan(await s.owner(), PLANS.pack(5, 30));
    const body = { planId: pack.id, format: "csv", data: FILE };

    const dry = await call(importRoute.POST, { key, method: "POST", body: { ...body, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      valid: 2,
      invalid: 1,
      errors: [{ row: 3, field: "email", message: "Enter a valid email address." }],
      moreErrors: 0,
      alreadyImported: 0,
      imported: 0,
    });
    expect(await membershipCount(s.studio.id)).toBe(0);
    const db = await getDb();
    expect((await db.select({ n: count() }).from(clients).where(eq(clients.studioId, s.studio.id)))[0]!.n).toBe(0);

    const real = await call(importRoute.POST, { key, method: "POST", body: { ...body, dryRun: false } });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ valid: 2, invalid: 1, imported: 2, alreadyImported: 0 });
    expect(await membershipCount(s.studio.id)).toBe(2);

    const json = JSON.stringify([{ email: "OLA@example.test", startsAt: "2026-03-01", sessionsRemaining: 3 }]);
    const again = await call(importRoute.POST, {
      key,
      method: "POST",
      body: { planId: pack.id, format: "json", data: json, dryRun: false },
    });
    expect(again.body).toMatchObject({ valid: 1, imported: 0, alreadyImported: 1 });
    expect(await membershipCount(s.studio.id)).toBe(2);
  });

  it("another studio's plan is 404; a bad body is 400 with fields; a broken file is 400; an archived plan is 409", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const keyB = await keyFor(b);
    const planA = await makePlan(await a.owner(), PLANS.monthly());
    const cross = await call(importRoute.POST, {
      key: keyB,
      method: "POST",
      body: { planId: planA.id, format: "csv", data: FILE, dryRun: true },
    });
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe("not_found");

    const keyA = await keyFor(a);
    const bad = await call(importRoute.POST, {
      key: keyA,
      method: "POST",
      body: { planId: planA.id, format: "xml", data: 5 },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["data", "dryRun", "format"]);

    const broken = await call(importRoute.POST, {
      key: keyA,
      method: "POST",
      body: { planId: planA.id, format: "json", data: "[{", dryRun: false },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({
      code: "invalid_input",
      fields: { data: [expect.stringMatching(/not valid JSON/)] },
    });

    await archivePlan(await a.owner(), planA.id);
    const archived = await call(importRoute.POST, {
      key: keyA,
      method: "POST",
      body: { planId: planA.id, format: "csv", data: FILE, dryRun: true },
    });
    expect(archived.status).toBe(409);
    expect(archived.body.error.code).toBe("plan_archived");
    expect(await membershipCount(a.studio.id)).toBe(0);
    expect(
      (
        await call(importRoute.POST, {
          method: "POST",
          body: { planId: planA.id, format: "csv", data: FILE, dryRun: true },
        })
      ).status,
    ).toBe(401);
  });
});
