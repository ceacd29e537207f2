import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, loginTokens, messages, users } from "@/db/schema";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { memberContextFor } from "@/lib/clients/portal-access";
import { embedRegister, embedSignIn } from "@/lib/embed/embed";
import {
  consumeVerification,
  findVerificationToken,
  mailVerificationIfUnverified,
  resendVerification,
  VERIFY_TTL_MS,
} from "@/lib/identity/verify-email";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import {
  linkTokens,
  mailsTo,
  registerVerifiedMember,
  TEST_ORIGIN,
  verificationTokenFor,
} from "@/test/support/identity";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { joinStudio } from "./join-studio";
import { registerMember } from "./register-member";

const IP = "203.0.113.20";

/** A studio's client holding a 10-class pack: the record an attacker wants (issue 14). */
async function alicjaWithPack() {
  const s = await makeStudio();
  const owner = await s.owner();
  const email = uniqueEmail("alicja");
  const { client } = await findOrCreateClient(owner, { email, name: "Alicja", source: "staff" });
  const pack = await makePlan(owner, PLANS.pack(10, 60, { public: true }));
  await assignMembership(owner, { planId: pack.id, clientId: client.id, paymentMethod: "cash" });
  return { s, email, client };
}

async function userOf(email: string) {
  const [u] = await (await getDb()).select().from(users).where(eq(users.email, email));
  return u!;
}

