import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { clients, loginTokens, messages, sessions, staff, users } from "@/db/schema";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { verifyPassword } from "@/lib/auth/password";
import { isSessionLive, startSession } from "@/lib/auth/sessions";
import { setPortalAccess } from "@/lib/clients/portal-access";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { ForbiddenError, InvalidInputError, RuleError, UnauthenticatedError } from "@/lib/core/errors";
import { drainJobs } from "@/lib/jobs";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { actAs } from "@/test/support/request-context";
import { smtpForThisFile } from "@/test/support/smtp";
import { PASSWORD_HINT } from "@/app/_components/account-forms";
import { PASSWORD_POLICY_TEXT } from "@/lib/auth/password-policy";
import {
  changePassword,
  confirmEmailChange,
  requestEmailChange,
  sendClientPasswordReset,
  signOutEverywhere,
} from "./account";
import {
  checkResetToken,
  requestPasswordReset,
  RESET_ANSWER_FLOOR_MS,
  RESET_TTL_MS,
  resetPassword,
} from "./password-reset";

// The request is replaced (test/support/request-context.ts) so the real context builders run: A3 is
// checked where every page and action gets its caller.
vi.mock("next/headers", async () => (await import("@/test/support/request-context")).nextHeadersModule());
vi.mock("next-auth", async () => (await import("@/test/support/request-context")).nextAuthModule());
vi.mock("next-auth/providers/credentials", async () =>
  (await import("@/test/support/request-context")).credentialsModule(),
);
vi.mock("next/cache", async () => (await import("@/test/support/request-context")).nextCacheModule());

const { getMemberContext, getStaffContext } = await import("@/lib/auth/context");
const { signOut } = await import("@/lib/auth/auth");

const ORIGIN = "http://roster.test";
const testSmtp = smtpForThisFile();

