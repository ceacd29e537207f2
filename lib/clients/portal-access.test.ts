import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, clients } from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { NotFoundError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { joinStudio } from "@/lib/portal/join-studio";
import { registerVerifiedMember, TEST_ORIGIN } from "@/test/support/identity";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { checkPortalSignIn, memberContextFor, setPortalAccess } from "./portal-access";

const T0 = new Date("2026-05-04T08:00:00Z");

async function memberWithHistory() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const email = uniqueEmail("member");
  const { client, userId } = await registerVerifiedMember(await s.system(T0), {
    name: "Marta",
    email,
    password: TEST_PASSWORD,
  });
  const plan = await makePlan(owner, PLANS.pack(8, 60));
  await assignMembership(owner, { planId: plan.id, clientId: client.id });
  const { session } = await makeSession(owner, { startsAt: new Date(T0.getTime() + 86_400_000) });
  await bookSession(owner, { sessionId: session.id, clientId: client.id });
  return { s, owner, email, client, userId };
}

async function clientRow(studioId: string, id: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, studioId), eq(clients.id, id)));
  return row!;
}

const ip = () => `test-${Math.random().toString(36).slice(2)}`;

describe("portal access (H3)", () => {
  it("H3: a disabled client cannot get a member context nor sign in; re-enabled it can; nothing else about the record changed", async () => {
    const { s, owner, email, client, userId } = await memberWithHistory();
    const db = await getDb();
    const before = await clientRow(s.studio.id, client.id);
    expect(await memberContextFor(db, s.studio, userId, T0)).toMatchObject({
      actor: { kind: "member", clientId: client.id },
    });
    expect(await checkPortalSignIn(db, s.studio, { email, password: TEST_PASSWORD, ip: ip() }, T0)).toBe("allowed");

    const instructor = await s.instructor(T0);
    const disabled = await setPortalAccess(instructor, { clientId: client.id, enabled: false });
    expect(disabled.portalDisabled).toBe(true);
    expect(await memberContextFor(db, s.studio, userId, T0)).toBeNull();
    expect(
      await checkPortalSignIn(
        db,
        s.studio,
        { email: ` ${email.toUpperCase()} `, password: TEST_PASSWORD, ip: ip() },
        T0,
      ),
    ).toBe("disabled");
    // A wrong password still reads as a wrong password: a guess learns nothing about access.
    expect(await checkPortalSignIn(db, s.studio, { email, password: "not the password", ip: ip() }, T0)).toBe(
      "invalid_credentials",
    );

    // Nothing else about the record changed: its login, history counters, card, tags, everything but the flag.
    const after = await clientRow(s.studio.id, client.id);
    const { portalDisabled: wasOn, updatedAt: _u1, ...restBefore } = before;
    const { portalDisabled: isOff, updatedAt: _u2, ...restAfter } = after;
    expect([wasOn, isOff]).toEqual([false, true]);
    expect(restAfter).toEqual(restBefore);
    expect(restAfter.userId).toBe(userId);
    expect(restAfter.totalBookings).toBe(1);

    // Setting the same value again changes nothing and audits nothing new.
    await setPortalAccess(owner, { clientId: client.id, enabled: false });
    await setPortalAccess(owner, { clientId: client.id, enabled: true });
    expect(await memberContextFor(db, s.studio, userId, T0)).toMatchObject({
      actor: { kind: "member", clientId: client.id },
    });
    expect(await checkPortalSignIn(db, s.studio, { email, password: TEST_PASSWORD, ip: ip() }, T0)).toBe("allowed");
    const { portalDisabled: back, updatedAt: _u3, ...restEnd } = await clientRow(s.studio.id, client.id);
    expect(back).toBe(false);
    expect(restEnd).toEqual(restBefore);

    const audits = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.rowId, client.id), eq(auditLog.tableName, "clients")))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.action).filter((a) => a.startsWith("client.portal_access"))).toEqual([
      "client.portal_access_disabled",
      "client.portal_access_enabled",
    ]);
  });

  it("H3: only this studio's portal is closed; the same login stays a member of another studio", async () => {
    const { s, email, client, userId } = await memberWithHistory();
    const other = await makeStudio();
    const joined = await joinStudio(await other.system(T0), { userId }, { origin: TEST_ORIGIN });
    if (joined.kind !== "joined") throw new Error("a verified login joins at once (A1)");
    const elsewhere = joined.client;
    await setPortalAccess(await s.owner(T0), { clientId: client.id, enabled: false });
    const db = await getDb();
    expect(await memberContextFor(db, s.studio, userId, T0)).toBeNull();
    expect(await memberContextFor(db, other.studio, userId, T0)).toMatchObject({ actor: { clientId: elsewhere.id } });
    expect(await checkPortalSignIn(db, other.studio, { email, password: TEST_PASSWORD, ip: ip() }, T0)).toBe("allowed");
  });

  it("H3: staff only; another studio's client is not found and stays enabled", async () => {
    const { s, client, userId } = await memberWithHistory();
    const other = await makeStudio();
    await expect(
      setPortalAccess(await other.owner(T0), { clientId: client.id, enabled: false }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const asMember = await s.ctx({ kind: "member", userId, clientId: client.id }, T0);
    await expect(setPortalAccess(asMember, { clientId: client.id, enabled: false })).rejects.toMatchObject({
      code: "forbidden",
    });
    const walkIn = await makeClient(await s.owner(T0), "Walk-in");
    await expect(
      setPortalAccess(await s.owner(T0), { clientId: walkIn.id, enabled: "no" as unknown as boolean }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect((await clientRow(s.studio.id, client.id)).portalDisabled).toBe(false);
  });
});