describe("A1: portal sign-up", () => {
  it("A1: an unverified sign-up with a client's email sees nothing of that client", async () => {
    const { s, email, client } = await alicjaWithPack();
    await registerMember(
      await s.system(),
      { name: "Mallory", email, password: "mallory's password" },
      { origin: TEST_ORIGIN },
    );
    const attacker = await userOf(email);
    expect(attacker.emailVerified).toBeNull();
    const db = await getDb();
    // No link, no member ctx: the portal shows the attacker nothing of Alicja's.
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBeNull();
    expect(await db.select().from(clients).where(eq(clients.userId, attacker.id))).toEqual([]);
    expect(await memberContextFor(db, s.studio, attacker.id, new Date())).toBeNull();
    // The link went to Alicja's mailbox; without the password she typed nothing happens even there.
    const token = await verificationTokenFor(email);
    await expect(consumeVerification(db, { token, password: TEST_PASSWORD, ip: IP })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBeNull();
  });

  it("A1/C1: the emailed link, followed with the password, links the login to the studio's existing client (never a duplicate)", async () => {
    const { s, email, client } = await alicjaWithPack();
    await registerMember(
      await s.system(),
      { name: "Alicja", email: email.toUpperCase(), password: TEST_PASSWORD },
      { origin: TEST_ORIGIN },
    );
    const db = await getDb();
    const outcome = await consumeVerification(db, {
      token: await verificationTokenFor(email),
      password: TEST_PASSWORD,
      ip: IP,
    });
    expect(outcome.next).toBe(`/s/${s.studio.slug}`);
    expect((await userOf(email)).emailVerified).not.toBeNull();
    const rows = await db.select().from(clients).where(eq(clients.studioId, s.studio.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: client.id, userId: outcome.userId });
    expect(await memberContextFor(db, s.studio, outcome.userId, new Date())).toMatchObject({
      actor: { clientId: client.id },
    });
    expect(await mailsTo(email, "welcome")).toHaveLength(1);
  });

  it("A1: the answers are identical for new / client / login emails, one mail each, and sign-up never checks a password", async () => {
    const { s, email: clientEmail } = await alicjaWithPack();
    const other = await makeStudio();
    const loginEmail = uniqueEmail("has-login");
    await registerVerifiedMember(await other.system(), { name: "Lou", email: loginEmail, password: TEST_PASSWORD });
    const newEmail = uniqueEmail("new");
    const sys = await s.system();
    const answers = [];
    for (const email of [newEmail, clientEmail, loginEmail]) {
      // A wrong password for the existing login answers the same: sign-up is no way to guess passwords.
      answers.push(
        await registerMember(sys, { name: "Someone", email, password: "not the password 1" }, { origin: TEST_ORIGIN }),
      );
    }
    expect(answers).toEqual([undefined, undefined, undefined]);
    expect((await mailsTo(newEmail)).map((m) => m.kind)).toEqual(["verify_email"]);
    expect((await mailsTo(clientEmail)).map((m) => m.kind)).toEqual(["verify_email"]);
    expect((await mailsTo(loginEmail, undefined)).filter((m) => m.studioId === s.studio.id).map((m) => m.kind)).toEqual(
      ["account_exists"],
    );
    // The existing login is untouched (same password, still verified) and linked to nothing here.
    const lou = await userOf(loginEmail);
    expect(lou.emailVerified).not.toBeNull();
    expect(await memberContextFor(await getDb(), s.studio, lou.id, new Date())).toBeNull();
  });

  it("A1: the existing-login mail says how to sign in or reset, and carries no link that links anything", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const email = uniqueEmail("roamer");
    await registerVerifiedMember(await a.system(), { name: "Roamer", email, password: TEST_PASSWORD });
    await registerMember(await b.system(), { name: "Roamer", email, password: TEST_PASSWORD }, { origin: TEST_ORIGIN });
    const [mail] = (await mailsTo(email, "account_exists")).filter((m) => m.studioId === b.studio.id);
    expect(mail!.body).toContain(`${TEST_ORIGIN}/s/${b.studio.slug}/signin`);
    expect(linkTokens(mail!.body)).toEqual([]);
  });

  it("A1: token stored hashed, single use, expiring within 24 h", async () => {
    const s = await makeStudio();
    const email = uniqueEmail("tok");
    const sys = await s.system();
    await registerMember(sys, { name: "Tok", email, password: TEST_PASSWORD }, { origin: TEST_ORIGIN });
    const token = await verificationTokenFor(email);
    const db = await getDb();
    const rows = await db.select().from(loginTokens).where(eq(loginTokens.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashOneTimeToken(token));
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(VERIFY_TTL_MS);

    // Expired: refused, nothing linked.
    const late = new Date(rows[0]!.expiresAt.getTime() + 1000);
    await expect(consumeVerification(db, { token, password: TEST_PASSWORD, ip: IP }, late)).rejects.toMatchObject({
      code: "link_invalid",
    });
    // A wrong password does not use it up.
    await expect(consumeVerification(db, { token, password: "wrong password 1", ip: IP })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await consumeVerification(db, { token, password: TEST_PASSWORD, ip: IP });
    // Single use.
    await expect(consumeVerification(db, { token, password: TEST_PASSWORD, ip: IP })).rejects.toMatchObject({
      code: "link_invalid",
    });
    await expect(consumeVerification(db, { token: "made-up", password: TEST_PASSWORD, ip: IP })).rejects.toMatchObject({
      code: "link_invalid",
    });
  });

  it("A1: resend mails a new working link to an unverified login, and nothing to an unknown or verified address", async () => {
    const s = await makeStudio();
    const email = uniqueEmail("resend");
    const sys = await s.system();
    await registerMember(
      sys,
      { name: "Re Send", email, password: TEST_PASSWORD, marketingConsent: true },
      { origin: TEST_ORIGIN },
    );
    await resendVerification(sys, { email, origin: TEST_ORIGIN });
    const links = (await mailsTo(email, "verify_email")).flatMap((m) => linkTokens(m.body));
    expect(links).toHaveLength(2);
    const db = await getDb();
    await consumeVerification(db, { token: links[1]!, password: TEST_PASSWORD, ip: IP });
    // The resent link completes the same sign-up (the studio, the consent given).
    const [client] = await db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, s.studio.id), eq(clients.emailNormalized, email)));
    expect(client).toMatchObject({ marketingConsent: true, source: "portal" });

    const unknown = uniqueEmail("nobody");
    await resendVerification(sys, { email: unknown, origin: TEST_ORIGIN });
    await resendVerification(sys, { email, origin: TEST_ORIGIN });
    expect(await mailsTo(unknown, undefined, 200)).toEqual([]);
    expect(await mailsTo(email, "verify_email")).toHaveLength(2);
  });

  it("A1: a sign-in by an unverified login (the hook for sign-in) mails a link, at most once per ten minutes; a verified one gets none", async () => {
    const s = await makeStudio();
    const email = uniqueEmail("legacy");
    const db = await getDb();
    const [legacy] = await db.insert(users).values({ email, name: "Legacy" }).returning();
    const sys = await s.system();
    expect(await mailVerificationIfUnverified(sys, { userId: legacy!.id, origin: TEST_ORIGIN })).toBe(true);
    expect(await mailVerificationIfUnverified(sys, { userId: legacy!.id, origin: TEST_ORIGIN })).toBe(false);
    expect(await mailVerificationIfUnverified(sys, { userId: s.ownerId, origin: TEST_ORIGIN })).toBe(false);
    expect(await db.select().from(messages).where(eq(messages.toAddress, email))).toHaveLength(1);
  });
});

