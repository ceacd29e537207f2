import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, classSessions, messages, waitlistEntries } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { updateStudioSettings } from "@/lib/studios/settings";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { mailText } from "@/test/support/mail-text";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { bookSession } from "./book-session";
import { cancelBooking } from "./cancel-booking";
import { claimWaitlistPlace, joinWaitlist } from "./waitlist";

const T0 = new Date("2026-06-01T08:00:00Z");
const START = new Date("2026-06-03T16:00:00Z");
const HOUR = 3_600_000;

/** A studio with a 6-hour waitlist cutoff, a full one-place session and `waiters` clients with packs waiting for it. */
async function fullSession(waiters: number) {
  const s = await makeStudio();
  const studio = await updateStudioSettings(await s.owner(T0), { waitlistCutoffHours: 6 });
  const owner = async (now: Date): Promise<Ctx> => ({ ...(await s.owner(now)), studio });
  const member = async (clientId: string, now: Date): Promise<Ctx> => ({
    ...(await s.ctx({ kind: "member", userId: s.ownerId, clientId }, now)),
    studio,
  });
  const o = await owner(T0);
  const pack = await makePlan(o, PLANS.pack(5));
  const { session } = await makeSession(o, { startsAt: START, capacity: 1, dropInPriceCents: null });
  const holder = await makeClient(o, "Holder");
  await assignMembership(o, { planId: pack.id, clientId: holder.id });
  const placed = await bookSession(o, { sessionId: session.id, clientId: holder.id });
  const queue = [];
  for (let i = 0; i < waiters; i++) {
    const c = await makeClient(o, `Waiter${i}`);
    const { membership } = await assignMembership(o, { planId: pack.id, clientId: c.id });
    const entry = await joinWaitlist(await member(c.id, T0), { sessionId: session.id });
    queue.push({ client: c, entry, membership });
  }
  return { s, owner, member, session, placed, queue };
}

describe("B10: waitlist cutoff", () => {
  it("B10: before the cutoff a freed place still promotes the first waiting client (B4)", async () => {
    const { owner, session, placed, queue } = await fullSession(2);
    const before = await owner(new Date(START.getTime() - 7 * HOUR));
    const r = await cancelBooking(before, placed.booking.id);
    expect(r.promoted.map((p) => p.clientId)).toEqual([queue[0]!.client.id]);
    const offers = await before.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, before.studio.id), eq(messages.kind, "waitlist_place_offered")));
    expect(offers).toHaveLength(0);
    expect(session.id).toBeTruthy();
  });

  it("B10: after the cutoff nobody is promoted; the place is offered by mail to everyone waiting, the first to claim gets it", async () => {
    const { owner, member, session, placed, queue } = await fullSession(3);
    const after = new Date(START.getTime() - 5 * HOUR);
    process.env.APP_URL = "https://roster.example";
    const r = await cancelBooking(await owner(after), placed.booking.id).finally(() => delete process.env.APP_URL);
    expect(r.promoted).toEqual([]);
    const o = await owner(after);
    const [row] = await o.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(0);

    const offers = await o.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, o.studio.id), eq(messages.kind, "waitlist_place_offered")));
    expect(offers.map((m) => m.clientId).sort()).toEqual(queue.map((q) => q.client.id).sort());
    const text = await mailText(offers[0]);
    expect(text).toContain("the first to claim it gets it");
    expect(text).toContain(`https://roster.example/s/${o.studio.slug}/sessions/${session.id}`);

    // The last in the queue claims first: it gets the place, paid by its pack (S1).
    const last = queue[2]!;
    const claimed = await claimWaitlistPlace(await member(last.client.id, after), last.entry.id);
    expect(claimed.booking).toMatchObject({ clientId: last.client.id, status: "booked", bookedBy: "member" });
    expect((await loadMembership(o, last.membership.id)).sessionsRemaining).toBe(4);
    const [closed] = await o.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, last.entry.id));
    expect(closed!.promotedBookingId).toBe(claimed.booking.id);

    // A later claimer is told it is taken and keeps its place in the queue.
    const first = queue[0]!;
    await expect(claimWaitlistPlace(await member(first.client.id, after), first.entry.id)).rejects.toMatchObject({
      code: "place_taken",
      message: "Someone else claimed the place first. You are still on the waitlist.",
    });
    const [still] = await o.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, first.entry.id));
    expect(still).toMatchObject({ promotedBookingId: null, leftAt: null });
    expect((await loadMembership(o, first.membership.id)).sessionsRemaining).toBe(5);

    // Someone else's waitlist place is "not found"; so is one already claimed.
    await expect(claimWaitlistPlace(await member(first.client.id, after), queue[1]!.entry.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(claimWaitlistPlace(await member(last.client.id, after), last.entry.id)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("B10: no cutoff (0 or null) keeps promoting up to the start", async () => {
    const { s, owner, placed, queue } = await fullSession(1);
    await updateStudioSettings(await owner(T0), { waitlistCutoffHours: 0 });
    const [studio] = await (
      await owner(T0)
    ).db.query.studios.findMany({
      where: (t, { eq: is }) => is(t.id, s.studio.id),
    });
    const late = { ...(await s.owner(new Date(START.getTime() - HOUR))), studio: studio! };
    const r = await cancelBooking(late, placed.booking.id);
    expect(r.promoted.map((p) => p.clientId)).toEqual([queue[0]!.client.id]);
  });
});

describe.skipIf(testDatabaseMode() !== "postgres")("B10: claims race on Postgres", () => {
  it(
    "B10: 12 waiting clients claim the one freed place at once: exactly one is booked, booked_count is 1",
    { timeout: 60_000 },
    async () => {
      const { owner, member, session, placed, queue } = await fullSession(12);
      const after = new Date(START.getTime() - 2 * HOUR);
      await cancelBooking(await owner(after), placed.booking.id);
      const results = await Promise.allSettled(
        queue.map(async (q) => claimWaitlistPlace(await member(q.client.id, after), q.entry.id)),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "place_taken" });
      const o = await owner(after);
      const [row] = await o.db.select().from(classSessions).where(eq(classSessions.id, session.id));
      expect(row!.bookedCount).toBe(1);
      const live = await o.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.sessionId, session.id), eq(bookings.status, "booked")));
      expect(live).toHaveLength(1);
      const waiting = await o.db.select().from(waitlistEntries).where(eq(waitlistEntries.sessionId, session.id));
      expect(waiting.filter((w) => w.promotedBookingId !== null)).toHaveLength(1);
      // Only the winner's pack lost a session (S1).
      const left = await Promise.all(
        queue.map(async (q) => (await loadMembership(o, q.membership.id)).sessionsRemaining),
      );
      expect(left.filter((n) => n === 4)).toHaveLength(1);
      expect(left.filter((n) => n === 5)).toHaveLength(11);
    },
  );
});
