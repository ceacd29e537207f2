import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { getDb } from "@/db";
import { auditLog, classes, clients, messages, payments, refunds, stripeAccounts, type Payment } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { drainJobs } from "@/lib/jobs";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { listLedger } from "@/lib/memberships/ledger";
import { markPaymentPaid } from "@/lib/payments/payments";
import { canWaiveFee, waiveFee } from "@/lib/payments/waive-fee";
import { chargeFeeJob } from "@/lib/payments/fee-jobs";
import { updatePlan } from "@/lib/plans/plans";
import { receiveStripeWebhook } from "@/lib/stripe/webhook";
import { updateStudioSettings, type UpdateStudioSettingsInput } from "@/lib/studios/settings";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { startTestStripe, type TestStripe } from "@/test/support/stripe-server";
import { testDatabaseMode } from "@/test/support/test-database";
import { checkInvariants } from "@/test/trust/invariant-checks";
import { markAttendance } from "./attendance";
import { bookSession } from "./book-session";
import { feePolicyText } from "./booking-fees";
import { cancelBooking, cancelPreview } from "./cancel-booking";

const T0 = new Date("2026-06-01T08:00:00Z");
const HOUR = 3_600_000;
const SECRET = "whsec_fees_test";

let stripe: TestStripe;
let restoreEnv: () => void;
beforeAll(async () => {
  stripe = await startTestStripe();
});
afterAll(async () => {
  await stripe.close();
});

/** Stripe configured (the recorder) only inside `fn`; elsewhere the studio takes no cards. */
async function withStripe<T>(fn: () => Promise<T>): Promise<T> {
  restoreEnv = stripe.useForStripe();
  try {
    return await fn();
  } finally {
    restoreEnv();
  }
}

/** A studio with the given settings, a 4-session pack for Maja, and a session `startsInHours` from T0. */
async function setup(settings: UpdateStudioSettingsInput, startsInHours = 6) {
  const s = await makeStudio();
  const studio = await updateStudioSettings(await s.owner(T0), settings);
  const owner: Ctx = { ...(await s.owner(T0)), studio };
  const plan = await makePlan(owner, PLANS.pack(4, 60));
  const client = await makeClient(owner, "Maja");
  const { membership: pack } = await assignMembership(owner, { planId: plan.id, clientId: client.id });
  const member: Ctx = { ...(await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0)), studio };
  const { session, cls } = await makeSession(owner, { startsAt: new Date(T0.getTime() + startsInHours * HOUR) });
  return { s, studio, owner, member, plan, client, pack, session, cls };
}

async function feesOf(ctx: Ctx): Promise<Payment[]> {
  return (await ctx.db.select().from(payments).where(eq(payments.studioId, ctx.studio.id))).filter((p) => p.fee);
}

async function mailsOf(ctx: Ctx, kind: string) {
  return ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, ctx.studio.id), eq(messages.kind, kind)));
}

/** Connects the studio's Stripe (charges enabled) and gives the client a saved card. */
async function connect(ctx: Ctx, clientId: string, card = "pm_card_visa") {
  const db = await getDb();
  const account = `acct_${Math.random().toString(36).slice(2, 10)}`;
  await db.insert(stripeAccounts).values({ studioId: ctx.studio.id, accountId: account, chargesEnabled: true });
  await db
    .update(clients)
    .set({ stripeCustomerId: `cus_${clientId.slice(0, 8)}`, stripePaymentMethodId: card })
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId)));
  return account;
}