describe("A1: one-click join at another studio", () => {
  it("A1: an unverified login joining a studio holding its email as a client is linked to nothing; the link does the join", async () => {
    const { s, email, client } = await alicjaWithPack();
    const elsewhere = await makeStudio();
    await registerMember(
      await elsewhere.system(),
      { name: "Mallory", email, password: TEST_PASSWORD },
      { origin: TEST_ORIGIN },
    );
    const user = await userOf(email);
    const result = await joinStudio(await s.system(), { userId: user.id }, { origin: TEST_ORIGIN });
    expect(result).toEqual({ kind: "check_email" });
    const db = await getDb();
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBeNull();
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toEqual([]);

    // The owner of the mailbox who also knows the password: the join link (the latest) links Alicja's record.
    const links = (await mailsTo(email, "verify_email")).flatMap((m) => linkTokens(m.body));
    let joinLink = "";
    for (const t of links) if ((await findVerificationToken(db, t, new Date()))?.data?.includes('"join"')) joinLink = t;
    const outcome = await consumeVerification(db, { token: joinLink, password: TEST_PASSWORD, ip: IP });
    expect(outcome.studio?.id).toBe(s.studio.id);
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBe(user.id);
  });

  it("A1: a verified login joins at once; staff of one studio can be a client of another with the same login", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const result = await joinStudio(await b.system(), { userId: a.ownerId }, { origin: TEST_ORIGIN });
    expect(result.kind === "joined" && result.client.userId).toBe(a.ownerId);
  });
});

describe("A1: the embed's register and sign-in steps", () => {
  it("A1: embed register with a client's email links nothing and answers as for a new address; the link continues with the chosen plan", async () => {
    const { s, email, client } = await alicjaWithPack();
    const plan = await makePlan(await s.owner(), PLANS.fixed(30, { public: true }));
    const sys = await s.system();
    expect(
      await embedRegister(
        sys,
        { name: "Mallory", email, password: TEST_PASSWORD },
        { origin: TEST_ORIGIN, planId: plan.id },
      ),
    ).toBeUndefined();
    expect(
      await embedRegister(
        sys,
        { name: "New", email: uniqueEmail("new"), password: TEST_PASSWORD },
        { origin: TEST_ORIGIN },
      ),
    ).toBeUndefined();
    const db = await getDb();
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBeNull();
    // Signing in inside the frame with the password does not link either: check your email.
    expect(await embedSignIn(sys, { email, password: TEST_PASSWORD, ip: IP, origin: TEST_ORIGIN })).toBe("check_email");
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBeNull();

    let registerLink = "";
    for (const m of await mailsTo(email, "verify_email")) {
      for (const t of linkTokens(m.body))
        if ((await findVerificationToken(db, t, new Date()))?.data?.includes(plan.id)) registerLink = t;
    }
    const outcome = await consumeVerification(db, { token: registerLink, password: TEST_PASSWORD, ip: IP });
    expect(outcome.next).toBe(`/s/${s.studio.slug}/plans/${plan.id}`);
    expect((await db.select().from(clients).where(eq(clients.id, client.id)))[0]!.userId).toBe(outcome.userId);
    // Now the frame's sign-in goes straight on.
    expect(await embedSignIn(sys, { email, password: TEST_PASSWORD, ip: IP, origin: TEST_ORIGIN })).toMatchObject({
      clientId: client.id,
    });
  });
});
