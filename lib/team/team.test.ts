import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { bookings, clientNotes, messages, staff, users } from "@/db/schema";
import { getStaffContext, STUDIO_COOKIE } from "@/lib/auth/context";
import { getAttendance, markAttendance } from "@/lib/bookings/attendance";
import { bookSession } from "@/lib/bookings/book-session";
import { createClass } from "@/lib/classes/classes";
import { createSessions, getSession, listMySessions, setSessionInstructor } from "@/lib/classes/sessions";
import type { Ctx } from "@/lib/core/ctx";
import { addNote } from "@/lib/crm/notes";
import { drainJobs } from "@/lib/jobs";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { actAs } from "@/test/support/request-context";
import { hashPassword } from "@/lib/auth/password";
import {
  acceptInvitation,
  acceptInvitationWithSignup,
  changeStaffRole,
  INVITATION_TTL_MS,
  inviteStaff,
  listInvitations,
  listStaff,
  lookupInvitation,
  removeStaff,
  resendInvitation,
  revokeInvitation,
} from "./team";

vi.mock("next/headers", async () => (await import("@/test/support/request-context")).nextHeadersModule());
vi.mock("next-auth", async () => (await import("@/test/support/request-context")).nextAuthModule());
vi.mock("next-auth/providers/credentials", async () =>
  (await import("@/test/support/request-context")).credentialsModule(),
);

const BASE = { origin: "http://roster.test" };