describe("B9: late-cancel and no-show fees", () => {
  it("B9: fee on late cancel: a member cancelling inside the window owes the fee, and the session goes back", async () => {
    const { owner, member, pack, session } = await setup({
      lateCancelHours: 12,
      lateCancelPolicy: { kind: "fee", feeCents: 2000 },
    });
    const { booking } = await bookSession(member, { sessionId: session.id });
    expect(await cancelPreview(member, booking.id)).toMatchObject({ sessionReturned: true, lateFeeCents: 2000 });
    expect(await cancelBooking(member, booking.id)).toMatchObject({ sessionReturned: true, sessionsRemaining: 4 });
    const [fee, ...more] = await feesOf(owner);
    expect(more).toEqual([]);
    expect(fee).toMatchObject({
      fee: "late_cancel",
      bookingId: booking.id,
      amountCents: 2000,
      status: "due",
      method: null,
    });
    expect(fee!.description).toMatch(/^Late-cancel fee: Vinyasa, /);
    expect((await listLedger(owner, pack.id)).map((r) => r.reason)).not.toContain("late_cancel");
    expect((await mailsOf(owner, "fee_raised")).map((m) => m.subject)).toEqual(["Late-cancel fee: €20.00 due"]);
    expect(await checkInvariants(owner)).toEqual([]);
  });

  it("B9: forfeit still B7: with the default policy a late cancel keeps the session spent and costs nothing", async () => {
    const { owner, member, pack, session } = await setup({ lateCancelHours: 12 });
    const { booking } = await bookSession(member, { sessionId: session.id });
    expect(await cancelPreview(member, booking.id)).toMatchObject({ keptBecause: "late_cancel", lateFeeCents: null });
    expect(await cancelBooking(member, booking.id)).toMatchObject({ sessionReturned: false, sessionsRemaining: 3 });
    expect((await listLedger(owner, pack.id)).map((r) => r.reason)).toContain("late_cancel");
    expect(await feesOf(owner)).toEqual([]);
    // Outside the window, or cancelled by staff, a fee policy costs nothing either.
    const fee = await setup({ lateCancelHours: 12, lateCancelPolicy: { kind: "fee", feeCents: 2000 } }, 30);
    const early = await bookSession(fee.member, { sessionId: fee.session.id });
    await cancelBooking(fee.member, early.booking.id);
    const late = await makeSession(fee.owner, { startsAt: new Date(T0.getTime() + 2 * HOUR) });
    const byStaff = await bookSession(fee.owner, { sessionId: late.session.id, clientId: fee.client.id });
    await cancelBooking(fee.owner, byStaff.booking.id, { by: "staff" });
    expect(await feesOf(fee.owner)).toEqual([]);
    expect(await checkInvariants(owner)).toEqual([]);
  });

  it("B9, O6: fee on no-show, and an idempotent double no-show mark: marked twice, one fee; undone, the fee is voided; marked again, no second fee", async () => {
    const { owner, client, session } = await setup({ noShowPolicy: { kind: "fee", feeCents: 3000 } }, -2);
    const { booking } = await bookSession(
      { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
      {
        sessionId: session.id,
        clientId: client.id,
      },
    );
    await markAttendance(owner, booking.id, { status: "no_show" });
    await markAttendance(owner, booking.id, { status: "no_show" });
    const raised = await feesOf(owner);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ fee: "no_show", amountCents: 3000, status: "due", bookingId: booking.id });
    await markAttendance(owner, booking.id, { status: "booked" });
    expect(await feesOf(owner)).toEqual([expect.objectContaining({ status: "void", feeWaivedAt: owner.now })]);
    await markAttendance(owner, booking.id, { status: "no_show" });
    const fees = await feesOf(owner);
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ id: raised[0]!.id, status: "void" });
    expect(await mailsOf(owner, "fee_raised")).toHaveLength(1);
    const waived = await owner.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, owner.studio.id), eq(auditLog.action, "payment.fee_waived")));
    expect(waived.map((a) => (a.data as { because: string }).because)).toEqual(["no_show_undone"]);
    expect(await checkInvariants(owner)).toEqual([]);
  });

  it("B9, O6: a no-show fee paid at the desk goes back as a refund when the instructor marks the person present after all", async () => {
    const { s, owner, client, session, cls } = await setup({ noShowPolicy: { kind: "fee", feeCents: 2500 } }, -2);
    const { booking } = await bookSession(
      { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
      { sessionId: session.id, clientId: client.id },
    );
    await markAttendance(owner, booking.id, { status: "no_show" });
    const [fee] = await feesOf(owner);
    await markPaymentPaid(owner, fee!.id, { method: "cash" });
    const instructor = await s.staffAs("instructor", T0);
    const instructorId = instructor.actor.kind === "staff" ? instructor.actor.userId : null;
    await owner.db.update(classes).set({ instructorId }).where(eq(classes.id, cls.id)); // T3: their own session
    expect(await markAttendance(instructor, booking.id, { present: true })).toMatchObject({
      status: "booked",
      present: true,
    });
    expect((await feesOf(owner))[0]).toMatchObject({ status: "paid", refundedCents: 2500, feeWaivedAt: T0 });
    const back = await owner.db.select().from(refunds).where(eq(refunds.studioId, owner.studio.id));
    expect(back).toEqual([
      expect.objectContaining({ paymentId: fee!.id, amountCents: 2500, reason: "No-show undone" }),
    ]);
    await markAttendance(instructor, booking.id, { present: false });
    expect(await owner.db.select().from(refunds).where(eq(refunds.studioId, owner.studio.id))).toHaveLength(1);
    expect(await checkInvariants(owner)).toEqual([]);
  });

  it.skipIf(testDatabaseMode() !== "postgres")(
    "B9: two no-show marks racing on real connections raise one fee",
    async () => {
      const { owner, client, session } = await setup({ noShowPolicy: { kind: "fee", feeCents: 3000 } }, -2);
      const { booking } = await bookSession(
        { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
        {
          sessionId: session.id,
          clientId: client.id,
        },
      );
      await Promise.all(Array.from({ length: 4 }, () => markAttendance(owner, booking.id, { status: "no_show" })));
      expect(await feesOf(owner)).toHaveLength(1);
    },
  );

  it("B9: plan override: a plan's own policy wins over the studio's, either way", async () => {
    const { owner, member, client, plan, session } = await setup(
      { lateCancelHours: 12, lateCancelPolicy: { kind: "fee", feeCents: 2000 } },
      20,
    );
    await updatePlan(owner, plan.id, {
      lateCancelPolicy: { kind: "forfeit" },
      noShowPolicy: { kind: "fee", feeCents: 1500 },
    });
    // No-show: the studio forfeits, the plan (which pays the booking) charges 15.00.
    const { booking } = await bookSession(owner, { sessionId: session.id, clientId: client.id });
    await markAttendance(owner, booking.id, { status: "no_show" });
    // Late cancel: the studio charges, the plan forfeits (B7).
    const soon = await makeSession(owner, { startsAt: new Date(T0.getTime() + 3 * HOUR) });
    const b2 = await bookSession(member, { sessionId: soon.session.id });
    expect(await cancelBooking(member, b2.booking.id)).toMatchObject({ sessionReturned: false });
    // A drop-in (no plan) falls under the studio's: a fee.
    const other = await makeClient(owner, "Ola");
    const drop = await bookSession(owner, { sessionId: soon.session.id, clientId: other.id });
    await cancelBooking({ ...owner, actor: { kind: "member", userId: null, clientId: other.id } }, drop.booking.id);
    const fees = await feesOf(owner);
    expect(fees.map((f) => [f.fee, f.amountCents, f.clientId]).sort()).toEqual(
      [
        ["late_cancel", 2000, other.id],
        ["no_show", 1500, client.id],
      ].sort(),
    );
    expect(await checkInvariants(owner)).toEqual([]);
  });

  it("B9: the member is told the policy before booking", async () => {
    const { owner, plan } = await setup({
      currency: "PLN",
      lateCancelHours: 12,
      lateCancelPolicy: { kind: "fee", feeCents: 2000 },
      noShowPolicy: { kind: "fee", feeCents: 3000 },
    });
    const text = (p: Parameters<typeof feePolicyText>[1]) => feePolicyText(owner, p)?.replace(/\u00a0/g, " ");
    expect(text(null)).toBe("Cancelling less than 12 h before costs PLN 20.00; a no-show costs PLN 30.00.");
    expect(text({ ...plan, lateCancelPolicy: { kind: "forfeit" }, noShowPolicy: null })).toBe(
      "A no-show costs PLN 30.00.",
    );
    expect(feePolicyText({ ...owner, studio: { ...owner.studio, settings: {} as never } }, null)).toBeNull();
  });

  it("B9: with Stripe and a saved card the no-show fee is charged off session once, and the member is mailed", async () => {
    await withStripe(async () => {
      const { owner, client, session } = await setup({ noShowPolicy: { kind: "fee", feeCents: 3000 } }, -2);
      const account = await connect(owner, client.id);
      const { booking } = await bookSession(
        { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
        {
          sessionId: session.id,
          clientId: client.id,
        },
      );
      stripe.clear();
      await markAttendance(owner, booking.id, { status: "no_show" });
      expect(await mailsOf(owner, "fee_raised")).toEqual([]); // the charge's outcome decides the mail
      await drainJobs();
      const [fee] = await feesOf(owner);
      expect(fee).toMatchObject({ status: "paid", method: "stripe", amountCents: 3000 });
      expect(fee!.stripePaymentIntentId).toMatch(/^pi_test_/);
      const [call, ...again] = stripe.calls("/v1/payment_intents", "POST");
      expect(again).toEqual([]);
      expect(call).toMatchObject({ stripeAccount: account, idempotencyKey: `roster-fee-${booking.id}-no_show` });
      expect(call!.form).toMatchObject({
        amount: "3000",
        currency: "eur",
        confirm: "true",
        off_session: "true",
        payment_method: "pm_card_visa",
      });
      // A retried job finds it paid and charges nothing.
      await chargeFeeJob({ studioId: owner.studio.id, paymentId: fee!.id });
      expect(stripe.calls("/v1/payment_intents", "POST")).toHaveLength(1);
      expect((await mailsOf(owner, "fee_raised")).map((m) => m.subject)).toEqual(["No-show fee: €30.00 charged"]);
      expect(await checkInvariants(owner)).toEqual([]);
    });
  });

  it("B9: a fee refused by the card (card_declined) stays a payment due; nothing is lost", async () => {
    await withStripe(async () => {
      const { owner, client, session } = await setup({ noShowPolicy: { kind: "fee", feeCents: 3000 } }, -2);
      stripe.declining.add("pm_card_declined");
      await connect(owner, client.id, "pm_card_declined");
      const { booking } = await bookSession(
        { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
        {
          sessionId: session.id,
          clientId: client.id,
        },
      );
      await markAttendance(owner, booking.id, { status: "no_show" });
      await drainJobs();
      const [fee] = await feesOf(owner);
      expect(fee).toMatchObject({ status: "due", method: null, stripePaymentIntentId: null });
      const declined = await owner.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.studioId, owner.studio.id), eq(auditLog.action, "payment.fee_declined")));
      expect(declined.map((a) => a.data)).toEqual([{ code: "card_declined" }]);
      expect((await mailsOf(owner, "fee_raised")).map((m) => m.subject)).toEqual(["No-show fee: €30.00 due"]);
      // Without a saved card at all, the same: due, and said so.
      const other = await makeClient(owner, "Ola");
      const b2 = await bookSession(
        { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
        {
          sessionId: session.id,
          clientId: other.id,
        },
      );
      await markAttendance(owner, b2.booking.id, { status: "no_show" });
      await drainJobs();
      expect((await feesOf(owner)).map((f) => f.status)).toEqual(["due", "due"]);
    });
  });

  it("B9: waive within 24 h: a due fee is cancelled, a charged one refunded through Stripe once; audited", async () => {
    await withStripe(async () => {
      const { s, owner, client, session } = await setup({ noShowPolicy: { kind: "fee", feeCents: 3000 } }, -2);
      const past = { ...owner, now: new Date(T0.getTime() - 5 * HOUR) };
      const other = await makeClient(owner, "Ola");
      await connect(owner, client.id);
      const charged = await bookSession(past, { sessionId: session.id, clientId: client.id });
      const due = await bookSession(past, { sessionId: session.id, clientId: other.id });
      await markAttendance(owner, charged.booking.id, { status: "no_show" });
      await markAttendance(owner, due.booking.id, { status: "no_show" });
      await drainJobs();
      const fees = await feesOf(owner);
      const paid = fees.find((f) => f.clientId === client.id)!;
      const owed = fees.find((f) => f.clientId === other.id)!;
      expect([paid.status, owed.status]).toEqual(["paid", "due"]);

      const later = { ...owner, now: new Date(T0.getTime() + 23 * HOUR) };
      const frontDesk = await s.staffAs("front_desk", later.now);
      await expect(waiveFee({ ...frontDesk, studio: owner.studio }, owed.id)).rejects.toMatchObject({
        code: "forbidden",
      });
      expect(await waiveFee(later, owed.id)).toMatchObject({ status: "void", feeWaivedAt: later.now });
      stripe.clear();
      expect(await waiveFee(later, paid.id)).toMatchObject({ status: "paid", feeWaivedAt: later.now });
      expect(await waiveFee(later, paid.id)).toMatchObject({ feeWaivedAt: later.now }); // twice: nothing more
      await drainJobs();
      await drainJobs();
      const [refundCall, ...more] = stripe.calls("/v1/refunds", "POST");
      expect(more).toEqual([]);
      expect(refundCall).toMatchObject({ idempotencyKey: `roster-fee-refund-${paid.id}` });
      expect(refundCall!.form).toMatchObject({ payment_intent: paid.stripePaymentIntentId, amount: "3000" });
      const after = (await feesOf(owner)).find((f) => f.id === paid.id)!;
      expect(after).toMatchObject({ status: "paid", refundedCents: 3000 });
      const rows = await owner.db.select().from(refunds).where(eq(refunds.studioId, owner.studio.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.stripeRefundId).toMatch(/^re_test_/);
      const waived = await owner.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.studioId, owner.studio.id), eq(auditLog.action, "payment.fee_waived")));
      expect(waived).toHaveLength(2);
      // Both members were told of their fee (charged; due), so both are told it was waived, once each.
      const told = await mailsOf(owner, "fee_waived");
      expect(told.map((m) => [m.clientId, m.subject]).sort()).toEqual(
        [
          [client.id, "No-show fee of €30.00 waived"],
          [other.id, "No-show fee of €30.00 waived"],
        ].sort(),
      );
      expect(told.find((m) => m.clientId === client.id)!.props).toMatchObject({ refunded: true });
      expect(told.find((m) => m.clientId === other.id)!.props).toMatchObject({ refunded: false });
      expect(await checkInvariants(owner)).toEqual([]);
    });
  });

  it("B9: waive after 24 h refused (fee_waive_expired); a payment that is no fee is refused (not_a_fee)", async () => {
    const { owner, client, session, pack } = await setup({ noShowPolicy: { kind: "fee", feeCents: 3000 } }, -2);
    const { booking } = await bookSession(
      { ...owner, now: new Date(T0.getTime() - 5 * HOUR) },
      {
        sessionId: session.id,
        clientId: client.id,
      },
    );
    await markAttendance(owner, booking.id, { status: "no_show" });
    const [fee] = await feesOf(owner);
    const tooLate = { ...owner, now: new Date(T0.getTime() + 24 * HOUR + 1000) };
    expect(canWaiveFee(fee!, tooLate.now)).toBe(false);
    expect(canWaiveFee(fee!, owner.now)).toBe(true);
    await expect(waiveFee(tooLate, fee!.id)).rejects.toMatchObject({ code: "fee_waive_expired" });
    const sale = (await owner.db.select().from(payments).where(eq(payments.membershipId, pack.id)))[0];
    if (sale) await expect(waiveFee(owner, sale.id)).rejects.toMatchObject({ code: "not_a_fee" });
    const stranger = await makeStudio();
    await expect(waiveFee(await stranger.owner(T0), fee!.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("B9: checkout saves the card (setup_future_usage) and the signed webhook remembers it for fees", async () => {
    await withStripe(async () => {
      process.env.STRIPE_WEBHOOK_SECRET = SECRET;
      const { owner, client, plan } = await setup({});
      const account = await connect(owner, client.id);
      await owner.db
        .update(clients)
        .set({ stripePaymentMethodId: null })
        .where(and(eq(clients.studioId, owner.studio.id), eq(clients.id, client.id)));
      const { checkouts } = await import("@/db/schema");
      const [co] = await owner.db
        .insert(checkouts)
        .values({
          studioId: owner.studio.id,
          clientId: client.id,
          kind: "membership",
          planId: plan.id,
          amountCents: plan.priceCents,
          currency: "EUR",
          stripeCheckoutSessionId: "cs_fees_1",
        })
        .returning();
      stripe.savedCard = "pm_saved_at_checkout";
      const evt = {
        id: `evt_${co!.id}`,
        object: "event",
        type: "checkout.session.completed",
        account,
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: "cs_fees_1",
            object: "checkout.session",
            mode: "payment",
            status: "complete",
            payment_status: "paid",
            client_reference_id: co!.id,
            metadata: { roster_checkout_id: co!.id },
            customer: `cus_${client.id.slice(0, 8)}`,
            payment_intent: "pi_checkout_1",
            amount_total: plan.priceCents,
            currency: "eur",
          },
        },
      };
      const payload = JSON.stringify(evt);
      const reply = await receiveStripeWebhook(
        getDb,
        payload,
        Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
      );
      expect(reply.status).toBe(200);
      const [row] = await owner.db
        .select({ pm: clients.stripePaymentMethodId })
        .from(clients)
        .where(and(eq(clients.studioId, owner.studio.id), eq(clients.id, client.id)));
      expect(row!.pm).toBe("pm_saved_at_checkout");
      delete process.env.STRIPE_WEBHOOK_SECRET;
    });
  });
});
