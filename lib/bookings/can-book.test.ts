import { afterEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { bookings, classSessions, clients, stripeAccounts } from "@/db/schema";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { bookSession } from "./book-session";
import { canBook } from "./can-book";

// STYLE December 2026 #4: "would this booking be allowed, who pays, what does it cost", read-only.

const T0 = new Date("2026-05-04T08:00:00Z");
const inDays = (n: number) => new Date(T0.getTime() + n * 86_400_000);

afterEach(() => {
  delete process.env.STRIPE_SECRET_KEY;
});

describe("canBook", () => {
  it("S1, S4, B1, B2: answers what bookSession then does, and writes nothing (no booking, no place, no session spent, no client)", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Asker");
    const { membership: pack } = await assignMembership(owner, {
      planId: (await makePlan(owner, PLANS.pack(2, 60))).id,
      clientId: client.id,
    });
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    const { session } = await makeSession(owner, { startsAt: inDays(1), capacity: 1 });

    const preview = await canBook(member, { sessionId: session.id });
    expect(preview).toEqual({
      clientId: client.id,
      membershipId: pack.id,
      planName: "2-class pack",
      sessionsLeft: 1,
      sessionTaken: true,
      priceCents: null,
      currency: s.studio.currency,
      payNow: false,
    });
    const [row] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(row!.bookedCount).toBe(0);
    expect(await owner.db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toHaveLength(0);

    const booked = await bookSession(member, { sessionId: session.id });
    expect(booked).toMatchObject({ membershipId: preview.membershipId, sessionsRemaining: preview.sessionsLeft });
    await expect(canBook(member, { sessionId: session.id })).rejects.toMatchObject({ code: "already_booked" });
    const other = await makeClient(owner, "Late");
    await expect(canBook(owner, { sessionId: session.id, clientId: other.id })).rejects.toMatchObject({
      code: "class_full",
    });

    // By an email nobody has yet: a drop-in for a client C1 would create, and none is created by asking.
    const open = await makeSession(owner, { startsAt: inDays(2), dropInPriceCents: 4000 });
    const email = uniqueEmail("asked");
    expect(await canBook(owner, { sessionId: open.session.id, email, name: "Asked" })).toMatchObject({
      clientId: null,
      membershipId: null,
      priceCents: 4000,
      payNow: false,
    });
    expect(
      await owner.db
        .select()
        .from(clients)
        .where(and(eq(clients.studioId, s.studio.id), eq(clients.emailNormalized, email))),
    ).toHaveLength(0);
    const members = await makeSession(owner, { startsAt: inDays(2), memberOnly: true });
    await expect(canBook(owner, { sessionId: members.session.id, email, name: "Asked" })).rejects.toMatchObject({
      code: "membership_required",
    });
    await expect(
      canBook(owner, { sessionId: open.session.id, clientId: client.id }, { guest: true }),
    ).resolves.toMatchObject({ membershipId: null, priceCents: 4000 });
  });

  it("P0: a member's own priced drop-in while the studio takes cards is payNow (not a refusal); staff see a payment due", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Card");
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    const { session } = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 2500 });
    expect(await canBook(member, { sessionId: session.id })).toMatchObject({
      membershipId: null,
      priceCents: 2500,
      payNow: false,
    });
    process.env.STRIPE_SECRET_KEY = "sk_test_not_called";
    await owner.db
      .insert(stripeAccounts)
      .values({ studioId: s.studio.id, accountId: `acct_${s.studio.id.slice(0, 8)}`, chargesEnabled: true });
    expect(await canBook(member, { sessionId: session.id })).toMatchObject({
      membershipId: null,
      priceCents: 2500,
      payNow: true,
    });
    expect(await canBook(owner, { sessionId: session.id, clientId: client.id })).toMatchObject({ payNow: false });
  });

  it.skipIf(testDatabaseMode() !== "postgres")(
    "never takes the session row's lock: it answers while a booking holds the row",
    { timeout: 30_000 },
    async () => {
      const s = await makeStudio();
      const owner = await s.owner(T0);
      const client = await makeClient(owner, "Waiting");
      const { session } = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 1000 });
      // A transaction on another connection of the pool holds the session's row, as a booking in progress
      // would (reserve_place → commit); canBook, on the pool, must answer without waiting for it.
      await owner.db.transaction(async (tx) => {
        await tx.execute(sql`select id from class_sessions where id = ${session.id} for update`);
        const started = Date.now();
        const preview = await Promise.race([
          canBook(owner, { sessionId: session.id, clientId: client.id }),
          new Promise((resolve) => setTimeout(() => resolve("waited for the lock"), 5000)),
        ]);
        expect(preview).toMatchObject({ priceCents: 1000 });
        expect(Date.now() - started).toBeLessThan(5000);
      });
    },
  );
});