/** The token in the last invitation mail to `email` (read from Sent mail, as the SMTP server would get it). */
async function tokenMailedTo(ctx: Ctx, email: string): Promise<string> {
  await drainJobs();
  const [m] = await (
    await getDb()
  )
    .select()
    .from(messages)
    .where(
      and(eq(messages.studioId, ctx.studio.id), eq(messages.toAddress, email), eq(messages.kind, "staff_invitation")),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(m?.body ?? "")?.[1];
  if (!token) throw new Error(`no invitation mail to ${email}`);
  return token;
}

async function login(email: string, verified: boolean): Promise<string> {
  const [u] = await (
    await getDb()
  )
    .insert(users)
    .values({ email, passwordHash: await hashPassword(TEST_PASSWORD), emailVerified: verified ? new Date() : null })
    .returning();
  return u!.id;
}

describe("T1: invitations", () => {
  it("T1: invite → mail with a single-use link; a verified login with the invited email accepts it once, with the role", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    const email = uniqueEmail("new.instructor");
    const inv = await inviteStaff(owner, { email, role: "instructor" }, BASE);
    expect(inv.expiresAt.getTime() - owner.now.getTime()).toBe(INVITATION_TTL_MS);
    const token = await tokenMailedTo(owner, email);
    // Only the hash is stored.
    expect(inv.tokenHash).not.toContain(token);
    expect((await listInvitations(owner)).map((i) => [i.email, i.status])).toEqual([[email, "pending"]]);

    const userId = await login(email, true);
    const studio = await acceptInvitation(await getDb(), token, userId);
    expect(studio.id).toBe(t.studio.id);
    expect((await listStaff(owner)).find((s) => s.userId === userId)?.role).toBe("instructor");
    // Single use.
    await expect(acceptInvitation(await getDb(), token, userId)).rejects.toMatchObject({ code: "invitation_invalid" });
    expect(await lookupInvitation(await getDb(), token)).toEqual({ ok: false, reason: "accepted" });
    expect(await listInvitations(owner)).toEqual([]);
  });

  it("T1/A1: an unverified login cannot accept; another email's login cannot accept", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    const email = uniqueEmail("unverified");
    await inviteStaff(owner, { email, role: "front_desk" }, BASE);
    const token = await tokenMailedTo(owner, email);
    const unverified = await login(email, false);
    await expect(acceptInvitation(await getDb(), token, unverified)).rejects.toMatchObject({
      code: "email_not_verified",
    });
    const stranger = await login(uniqueEmail("stranger"), true);
    await expect(acceptInvitation(await getDb(), token, stranger)).rejects.toMatchObject({ code: "forbidden" });
    expect((await listStaff(owner)).map((s) => s.userId)).not.toContain(unverified);
    // Still usable by the right, verified login.
    await (await getDb()).update(users).set({ emailVerified: new Date() }).where(eq(users.id, unverified));
    await acceptInvitation(await getDb(), token, unverified);
  });

  it("T1/A1: a new login made through the link is verified by it; an address with a login signs in instead", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    const email = uniqueEmail("brand.new");
    await inviteStaff(owner, { email, role: "instructor" }, BASE);
    const token = await tokenMailedTo(owner, email);
    const made = await acceptInvitationWithSignup(await getDb(), token, {
      name: "Ines Instructor",
      password: TEST_PASSWORD,
    });
    const [u] = await (await getDb()).select().from(users).where(eq(users.id, made.userId));
    expect(u!.emailVerified).not.toBeNull();
    expect((await listStaff(owner)).find((s) => s.userId === made.userId)?.role).toBe("instructor");

    const existing = uniqueEmail("existing");
    await login(existing, true);
    await inviteStaff(owner, { email: existing, role: "instructor" }, BASE);
    await expect(
      acceptInvitationWithSignup(await getDb(), await tokenMailedTo(owner, existing), {
        name: "X",
        password: TEST_PASSWORD,
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("T1: resend replaces the link (the old one stops working); revoke ends it; an expired one is refused", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    const email = uniqueEmail("resend");
    const inv = await inviteStaff(owner, { email, role: "instructor" }, BASE);
    const first = await tokenMailedTo(owner, email);
    await resendInvitation(await t.owner(), inv.id, BASE);
    const second = await tokenMailedTo(await t.owner(), email);
    expect(second).not.toBe(first);
    expect(await lookupInvitation(await getDb(), first)).toEqual({ ok: false, reason: "unknown" });
    expect((await lookupInvitation(await getDb(), second)).ok).toBe(true);

    await revokeInvitation(owner, inv.id);
    const userId = await login(email, true);
    await expect(acceptInvitation(await getDb(), second, userId)).rejects.toMatchObject({ code: "invitation_invalid" });

    const late = uniqueEmail("late");
    await inviteStaff(owner, { email: late, role: "instructor" }, BASE);
    const lateToken = await tokenMailedTo(owner, late);
    const lateUser = await login(late, true);
    const eightDays = new Date(Date.now() + 8 * 24 * 3600_000);
    expect(await lookupInvitation(await getDb(), lateToken, eightDays)).toEqual({ ok: false, reason: "expired" });
    await expect(acceptInvitation(await getDb(), lateToken, lateUser, eightDays)).rejects.toMatchObject({
      code: "invitation_invalid",
    });
  });

  it("T1: a manager invites roles below owner, not owners; front desk and instructors invite nobody", async () => {
    const t = await makeStudio();
    const manager = await t.staffAs("manager");
    await inviteStaff(manager, { email: uniqueEmail("fd"), role: "front_desk" }, BASE);
    await expect(inviteStaff(manager, { email: uniqueEmail("own"), role: "owner" }, BASE)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      inviteStaff(await t.staffAs("front_desk"), { email: uniqueEmail("x"), role: "instructor" }, BASE),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      inviteStaff(await t.instructor(), { email: uniqueEmail("x"), role: "instructor" }, BASE),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeStaffRole(manager, t.ownerId, { role: "manager" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("T1: roles, removal and the last owner", () => {
  it("T1: the last owner can be neither demoted nor removed (409 last_owner); with a second owner, one can go", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    await expect(changeStaffRole(owner, t.ownerId, { role: "manager" })).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeStaff(owner, t.ownerId)).rejects.toMatchObject({ code: "last_owner" });
    const second = await t.staffAs("manager");
    if (second.actor.kind !== "staff") throw new Error();
    await changeStaffRole(owner, second.actor.userId, { role: "owner" });
    await removeStaff(owner, t.ownerId);
    expect((await listStaff(second)).map((s) => s.role)).toEqual(["owner"]);
  });

  it("T1/T3: removal ends access at once, keeps their notes and bookings, and clears the classes they teach", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    const teacher = await t.instructor();
    if (teacher.actor.kind !== "staff") throw new Error();
    const teacherId = teacher.actor.userId;
    const cls = await createClass(owner, {
      title: "Yoga",
      capacity: 5,
      durationMinutes: 60,
      dropInPriceCents: 1000,
      instructorId: teacherId,
    });
    const [session] = await createSessions(owner, cls.id, { startsAt: new Date(Date.now() + 3 * 86400_000) });
    const client = await makeClient(owner, "Ada");
    const booked = await bookSession(teacher, { sessionId: session!.id, clientId: client.id, by: "staff" });
    const note = await addNote(teacher, { clientId: client.id, body: "Hip", shared: true });

    await removeStaff(owner, teacherId);
    const db = await getDb();
    expect(
      await db
        .select()
        .from(staff)
        .where(and(eq(staff.studioId, t.studio.id), eq(staff.userId, teacherId))),
    ).toEqual([]);
    actAs({ userId: teacherId });
    expect(await getStaffContext()).toBeNull();
    actAs(null);
    expect((await db.select().from(clientNotes).where(eq(clientNotes.id, note.id)))[0]?.authorUserId).toBe(teacherId);
    expect((await db.select().from(bookings).where(eq(bookings.id, booked.booking.id))).length).toBe(1);
    expect((await getSession(owner, session!.id)).instructorId).toBeNull();
  });
});

describe("T3: instructors on classes and sessions", () => {
  it("T3: a session's instructor is its substitute, else the class's; an instructor marks attendance only in the sessions they teach", async () => {
    const t = await makeStudio();
    const owner = await t.owner();
    const ines = await t.instructor();
    const other = await t.staffAs("instructor");
    if (ines.actor.kind !== "staff" || other.actor.kind !== "staff") throw new Error();
    const cls = await createClass(owner, {
      title: "Pilates",
      capacity: 5,
      durationMinutes: 60,
      dropInPriceCents: 1000,
      instructorId: ines.actor.userId,
    });
    const [mine, subbed] = await createSessions(owner, cls.id, {
      weekly: { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], time: "09:00", from: day(2), until: day(3) },
    });
    await setSessionInstructor(owner, subbed!.id, other.actor.userId);
    expect((await getSession(owner, mine!.id)).instructorId).toBe(ines.actor.userId);
    expect((await getSession(owner, subbed!.id)).instructorId).toBe(other.actor.userId);
    expect((await listMySessions(ines)).map((s) => s.id)).toEqual([mine!.id]);

    const client = await makeClient(owner, "Bea");
    const inMine = await bookSession(ines, { sessionId: mine!.id, clientId: client.id, by: "staff" });
    await expect(bookSession(ines, { sessionId: subbed!.id, clientId: client.id, by: "staff" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const inSubbed = await bookSession(owner, { sessionId: subbed!.id, clientId: client.id, by: "staff" });

    expect((await markAttendance(ines, inMine.booking.id, { present: true })).present).toBe(true);
    expect((await getAttendance(ines, mine!.id)).length).toBe(1);
    await expect(markAttendance(ines, inSubbed.booking.id, { present: true })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getAttendance(ines, subbed!.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await markAttendance(other, inSubbed.booking.id, { present: true })).present).toBe(true);
    // Front desk marks anywhere.
    await markAttendance(await t.staffAs("front_desk"), inMine.booking.id, { present: false });
  });

  it("T3: an instructor must be staff of the studio", async () => {
    const t = await makeStudio();
    const other = await makeStudio();
    await expect(
      createClass(await t.owner(), { title: "X", capacity: 1, durationMinutes: 30, instructorId: other.ownerId }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("T4: a login on the staff of several studios acts in the one it chose", () => {
  it("T4: the cookie picks the studio, checked against the staff rows; without it (or with a foreign one) the oldest", async () => {
    const a = await makeStudio({ name: "Alpha" });
    const b = await makeStudio({ name: "Bravo" });
    const c = await makeStudio({ name: "Charlie" });
    // Alpha's owner is also Bravo's instructor.
    await (await getDb()).insert(staff).values({ studioId: b.studio.id, userId: a.ownerId, role: "instructor" });
    actAs({ userId: a.ownerId });
    expect((await getStaffContext())?.studio.id).toBe(a.studio.id);
    actAs({ userId: a.ownerId, cookies: { [STUDIO_COOKIE]: b.studio.id } });
    const inB = await getStaffContext();
    expect(inB?.studio.id).toBe(b.studio.id);
    expect(inB?.actor).toMatchObject({ kind: "staff", role: "instructor" });
    actAs({ userId: a.ownerId, cookies: { [STUDIO_COOKIE]: c.studio.id } });
    expect((await getStaffContext())?.studio.id).toBe(a.studio.id);
    actAs(null);
  });
});

function day(offset: number): string {
  return new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
}
