import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { staff, studios, users } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { consumeVerification } from "@/lib/identity/verify-email";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";
import { mailsTo, registerVerifiedMember, TEST_ORIGIN, verificationTokenFor } from "@/test/support/identity";
import { resendStudioSignUp, signUpStudio } from "./sign-up-studio";

const IP = "203.0.113.41";

async function studiosNamed(name: string) {
  return (await getDb()).select().from(studios).where(eq(studios.name, name));
}

async function ownersOf(studioId: string) {
  return (await getDb()).select().from(staff).where(eq(staff.studioId, studioId));
}

describe("A1: studio sign-up (/signup) answers alike for every address", () => {
  it("A1: a new address gets its (unverified) login and its new studio, and a link that verifies it", async () => {
    const db = await getDb();
    const email = uniqueEmail("owner");
    const name = `Fresh Studio ${email}`;
    await expect(
      signUpStudio(db, { name, ownerEmail: email, ownerPassword: TEST_PASSWORD }, { origin: TEST_ORIGIN }),
    ).resolves.toBeUndefined();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user!.emailVerified).toBeNull();
    const [studio] = await studiosNamed(name);
    expect((await ownersOf(studio!.id)).map((r) => [r.userId, r.role])).toEqual([[user!.id, "owner"]]);
    const outcome = await consumeVerification(db, {
      token: await verificationTokenFor(email),
      password: TEST_PASSWORD,
      ip: IP,
    });
    expect(outcome).toMatchObject({ userId: user!.id, studio: null, next: "/signin" });
    expect((await db.select().from(users).where(eq(users.id, user!.id)))[0]!.emailVerified).not.toBeNull();
  });

  it("A1: an address that has a login gets the same answer, no studio and no password check; the mailed link creates the studio only with that login's password", async () => {
    const db = await getDb();
    const s = await makeStudio();
    const email = uniqueEmail("member");
    const { userId } = await registerVerifiedMember(await s.system(), { name: "Ewa", email, password: TEST_PASSWORD });
    const name = `Second Studio ${email}`;
    // A stranger's password: not checked here, not refused here, nothing created.
    await expect(
      signUpStudio(
        db,
        { name, ownerEmail: email.toUpperCase(), ownerPassword: "a stranger's guess 123" },
        { origin: TEST_ORIGIN },
      ),
    ).resolves.toBeUndefined();
    expect(await studiosNamed(name)).toEqual([]);
    const mails = await mailsTo(email, "verify_email");
    const mail = mails.find((m) => m.subject === `Create ${name} on Roster`)!;
    expect(mail.studioId).toBe(s.studio.id);
    const token = await verificationTokenFor(email);
    await expect(consumeVerification(db, { token, password: "a stranger's guess 123", ip: IP })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await studiosNamed(name)).toEqual([]);

    const outcome = await consumeVerification(db, { token, password: TEST_PASSWORD, ip: IP });
    const [created] = await studiosNamed(name);
    expect(outcome).toMatchObject({ userId, next: "/dashboard", actAs: created!.id });
    expect((await ownersOf(created!.id)).map((r) => [r.userId, r.role])).toEqual([[userId, "owner"]]);
    // Single use: the same link creates nothing more.
    await expect(consumeVerification(db, { token, password: TEST_PASSWORD, ip: IP })).rejects.toMatchObject({
      code: "link_invalid",
    });
    expect(await studiosNamed(name)).toHaveLength(1);
  });

  it("A1: bad input is refused before the address is looked at, alike for new and known addresses", async () => {
    const db = await getDb();
    const s = await makeStudio();
    const owner = await s.owner();
    const known = uniqueEmail("client");
    await findOrCreateClient(owner, { email: known, name: "Known", source: "staff" });
    for (const email of [known, uniqueEmail("new")]) {
      await expect(
        signUpStudio(db, { name: "", ownerEmail: email, ownerPassword: "short" }, { origin: TEST_ORIGIN }),
      ).rejects.toMatchObject({ code: "invalid_input", fields: expect.objectContaining({ name: expect.anything() }) });
    }
  });

  it("A1: the link can be sent again, for what is pending only; an unknown address gets nothing", async () => {
    const db = await getDb();
    const email = uniqueEmail("again");
    const name = `Resent Studio ${email}`;
    await signUpStudio(db, { name, ownerEmail: email, ownerPassword: TEST_PASSWORD }, { origin: TEST_ORIGIN });
    const before = (await mailsTo(email, "verify_email")).length;
    await resendStudioSignUp(db, { email, origin: TEST_ORIGIN });
    await resendStudioSignUp(db, { email: uniqueEmail("nobody"), origin: TEST_ORIGIN });
    expect((await mailsTo(email, "verify_email")).length).toBe(before + 1);
  });
});
