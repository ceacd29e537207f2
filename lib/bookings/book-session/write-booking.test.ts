import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, messages, payments } from "@/db/schema";
import { inTransaction } from "@/lib/core/ctx";
import { drainJobs } from "@/lib/jobs";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { writeBooking } from "./write-booking";

// Step 6 of bookSession: the booking row, a drop-in's payment due and the mail, in the booking's transaction (J1).

const T0 = new Date("2026-05-04T08:00:00Z");
const dropIn = { membershipId: null, sessionTaken: false, sessionsRemaining: null };

describe("writeBooking", () => {
  it("P0, J1: writes the booking, a payment due for a priced drop-in, and enqueues the confirmation in the same transaction", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Writer");
    const { session, cls } = await makeSession(owner, {
      startsAt: new Date(T0.getTime() + 86_400_000),
      dropInPriceCents: 1800,
    });
    const bookingId = randomUUID();
    const booking = await inTransaction(owner, (tx) =>
      writeBooking(tx, {
        bookingId,
        session,
        cls,
        clientId: client.id,
        payer: dropIn,
        by: "staff",
        mail: "booking_confirmed",
      }),
    );
    expect(booking).toMatchObject({
      id: bookingId,
      clientId: client.id,
      status: "booked",
      bookedBy: "staff",
      bookedByActorId: s.ownerId,
    });
    const due = await owner.db
      .select()
      .from(payments)
      .where(and(eq(payments.studioId, s.studio.id), eq(payments.bookingId, bookingId)));
    expect(due).toMatchObject([{ status: "due", amountCents: 1800 }]);
    await drainJobs();
    const mails = await owner.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.clientId, client.id)));
    expect(mails.map((m) => [m.kind, m.toAddress])).toEqual([["booking_confirmed", client.email]]);
    expect(mails[0]!.subject).toMatch(/^Booked: Vinyasa/);
  });

  it("J1: when the booking's transaction rolls back, no booking, no payment and no mail remain", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Rolled");
    const { session, cls } = await makeSession(owner, {
      startsAt: new Date(T0.getTime() + 86_400_000),
      dropInPriceCents: 1800,
    });
    const bookingId = randomUUID();
    await expect(
      inTransaction(owner, async (tx) => {
        await writeBooking(tx, {
          bookingId,
          session,
          cls,
          clientId: client.id,
          payer: dropIn,
          by: "staff",
          mail: "booking_confirmed",
          recipient: { name: client.name, email: client.email },
        });
        throw new Error("a later step refused");
      }),
    ).rejects.toThrow("a later step refused");
    await drainJobs();
    expect(await owner.db.select().from(bookings).where(eq(bookings.id, bookingId))).toHaveLength(0);
    expect(await owner.db.select().from(payments).where(eq(payments.bookingId, bookingId))).toHaveLength(0);
    expect(
      await owner.db
        .select()
        .from(messages)
        .where(and(eq(messages.studioId, s.studio.id), eq(messages.clientId, client.id))),
    ).toHaveLength(0);
  });
});
