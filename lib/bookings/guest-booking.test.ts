import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { bookings, clients, emailConfirmations, memberships, payments } from "@/db/schema";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { linkTokens, mailsTo, TEST_ORIGIN } from "@/test/support/identity";
import { makePlan, PLANS } from "@/test/support/membership-fixtures";
import { smtpForThisFile } from "@/test/support/smtp";
import { confirmGuestBooking, requestGuestBooking } from "./guest-booking";

const DAY = 24 * 3600_000;

// A5's link books without a password, so Sent mail does not keep it: the tests read it as the guest does, over SMTP.
const testSmtp = smtpForThisFile();

/** The confirmation token mailed to `email`: from the delivered mail, and never in what Sent mail keeps. */
async function mailedToken(email: string): Promise<string> {
  const [kept] = await mailsTo(email, "guest_booking_confirm");
  expect(kept!.status).toBe("sent");
  expect(linkTokens(kept!.body)).toEqual([]);
  expect(JSON.stringify(kept!.props)).not.toMatch(/token=/);
  expect(kept!.body).toContain("[the link is not kept in Sent mail]");
  const received = await testSmtp().waitFor(email);
  const [token] = linkTokens(received.text);
  expect(token).toBeTruthy();
  return token!;
}

describe("A5: guest booking", () => {
  it("A5: a guest booking with someone else's email books nothing on their record; the answer is the same as for a new address", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const email = uniqueEmail("alicja");
    const { client: alicja } = await findOrCreateClient(owner, { email, name: "Alicja", source: "staff" });
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + 3 * DAY) });
    const sys = await s.system();
    const fresh = uniqueEmail("fresh");
    expect(
      await requestGuestBooking(sys, { sessionId: session.id, email, name: "Mallory" }, { origin: TEST_ORIGIN }),
    ).toBeUndefined();
    expect(
      await requestGuestBooking(sys, { sessionId: session.id, email: fresh, name: "Fresh" }, { origin: TEST_ORIGIN }),
    ).toBeUndefined();
    const db = await getDb();
    expect(await db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toEqual([]);
    expect(await db.select().from(payments).where(eq(payments.clientId, alicja.id))).toEqual([]);
    // Nothing is created for the new address either, until its owner confirms.
    expect(
      await db
        .select()
        .from(clients)
        .where(and(eq(clients.studioId, s.studio.id), eq(clients.emailNormalized, fresh))),
    ).toEqual([]);
    expect((await mailsTo(email, "guest_booking_confirm")).length).toBe(1);
    expect((await mailsTo(fresh, "guest_booking_confirm")).length).toBe(1);
  });

  it("A5: the emailed link books the person at that email, as booked by the member (not staff), a drop-in that never spends their pack; single use, hashed", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const email = uniqueEmail("guest");
    const { client } = await findOrCreateClient(owner, { email, name: "Gus", source: "staff" });
    const pack = await makePlan(owner, PLANS.pack(10, 60));
    await assignMembership(owner, { planId: pack.id, clientId: client.id, paymentMethod: "cash" });
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + 3 * DAY) });
    const sys = await s.system();
    await requestGuestBooking(
      sys,
      { sessionId: session.id, email: email.toUpperCase(), name: "Gus" },
      { origin: TEST_ORIGIN },
    );
    const token = await mailedToken(email);
    const db = await getDb();
    const [held] = await db.select().from(emailConfirmations).where(eq(emailConfirmations.email, email));
    expect(held!.tokenHash).toBe(hashOneTimeToken(token));
    expect(held!.expiresAt.getTime() - held!.createdAt.getTime()).toBeLessThanOrEqual(DAY);

    const { booking, membershipId } = await confirmGuestBooking(await s.system(), token);
    expect(booking).toMatchObject({
      clientId: client.id,
      bookedBy: "member",
      bookedByActorId: null,
      sessionTaken: false,
    });
    expect(membershipId).toBeNull();
    const [m] = await db.select().from(memberships).where(eq(memberships.clientId, client.id));
    expect(m!.sessionsRemaining).toBe(10);
    await expect(confirmGuestBooking(await s.system(), token)).rejects.toMatchObject({ code: "link_invalid" });
  });

  it("A5: an expired link books nothing; refusals that depend only on the session come first, alike for every address", async () => {
    const s = await makeStudio();
    const owner = await s.owner();
    const { session } = await makeSession(owner, { startsAt: new Date(Date.now() + 3 * DAY) });
    const { session: memberOnly } = await makeSession(owner, {
      startsAt: new Date(Date.now() + 3 * DAY),
      memberOnly: true,
    });
    const email = uniqueEmail("late");
    const sys = await s.system();
    await requestGuestBooking(sys, { sessionId: session.id, email, name: "Late" }, { origin: TEST_ORIGIN });
    const token = await mailedToken(email);
    await expect(confirmGuestBooking(await s.system(new Date(Date.now() + DAY + 60_000)), token)).rejects.toMatchObject(
      {
        code: "link_invalid",
      },
    );
    await expect(
      requestGuestBooking(sys, { sessionId: memberOnly.id, email, name: "Late" }, { origin: TEST_ORIGIN }),
    ).rejects.toMatchObject({
      code: "membership_required",
    });
  });
});