/** The link of the latest mail to `to` with this subject (read over real SMTP). */
async function linkMailedTo(to: string, subject: RegExp): Promise<{ url: URL; token: string; text: string }> {
  await drainJobs();
  const until = Date.now() + 10_000;
  for (;;) {
    const mail = [...testSmtp().mails].reverse().find((m) => m.to.includes(to) && subject.test(m.subject));
    if (mail) {
      const url = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
      return { url, token: url.searchParams.get("token")!, text: mail.text };
    }
    if (Date.now() > until) throw new Error(`no mail "${subject}" to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const mailsTo = (to: string, subject: RegExp) =>
  testSmtp().mails.filter((m) => m.to.includes(to) && subject.test(m.subject));

async function sessionsOf(userId: string) {
  return (await getDb()).select().from(sessions).where(eq(sessions.userId, userId));
}

describe("A2: forgot password", () => {
  it("A2: the link's token is random, stored only hashed, valid 30 minutes, opens a page that consumes nothing, works once, and signs nobody in", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const t0 = new Date();
    await requestPasswordReset(db, { email: s.ownerEmail.toUpperCase(), ip: "local", origin: ORIGIN }, t0);
    const { url, token } = await linkMailedTo(s.ownerEmail, /new password/);
    expect(url.pathname).toBe("/reset-password");
    expect(token.length).toBeGreaterThanOrEqual(43);
    const [row] = await db
      .select()
      .from(loginTokens)
      .where(and(eq(loginTokens.userId, s.ownerId), eq(loginTokens.purpose, "reset_password")));
    expect(row!.tokenHash).toBe(hashOneTimeToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.expiresAt.getTime() - t0.getTime()).toBe(RESET_TTL_MS);
    // Sent mail (which staff read) keeps no usable link.
    const recorded = await db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "password_reset")));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.body).not.toContain(token);

    // Opening the page (GET) only checks the token, as often as it is opened.
    expect(await checkResetToken(db, token, t0)).toEqual({ email: s.ownerEmail });
    expect(await checkResetToken(db, token, t0)).toEqual({ email: s.ownerEmail });
    const live = await startSession(db, s.ownerId, t0);
    const result = await resetPassword(
      db,
      { token, password: "a brand new secret" },
      new Date(t0.getTime() + RESET_TTL_MS - 1000),
    );
    // No sign-in by the link: nothing but the address comes back, and no session was opened.
    expect(result).toEqual({ email: s.ownerEmail });
    expect(await sessionsOf(s.ownerId)).toEqual([]);
    expect(await isSessionLive(db, s.ownerId, live, t0)).toBe(false);
    const [user] = await db.select().from(users).where(eq(users.id, s.ownerId));
    expect(await verifyPassword("a brand new secret", user!.passwordHash!)).toBe(true);
    // Single use.
    await expect(resetPassword(db, { token, password: "another new secret" }, t0)).rejects.toMatchObject({
      code: "invalid_token",
    });
    expect(await checkResetToken(db, token, t0)).toBeNull();
    // "Your password was changed".
    await drainJobs();
    await expect.poll(() => mailsTo(s.ownerEmail, /password was changed/).length, { timeout: 10_000 }).toBe(1);
  });

  it("A2: a link expires after 30 minutes", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const t0 = new Date();
    await requestPasswordReset(db, { email: s.ownerEmail, ip: "local", origin: ORIGIN }, t0);
    const { token } = await linkMailedTo(s.ownerEmail, /new password/);
    const late = new Date(t0.getTime() + RESET_TTL_MS);
    expect(await checkResetToken(db, token, late)).toBeNull();
    await expect(resetPassword(db, { token, password: "a brand new secret" }, late)).rejects.toBeInstanceOf(RuleError);
  });

  it("A2: an unknown address gets the same answer in about the same time, and no mail", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const ghost = uniqueEmail("ghost");
    const time = async (email: string) => {
      const t = performance.now();
      expect(await requestPasswordReset(db, { email, ip: "local", origin: ORIGIN })).toBeUndefined();
      return performance.now() - t;
    };
    const known = await time(s.ownerEmail);
    const unknown = await time(ghost);
    expect(unknown).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS - 5);
    expect(known).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS - 5);
    expect(Math.abs(known - unknown)).toBeLessThan(RESET_ANSWER_FLOOR_MS / 2);
    await linkMailedTo(s.ownerEmail, /new password/);
    expect(testSmtp().mails.some((m) => m.to.includes(ghost))).toBe(false);
    expect(await db.select().from(loginTokens).where(eq(loginTokens.email, ghost))).toEqual([]);
  });

  it("A2: a new password must meet the policy (length, not a common or breached password, not the email); a refusal leaves the link usable", async () => {
    const s = await makeStudio();
    const db = await getDb();
    await requestPasswordReset(db, { email: s.ownerEmail, ip: "local", origin: ORIGIN });
    const { token } = await linkMailedTo(s.ownerEmail, /new password/);
    for (const weak of ["password123", "qwertyuiop", "Password2024!", "short", s.ownerEmail]) {
      const err = await resetPassword(db, { token, password: weak }).catch((e: unknown) => e);
      expect(err, weak).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).fields.password).toBeDefined();
    }
    expect(await checkResetToken(db, token)).not.toBeNull();
    await resetPassword(db, { token, password: "lilac tram at dusk" });
  });

  it("A2: the forms state the policy the verbs apply", () => {
    expect(PASSWORD_HINT).toBe(PASSWORD_POLICY_TEXT);
  });

  it("A2: staff send a member a reset link, to the member's login address; they never see it; no login, no link", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const memberEmail = uniqueEmail("member");
    const [login] = await db.insert(users).values({ email: memberEmail, passwordHash: "x" }).returning();
    const { client } = await findOrCreateClient(await s.owner(), { email: memberEmail, name: "Maja", source: "staff" });
    await db
      .update(clients)
      .set({ userId: login!.id, email: "edited-by-staff@example.test" })
      .where(eq(clients.id, client.id));
    await sendClientPasswordReset(await s.instructor(), { clientId: client.id }, { origin: ORIGIN });
    const { token, text } = await linkMailedTo(memberEmail, /new password/);
    expect(text).toContain(`${s.studio.name} sent you this link`);
    expect(testSmtp().mails.some((m) => m.to.includes("edited-by-staff@example.test"))).toBe(false);
    const recorded = await db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "password_reset")));
    expect(recorded.map((m) => m.body).join()).not.toContain(token);
    const { client: lead } = await findOrCreateClient(await s.owner(), {
      email: uniqueEmail("lead"),
      name: "Lead",
      source: "staff",
    });
    await expect(
      sendClientPasswordReset(await s.owner(), { clientId: lead.id }, { origin: ORIGIN }),
    ).rejects.toMatchObject({ code: "no_login" });
    const other = await makeStudio();
    await expect(
      sendClientPasswordReset(await other.owner(), { clientId: client.id }, { origin: ORIGIN }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      sendClientPasswordReset(
        { ...(await s.owner()), actor: { kind: "member", userId: login!.id, clientId: client.id } },
        { clientId: client.id },
        { origin: ORIGIN },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("A3: sessions are revocable and checked on every request", () => {
  it("A3: sign-out ends the session on the server", async () => {
    const s = await makeStudio();
    const identity = { userId: s.ownerId };
    actAs(identity);
    expect((await getStaffContext())?.studio.id).toBe(s.studio.id);
    const sid = (identity as { sessionId?: string }).sessionId!;
    await expect(signOut({ redirectTo: "/" })).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await isSessionLive(await getDb(), s.ownerId, sid, new Date())).toBe(false);
    // The same cookie, replayed, is nobody.
    actAs({ userId: s.ownerId, sessionId: sid });
    expect(await getStaffContext()).toBeNull();
    // A JWT from before sessions had server-side rows carries no id: nobody either.
    actAs({ userId: s.ownerId, sessionId: "" });
    expect(await getStaffContext()).toBeNull();
  });

  it("A3: a password change ends every other session, keeps this one, and mails the owner", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const here = await startSession(db, s.ownerId, new Date());
    const elsewhere = await startSession(db, s.ownerId, new Date());
    actAs({ userId: s.ownerId, sessionId: elsewhere });
    expect(await getStaffContext()).not.toBeNull();
    await expect(
      changePassword(
        await s.owner(),
        { currentPassword: "not it at all", newPassword: "lilac tram at dusk" },
        { keepSessionId: here },
      ),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      changePassword(
        await s.owner(),
        { currentPassword: TEST_PASSWORD, newPassword: "password1234" },
        { keepSessionId: here },
      ),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(await getStaffContext()).not.toBeNull();
    await changePassword(
      await s.owner(),
      { currentPassword: TEST_PASSWORD, newPassword: "lilac tram at dusk" },
      { keepSessionId: here },
    );
    expect(await getStaffContext()).toBeNull();
    actAs({ userId: s.ownerId, sessionId: here });
    expect(await getStaffContext()).not.toBeNull();
    await drainJobs();
    await expect.poll(() => mailsTo(s.ownerEmail, /password was changed/).length, { timeout: 10_000 }).toBe(1);
  });

  it("A3: sign out everywhere ends every session of the login, in the dashboard and the portal", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const { client } = await findOrCreateClient(await s.owner(), {
      email: s.ownerEmail,
      name: "Owner as member",
      source: "staff",
    });
    await db.update(clients).set({ userId: s.ownerId }).where(eq(clients.id, client.id));
    const a = await startSession(db, s.ownerId, new Date());
    const b = await startSession(db, s.ownerId, new Date());
    actAs({ userId: s.ownerId, sessionId: b });
    expect(await getMemberContext(s.studio)).not.toBeNull();
    expect(await signOutEverywhere(await s.owner())).toBeGreaterThanOrEqual(2);
    expect(await getMemberContext(s.studio)).toBeNull();
    actAs({ userId: s.ownerId, sessionId: a });
    expect(await getStaffContext()).toBeNull();
    await expect(signOutEverywhere(await s.system())).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("A3, H3: turning a member's portal off takes effect on their next request", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const email = uniqueEmail("member");
    const [login] = await db.insert(users).values({ email, passwordHash: "x" }).returning();
    const { client } = await findOrCreateClient(await s.owner(), { email, name: "Maja", source: "staff" });
    await db.update(clients).set({ userId: login!.id }).where(eq(clients.id, client.id));
    actAs({ userId: login!.id });
    expect((await getMemberContext(s.studio))?.actor).toMatchObject({ kind: "member", clientId: client.id });
    await setPortalAccess(await s.owner(), { clientId: client.id, enabled: false });
    expect(await getMemberContext(s.studio)).toBeNull();
  });

  it("A3: a removed staff member has no dashboard from their next request", async () => {
    const s = await makeStudio();
    const instructor = await s.instructor();
    const userId = (instructor.actor as { userId: string }).userId;
    actAs({ userId });
    expect((await getStaffContext())?.actor).toMatchObject({ kind: "staff", role: "instructor" });
    await (await getDb()).delete(staff).where(and(eq(staff.studioId, s.studio.id), eq(staff.userId, userId)));
    expect(await getStaffContext()).toBeNull();
  });
});

describe("change of email", () => {
  it("A1, A2: a new email is used only once its link is followed; the old address is told; the link works once", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const newEmail = uniqueEmail("new");
    await expect(
      requestEmailChange(await s.owner(), { currentPassword: "wrong one here", newEmail }, { origin: ORIGIN }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await requestEmailChange(await s.owner(), { currentPassword: TEST_PASSWORD, newEmail }, { origin: ORIGIN });
    const { url, token } = await linkMailedTo(newEmail, /Confirm your new email/);
    expect(url.pathname).toBe("/confirm-email");
    expect((await db.select().from(users).where(eq(users.id, s.ownerId)))[0]!.email).toBe(s.ownerEmail);
    expect(await confirmEmailChange(db, token)).toEqual({ email: newEmail });
    const [user] = await db.select().from(users).where(eq(users.id, s.ownerId));
    expect(user).toMatchObject({ email: newEmail, emailVerified: expect.any(Date) });
    await expect(confirmEmailChange(db, token)).rejects.toMatchObject({ code: "invalid_token" });
    await drainJobs();
    await expect.poll(() => mailsTo(s.ownerEmail, /email was changed/).length, { timeout: 10_000 }).toBe(1);
  });

  it("A1: an address that has a login gets the same answer and no mail", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    await requestEmailChange(
      await s.owner(),
      { currentPassword: TEST_PASSWORD, newEmail: other.ownerEmail },
      { origin: ORIGIN },
    );
    await drainJobs();
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo(other.ownerEmail, /Confirm your new email/)).toEqual([]);
  });
});
