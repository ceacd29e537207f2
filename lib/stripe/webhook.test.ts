import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import {
  auditLog,
  bookings,
  checkouts,
  clients,
  memberships,
  messages,
  payments,
  refunds,
  stripeAccounts,
  stripeEvents,
} from "@/db/schema";
import { listPaymentFailed } from "@/lib/memberships/payment-failed";
import { POST } from "@/app/api/stripe/webhook/route";
import { bookSession } from "@/lib/bookings/book-session";
import { drainJobs } from "@/lib/jobs";
import { call } from "@/test/support/api";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { startTestStripe, type TestStripe } from "@/test/support/stripe-server";
import { testDatabaseMode } from "@/test/support/test-database";
import { applyStripeEvent, MAX_WEBHOOK_BODY_BYTES } from "./webhook";
import { mailText } from "@/test/support/mail-text";

const SECRET = "whsec_roster_test_secret";
const rand = () => randomBytes(6).toString("hex");
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

let stripe: TestStripe;
let restoreEnv: () => void;
/** What the recorder answers for `GET /v1/subscriptions/{id}`: Stripe's current state, which tests move. */
const subscriptions = new Map<string, { status: string; periodEnd: Date; metadata?: Record<string, string> }>();
/** What `GET /v1/invoice_payments?invoice=…` answers: the payment intent that paid each invoice. */
const invoiceIntents = new Map<string, string>();

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  stripe = await startTestStripe();
  restoreEnv = stripe.useForStripe();
  stripe.on("GET", /^\/v1\/subscriptions\/[^/]+$/, (r) => {
    const id = r.path.split("/")[3]!;
    const s = subscriptions.get(id);
    if (!s)
      return {
        status: 404,
        body: {
          error: { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${id}'` },
        },
      };
    return {
      id,
      object: "subscription",
      status: s.status,
      metadata: s.metadata ?? {},
      items: {
        object: "list",
        has_more: false,
        data: [{ id: `si_${id}`, object: "subscription_item", current_period_end: unix(s.periodEnd) }],
      },
    };
  });
  stripe.on("GET", /^\/v1\/invoice_payments$/, (r) => {
    const intent = invoiceIntents.get(r.query.invoice ?? "");
    return {
      object: "list",
      has_more: false,
      data: intent
        ? [
            {
              id: `inpay_${intent}`,
              object: "invoice_payment",
              status: "paid",
              payment: { type: "payment_intent", payment_intent: intent },
            },
          ]
        : [],
    };
  });
});

afterAll(async () => {
  restoreEnv();
  delete process.env.STRIPE_WEBHOOK_SECRET;
  await stripe.close();
});

function event(type: string, object: Record<string, unknown>, account: string | null, id = `evt_${rand()}`) {
  return {
    id,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: unix(new Date()),
    type,
    ...(account ? { account } : {}),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** Delivers an event to the route as Stripe would: the JSON body signed with the endpoint's secret. */
async function deliver(evt: unknown, opts: { signature?: string | null; body?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(evt);
  const signature =
    opts.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: opts.timestamp })
      : opts.signature;
  return call(POST as never, {
    method: "POST",
    path: "/api/stripe/webhook",
    rawBody: opts.body ?? payload,
    headers: signature === null ? {} : { "stripe-signature": signature },
  });
}

type Shop = { s: TestStudio; account: string; clientId: string };

async function shop(): Promise<Shop> {
  const s = await makeStudio();
  const account = `acct_${rand()}`;
  const db = await getDb();
  await db.insert(stripeAccounts).values({ studioId: s.studio.id, accountId: account, chargesEnabled: true });
  const client = await makeClient(await s.owner(), "Buyer");
  return { s, account, clientId: client.id };
}

async function openCheckout(
  p: Shop,
  what: { planId: string; amountCents: number } | { classSessionId: string; amountCents: number },
) {
  const db = await getDb();
  const [co] = await db
    .insert(checkouts)
    .values({
      studioId: p.s.studio.id,
      clientId: p.clientId,
      kind: "planId" in what ? "membership" : "drop_in",
      planId: "planId" in what ? what.planId : null,
      classSessionId: "classSessionId" in what ? what.classSessionId : null,
      amountCents: what.amountCents,
      currency: "EUR",
      stripeCheckoutSessionId: `cs_${rand()}`,
    })
    .returning();
  return co!;
}

function sessionCompleted(
  p: Shop,
  co: { id: string; amountCents: number; stripeCheckoutSessionId: string | null },
  extra: Record<string, unknown> = {},
) {
  return event(
    "checkout.session.completed",
    {
      id: co.stripeCheckoutSessionId,
      object: "checkout.session",
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      client_reference_id: co.id,
      metadata: { roster_checkout_id: co.id, roster_studio_id: p.s.studio.id },
      customer: `cus_${rand()}`,
      payment_intent: `pi_${rand()}`,
      subscription: null,
      amount_total: co.amountCents,
      currency: "eur",
      ...extra,
    },
    p.account,
  );
}

async function rowsOf(studioId: string) {
  const db = await getDb();
  const where = <T extends { studioId: unknown }>(t: T) => eq(t.studioId as never, studioId);
  return {
    memberships: await db.select().from(memberships).where(where(memberships)),
    payments: await db.select().from(payments).where(where(payments)),
    refunds: await db.select().from(refunds).where(where(refunds)),
    bookings: await db.select().from(bookings).where(where(bookings)),
    checkouts: await db.select().from(checkouts).where(where(checkouts)),
  };
}

async function spend(studioId: string, clientId: string): Promise<number> {
  const db = await getDb();
  const [c] = await db
    .select({ spend: clients.lifetimeSpendCents })
    .from(clients)
    .where(and(eq(clients.studioId, studioId), eq(clients.id, clientId)));
  return Number(c!.spend);
}

describe("POST /api/stripe/webhook: the signature", () => {
  it("P0: a missing header, a tampered body and a stale timestamp get 400, and nothing is recorded", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const evt = sessionCompleted(p, co);

    const missing = await deliver(evt, { signature: null });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("missing_signature");

    const tampered = await deliver(evt, {
      body: JSON.stringify({ ...evt, data: { object: { ...evt.data.object, amount_total: 1 } } }),
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error).toBe("invalid_signature");

    const stale = await deliver(evt, { timestamp: unix(new Date()) - 3600 });
    expect(stale.status).toBe(400);
    expect(stale.body.message).toMatch(/too old/);

    const wrongSecret = await deliver(evt, {
      signature: Stripe.webhooks.generateTestHeaderString({ payload: JSON.stringify(evt), secret: "whsec_other" }),
    });
    expect(wrongSecret.status).toBe(400);

    const db = await getDb();
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, evt.id))).toHaveLength(0);
    expect((await rowsOf(p.s.studio.id)).memberships).toHaveLength(0);

    // The same event, signed right, is applied: the refusals above were about the signature.
    const ok = await deliver(evt);
    expect(ok.status).toBe(200);
    expect((await rowsOf(p.s.studio.id)).memberships).toHaveLength(1);
  });

  it("P0: without STRIPE_WEBHOOK_SECRET the endpoint answers 503 and applies nothing", async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const res = await deliver(event("customer.created", { id: "cus_x", object: "customer" }, null));
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/STRIPE_WEBHOOK_SECRET/);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = SECRET;
    }
  });
});

describe("POST /api/stripe/webhook: the body is capped before it is read (issue 14)", () => {
  /** A body of `size` bytes as a stream that counts how many bytes were pulled from it. */
  function countedStream(size: number) {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (counter.pulled >= size) return c.close();
        counter.pulled += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    return { stream, counter };
  }
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    POST(
      new Request("http://localhost/api/stripe/webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00", ...headers },
        body,
        duplex: "half",
      } as RequestInit),
    );

  it("issue 14: over MAX_WEBHOOK_BODY_BYTES is 413 whether declared, streamed without a length, or lied about; the stream stops being read past the cap", async () => {
    expect(MAX_WEBHOOK_BODY_BYTES).toBe(1024 * 1024);
    const big = "x".repeat(MAX_WEBHOOK_BODY_BYTES + 1);
    const declared = await post(big);
    const claims = await post("{}", { "content-length": String(128 * 1024 * 1024) });
    const lying = await post(big, { "content-length": "100" });
    const huge = countedStream(128 * 1024 * 1024);
    const streamed = await post(huge.stream);
    for (const res of [declared, claims, lying, streamed]) {
      expect(res.status).toBe(413);
      expect((await res.json()).error).toBe("payload_too_large");
    }
    // Read up to the cap and a little (a few chunks of buffering), never the 128 MiB.
    expect(huge.counter.pulled).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 1024 * 1024);
    // Just under the cap, the body is read and its signature checked (400: it is not signed).
    const under = await post("x".repeat(MAX_WEBHOOK_BODY_BYTES - 10));
    expect(under.status).toBe(400);
    expect((await under.json()).error).toBe("invalid_signature");
  });

  it("issue 14: without STRIPE_WEBHOOK_SECRET the answer is 503 and the body is not read at all", async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      const huge = countedStream(128 * 1024 * 1024);
      const res = await post(huge.stream);
      expect(res.status).toBe(503);
      expect((await res.json()).error).toBe("stripe_not_configured");
      expect(huge.counter.pulled).toBeLessThanOrEqual(64 * 1024);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = SECRET;
    }
  });
});

describe("the amount paid must be the checkout's (issue 14)", () => {
  async function mismatchRecords(p: Shop, checkoutId: string) {
    await drainJobs();
    const db = await getDb();
    const flags = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.studioId, p.s.studio.id),
          eq(auditLog.action, "stripe.checkout.amount_mismatch"),
          eq(auditLog.rowId, checkoutId),
        ),
      );
    const mails = await db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, p.s.studio.id), eq(messages.kind, "stripe_amount_mismatch")));
    return { flags, mails };
  }

  it("issue 14: a signed event with amount_total 1 on a 50.00 pack grants nothing, records the 1 cent received for review, and tells the owner", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack(10, 60, { priceCents: 5000 }));
    const co = await openCheckout(p, { planId: plan.id, amountCents: 5000 });
    const res = await deliver(sessionCompleted(p, co, { amount_total: 1 }));
    expect(res.status).toBe(200);
    expect(res.body.effect).toMatch(/amount mismatch/);

    const rows = await rowsOf(p.s.studio.id);
    expect(rows.memberships).toHaveLength(0);
    expect(rows.payments).toHaveLength(1);
    expect(rows.payments[0]).toMatchObject({
      status: "paid",
      method: "stripe",
      amountCents: 1,
      currency: "EUR",
      membershipId: null,
      bookingId: null,
    });
    expect(rows.payments[0]!.description).toMatch(/not granted/);
    expect(rows.checkouts[0]).toMatchObject({ status: "completed", membershipId: null });
    expect(await spend(p.s.studio.id, p.clientId)).toBe(1);

    const { flags, mails } = await mismatchRecords(p, co.id);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.data).toMatchObject({
      expectedCents: 5000,
      expectedCurrency: "EUR",
      paidCents: 1,
      paidCurrency: "EUR",
      paymentId: rows.payments[0]!.id,
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(p.s.ownerEmail);
    expect(mails[0]!.subject).toMatch(/review/i);

    // Delivered again: still nothing granted, nothing recorded twice.
    expect((await deliver(sessionCompleted(p, co, { amount_total: 1 }))).status).toBe(200);
    expect((await rowsOf(p.s.studio.id)).payments).toHaveLength(1);
    expect((await rowsOf(p.s.studio.id)).memberships).toHaveLength(0);
  });

  it("issue 14: the right number in another currency, or no amount at all, grants nothing either; a drop-in is not booked", async () => {
    const p = await shop();
    const owner = await p.s.owner();
    const plan = await makePlan(owner, PLANS.pack(10, 60, { priceCents: 5000 }));
    const co = await openCheckout(p, { planId: plan.id, amountCents: 5000 });
    expect((await deliver(sessionCompleted(p, co, { currency: "usd" }))).status).toBe(200);
    expect((await rowsOf(p.s.studio.id)).memberships).toHaveLength(0);
    const usd = (await rowsOf(p.s.studio.id)).payments;
    expect(usd).toHaveLength(1);
    expect(usd[0]).toMatchObject({ amountCents: 5000, currency: "USD", membershipId: null });

    const { session } = await makeSession(owner, {
      startsAt: new Date(Date.now() + 86_400_000),
      dropInPriceCents: 2500,
    });
    const drop = await openCheckout(p, { classSessionId: session.id, amountCents: 2500 });
    expect((await deliver(sessionCompleted(p, drop, { amount_total: null }))).status).toBe(200);
    const rows = await rowsOf(p.s.studio.id);
    expect(rows.bookings).toHaveLength(0);
    expect(rows.checkouts.find((c) => c.id === drop.id)).toMatchObject({ status: "completed", bookingId: null });
    const { flags } = await mismatchRecords(p, drop.id);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.data).toMatchObject({ expectedCents: 2500, paidCents: null, paymentId: null });
  });
});

describe("applying events exactly once", () => {
  it("P0: the same checkout.session.completed twice grants one pack and records one paid payment", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const evt = sessionCompleted(p, co);

    const first = await deliver(evt);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("applied");
    const again = await deliver(evt);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("duplicate");

    const rows = await rowsOf(p.s.studio.id);
    expect(rows.memberships).toHaveLength(1);
    expect(rows.memberships[0]).toMatchObject({
      source: "purchase",
      status: "active",
      sessionsRemaining: 8,
      stripeCustomerId: evt.data.object.customer,
    });
    expect(rows.payments).toHaveLength(1);
    expect(rows.payments[0]).toMatchObject({
      status: "paid",
      method: "stripe",
      amountCents: plan.priceCents,
      membershipId: rows.memberships[0]!.id,
      stripePaymentIntentId: evt.data.object.payment_intent,
      stripeCheckoutSessionId: co.stripeCheckoutSessionId,
    });
    expect(rows.checkouts[0]).toMatchObject({ status: "completed", membershipId: rows.memberships[0]!.id });
    expect(await spend(p.s.studio.id, p.clientId)).toBe(plan.priceCents);
  });

  it.skipIf(testDatabaseMode() === "pglite")(
    "P0: the same event delivered five times at once, and a second event for the same checkout, have one effect",
    async () => {
      const p = await shop();
      const plan = await makePlan(await p.s.owner(), PLANS.fixed());
      const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
      const evt = sessionCompleted(p, co);
      const asyncEvt = { ...evt, id: `evt_${rand()}`, type: "checkout.session.async_payment_succeeded" };

      const answers = await Promise.all([...Array.from({ length: 5 }, () => deliver(evt)), deliver(asyncEvt)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(answers.filter((a) => a.body.status === "applied")).toHaveLength(2); // the two event ids, each once
      const rows = await rowsOf(p.s.studio.id);
      expect(rows.memberships).toHaveLength(1);
      expect(rows.payments).toHaveLength(1);
      expect(rows.payments[0]!.status).toBe("paid");
      expect(await spend(p.s.studio.id, p.clientId)).toBe(plan.priceCents);
    },
  );

  it("P0: an event of an account Roster does not know answers 200 and changes nothing", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const evt = { ...sessionCompleted(p, co), account: `acct_${rand()}` };
    const res = await deliver(evt);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ignored");
    const rows = await rowsOf(p.s.studio.id);
    expect(rows.memberships).toHaveLength(0);
    expect(rows.payments).toHaveLength(0);
    expect(rows.checkouts[0]!.status).toBe("open");
  });

  it("P0: a checkout of another studio named in the metadata is not granted", async () => {
    const p = await shop();
    const other = await shop();
    const plan = await makePlan(await other.s.owner(), PLANS.pack());
    const co = await openCheckout(other, { planId: plan.id, amountCents: plan.priceCents });
    const res = await deliver(sessionCompleted(p, co)); // p's account, other's checkout
    expect(res.status).toBe(200);
    expect((await rowsOf(other.s.studio.id)).checkouts[0]!.status).toBe("open");
    expect((await rowsOf(other.s.studio.id)).memberships).toHaveLength(0);
  });

  it("P0: an event type Roster does not handle answers 200 and is recorded with no effect", async () => {
    const p = await shop();
    const evt = event("customer.created", { id: `cus_${rand()}`, object: "customer" }, p.account);
    const res = await deliver(evt);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ignored");
    const db = await getDb();
    const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, evt.id));
    expect(row).toMatchObject({ type: "customer.created", account: p.account, studioId: p.s.studio.id });
  });
});

describe("drop-ins", () => {
  it("P0: a paid drop-in books the client and the payment is linked to the booking", async () => {
    const p = await shop();
    const owner = await p.s.owner();
    const { session } = await makeSession(owner, {
      startsAt: new Date(Date.now() + 86_400_000),
      dropInPriceCents: 2500,
    });
    const co = await openCheckout(p, { classSessionId: session.id, amountCents: 2500 });
    expect((await deliver(sessionCompleted(p, co))).status).toBe(200);
    const rows = await rowsOf(p.s.studio.id);
    expect(rows.bookings).toHaveLength(1);
    expect(rows.bookings[0]).toMatchObject({
      clientId: p.clientId,
      sessionId: session.id,
      membershipId: null,
      status: "booked",
    });
    expect(rows.payments).toHaveLength(1);
    expect(rows.payments[0]).toMatchObject({
      bookingId: rows.bookings[0]!.id,
      status: "paid",
      method: "stripe",
      amountCents: 2500,
    });
    expect(rows.checkouts[0]).toMatchObject({ status: "completed", bookingId: rows.bookings[0]!.id });
  });

  it("P0: a drop-in paid after the class filled up keeps the money on record and flags a refund, without overbooking", async () => {
    const p = await shop();
    const owner = await p.s.owner();
    const { session } = await makeSession(owner, {
      startsAt: new Date(Date.now() + 86_400_000),
      capacity: 1,
      dropInPriceCents: 2500,
    });
    const co = await openCheckout(p, { classSessionId: session.id, amountCents: 2500 });
    const someoneElse = await makeClient(owner, "Quicker");
    await bookSession(owner, { sessionId: session.id, clientId: someoneElse.id });

    const res = await deliver(sessionCompleted(p, co));
    expect(res.status).toBe(200);
    expect(res.body.effect).toMatch(/class_full.*refund needed/);
    const rows = await rowsOf(p.s.studio.id);
    expect(rows.bookings.filter((b) => b.clientId === p.clientId)).toHaveLength(0);
    const paid = rows.payments.filter((x) => x.clientId === p.clientId);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ status: "paid", method: "stripe", bookingId: null, amountCents: 2500 });
    expect(rows.checkouts[0]!.status).toBe("completed");
    const db = await getDb();
    const flags = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, p.s.studio.id), eq(auditLog.action, "stripe.checkout.refund_needed")));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.data).toMatchObject({ code: "class_full", paymentId: paid[0]!.id });
  });
});

describe("subscriptions", () => {
  async function subscribed(p: Shop) {
    const plan = await makePlan(await p.s.owner(), PLANS.monthly({ memberOnlyAccess: true }));
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const sub = `sub_${rand()}`;
    const customer = `cus_${rand()}`;
    const firstEnd = new Date(Date.now() + 30 * 86_400_000);
    subscriptions.set(sub, { status: "active", periodEnd: firstEnd, metadata: { roster_checkout_id: co.id } });
    const res = await deliver(
      sessionCompleted(p, co, { mode: "subscription", subscription: sub, customer, payment_intent: null }),
    );
    expect(res.status).toBe(200);
    const [m] = (await rowsOf(p.s.studio.id)).memberships;
    expect(m).toMatchObject({ stripeSubscriptionId: sub, stripeCustomerId: customer, status: "active" });
    expect(m!.currentPeriodEnd?.getTime()).toBe(unix(firstEnd) * 1000);
    return { plan, co, sub, customer, membershipId: m!.id, firstEnd };
  }

  function invoice(
    type: "invoice.paid" | "invoice.payment_failed",
    p: Shop,
    sub: string,
    amount: number,
    periodEnd: Date,
    checkoutId?: string,
  ) {
    const id = `in_${rand()}`;
    return event(
      type,
      {
        id,
        object: "invoice",
        number: `R-${rand()}`,
        amount_paid: type === "invoice.paid" ? amount : 0,
        amount_due: amount,
        currency: "eur",
        status: type === "invoice.paid" ? "paid" : "open",
        billing_reason: "subscription_cycle",
        parent: {
          type: "subscription_details",
          subscription_details: { subscription: sub, metadata: checkoutId ? { roster_checkout_id: checkoutId } : {} },
        },
        lines: {
          object: "list",
          has_more: false,
          data: [
            { id: `il_${rand()}`, object: "line_item", period: { start: unix(new Date()), end: unix(periodEnd) } },
          ],
        },
      },
      p.account,
    );
  }

  it("P0: the first invoice's money comes from invoice.paid only: the sale's payment due is settled, once", async () => {
    const p = await shop();
    const { plan, sub, membershipId, firstEnd } = await subscribed(p);
    let rows = await rowsOf(p.s.studio.id);
    expect(rows.payments).toHaveLength(1);
    expect(rows.payments[0]).toMatchObject({ status: "due", membershipId }); // not counted before the invoice is paid
    expect(await spend(p.s.studio.id, p.clientId)).toBe(0);

    const paid = invoice("invoice.paid", p, sub, plan.priceCents, firstEnd);
    invoiceIntents.set(paid.data.object.id as string, `pi_${rand()}`);
    expect((await deliver(paid)).status).toBe(200);
    expect((await deliver(paid)).body.status).toBe("duplicate");
    rows = await rowsOf(p.s.studio.id);
    expect(rows.payments).toHaveLength(1);
    expect(rows.payments[0]).toMatchObject({
      status: "paid",
      method: "stripe",
      stripePaymentIntentId: invoiceIntents.get(paid.data.object.id as string),
    });
    expect(await spend(p.s.studio.id, p.clientId)).toBe(plan.priceCents);
  });

  it("P0: invoice.paid delivered before an older customer.subscription.updated still ends active with the renewed period", async () => {
    const p = await shop();
    const { plan, sub, membershipId } = await subscribed(p);

    // The renewal first fails (Stripe: past_due, and it sends subscription.updated)...
    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "past_due" });
    const updated = event(
      "customer.subscription.updated",
      { id: sub, object: "subscription", status: "past_due", items: { object: "list", data: [] } },
      p.account,
    );
    // ...then the retry succeeds: Stripe now says active until the next period's end, and sends invoice.paid.
    const renewedEnd = new Date(Date.now() + 60 * 86_400_000);
    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "active", periodEnd: renewedEnd });
    const paid = invoice("invoice.paid", p, sub, plan.priceCents, renewedEnd);
    invoiceIntents.set(paid.data.object.id as string, `pi_${rand()}`);

    // Delivered in the other order.
    expect((await deliver(paid)).status).toBe(200);
    expect((await deliver(updated)).status).toBe(200);

    const [m] = (await rowsOf(p.s.studio.id)).memberships;
    expect(m!.id).toBe(membershipId);
    expect(m!.status).toBe("active");
    expect(m!.currentPeriodEnd?.getTime()).toBe(unix(renewedEnd) * 1000);
    // Proof the order mattered: the event's own snapshot says past_due.
    expect(updated.data.object.status).toBe("past_due");
  });

  it("M3: a failed renewal payment moves the membership to past_due and booking a member-only class is refused", async () => {
    const p = await shop();
    const { plan, sub } = await subscribed(p);
    const owner = await p.s.owner();
    const soon = new Date(Date.now() + 2 * 86_400_000);
    const before = await makeSession(owner, { startsAt: soon, memberOnly: true, title: "Members 1" });
    await bookSession(owner, { sessionId: before.session.id, clientId: p.clientId }); // allowed while active

    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "past_due" });
    const failed = invoice("invoice.payment_failed", p, sub, plan.priceCents, new Date(Date.now() + 30 * 86_400_000));
    expect((await deliver(failed)).status).toBe(200);
    expect((await rowsOf(p.s.studio.id)).memberships[0]!.status).toBe("past_due");

    const after = await makeSession(owner, { startsAt: soon, memberOnly: true, title: "Members 2" });
    await expect(bookSession(owner, { sessionId: after.session.id, clientId: p.clientId })).rejects.toMatchObject({
      code: "membership_required",
    });
  });

  it("J3: invoice.payment_failed mails the member a link to update the card, once per invoice, in the webhook's transaction; staff see the member listed", async () => {
    const p = await shop();
    const { plan, sub } = await subscribed(p);
    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "past_due" });
    const failed = invoice("invoice.payment_failed", p, sub, plan.priceCents, new Date(Date.now() + 30 * 86_400_000));
    expect((await deliver(failed)).status).toBe(200);
    expect((await deliver(failed)).body.status).toBe("duplicate");
    const db = await getDb();
    const mails = await db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, p.s.studio.id), eq(messages.kind, "payment_failed")));
    expect(mails).toHaveLength(1);
    const [client] = await db
      .select()
      .from(clients)
      .where(and(eq(clients.studioId, p.s.studio.id), eq(clients.id, p.clientId)));
    expect(mails[0]).toMatchObject({
      toAddress: client!.email,
      clientId: p.clientId,
      key: `payment_failed:${failed.data.object.id}`,
      status: "queued",
    });
    // Queued in the webhook's transaction; its text is the template's, as delivery will record it.
    expect(await mailText(mails[0])).toContain(`/s/${p.s.studio.slug}/memberships`);
    expect(await mailText(mails[0])).toMatch(/Update card/);
    const staff = await listPaymentFailed(await p.s.instructor());
    expect(staff).toMatchObject([{ clientId: p.clientId, clientName: client!.name, plan: plan.name }]);

    // Stripe's next retry fails too: another invoice event of the same invoice adds no mail; a paid one clears the list.
    const retry = { ...failed, id: `evt_${rand()}` };
    expect((await deliver(retry)).status).toBe(200);
    expect(
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.studioId, p.s.studio.id), eq(messages.kind, "payment_failed"))),
    ).toHaveLength(1);
    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "active" });
    const paid = invoice("invoice.paid", p, sub, plan.priceCents, new Date(Date.now() + 30 * 86_400_000));
    invoiceIntents.set(paid.data.object.id as string, `pi_${rand()}`);
    expect((await deliver(paid)).status).toBe(200);
    expect(await listPaymentFailed(await p.s.owner())).toEqual([]);
  });

  it("P0: customer.subscription.deleted cancels the membership, and a late invoice.paid does not reopen it", async () => {
    const p = await shop();
    const { plan, sub } = await subscribed(p);
    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "canceled" });
    expect(
      (
        await deliver(
          event("customer.subscription.deleted", { id: sub, object: "subscription", status: "canceled" }, p.account),
        )
      ).status,
    ).toBe(200);
    let [m] = (await rowsOf(p.s.studio.id)).memberships;
    expect(m!.status).toBe("cancelled");
    expect(m!.cancelledAt).not.toBeNull();

    subscriptions.set(sub, { ...subscriptions.get(sub)!, status: "active" });
    expect(
      (await deliver(invoice("invoice.paid", p, sub, plan.priceCents, new Date(Date.now() + 30 * 86_400_000)))).status,
    ).toBe(200);
    [m] = (await rowsOf(p.s.studio.id)).memberships;
    expect(m!.status).toBe("cancelled");
  });

  it("P0: an invoice.paid that arrives before its checkout completed waits (503, not recorded) and applies on Stripe's retry", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.monthly());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const sub = `sub_${rand()}`;
    const end = new Date(Date.now() + 30 * 86_400_000);
    subscriptions.set(sub, { status: "active", periodEnd: end, metadata: { roster_checkout_id: co.id } });
    const paid = invoice("invoice.paid", p, sub, plan.priceCents, end, co.id);
    invoiceIntents.set(paid.data.object.id as string, `pi_${rand()}`);

    const early = await deliver(paid);
    expect(early.status).toBe(503);
    const db = await getDb();
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, paid.id))).toHaveLength(0);

    expect(
      (await deliver(sessionCompleted(p, co, { mode: "subscription", subscription: sub, payment_intent: null })))
        .status,
    ).toBe(200);
    expect((await deliver(paid)).status).toBe(200);
    const rows = await rowsOf(p.s.studio.id);
    expect(rows.payments).toHaveLength(1);
    expect(rows.payments[0]).toMatchObject({
      status: "paid",
      stripePaymentIntentId: invoiceIntents.get(paid.data.object.id as string),
    });
  });
});

describe("refunds", () => {
  it("R1: charge.refunded lowers lifetime spend once, however often it is delivered, and adds only new refunds", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const completed = sessionCompleted(p, co);
    await deliver(completed);
    expect(await spend(p.s.studio.id, p.clientId)).toBe(12000);

    const intent = completed.data.object.payment_intent as string;
    const charge = (refundList: { id: string; amount: number }[]) => ({
      id: `ch_${intent}`,
      object: "charge",
      payment_intent: intent,
      amount: 12000,
      amount_refunded: refundList.reduce((n, r) => n + r.amount, 0),
      refunded: false,
      refunds: {
        object: "list",
        has_more: false,
        data: refundList.map((r) => ({ ...r, object: "refund", status: "succeeded", reason: "requested_by_customer" })),
      },
    });
    const first = event("charge.refunded", charge([{ id: "re_1", amount: 5000 }]), p.account);
    expect((await deliver(first)).status).toBe(200);
    expect(await spend(p.s.studio.id, p.clientId)).toBe(7000);
    await deliver(first);
    expect(await spend(p.s.studio.id, p.clientId)).toBe(7000);

    // A later refund: Stripe sends a new charge.refunded listing both.
    const second = event(
      "charge.refunded",
      charge([
        { id: "re_2", amount: 3000 },
        { id: "re_1", amount: 5000 },
      ]),
      p.account,
    );
    expect((await deliver(second)).status).toBe(200);
    expect(await spend(p.s.studio.id, p.clientId)).toBe(4000);

    const rows = await rowsOf(p.s.studio.id);
    expect(rows.refunds.map((r) => r.stripeRefundId).sort()).toEqual(["re_1", "re_2"]);
    expect(rows.payments[0]!.refundedCents).toBe(8000);
  });

  it("R1: without the refunds in the payload they are re-fetched from Stripe on the connected account", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const completed = sessionCompleted(p, co);
    await deliver(completed);
    const intent = completed.data.object.payment_intent as string;
    const chargeId = `ch_${rand()}`;
    stripe.on("GET", /^\/v1\/refunds$/, (r) => ({
      object: "list",
      has_more: false,
      data:
        r.query.charge === chargeId
          ? [{ id: `re_${chargeId}`, object: "refund", amount: 12000, status: "succeeded", charge: chargeId }]
          : [],
    }));
    const evt = event(
      "charge.refunded",
      { id: chargeId, object: "charge", payment_intent: intent, amount: 12000, amount_refunded: 12000 },
      p.account,
    );
    expect((await deliver(evt)).status).toBe(200);
    expect(await spend(p.s.studio.id, p.clientId)).toBe(0);
    const fetches = stripe.calls("/v1/refunds", "GET").filter((r) => r.query.charge === chargeId);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]!.stripeAccount).toBe(p.account);
  });

  it("R1: with no Stripe client, the charge's amount_refunded is taken as the state, and a repeat adds nothing", async () => {
    const p = await shop();
    const plan = await makePlan(await p.s.owner(), PLANS.pack());
    const co = await openCheckout(p, { planId: plan.id, amountCents: plan.priceCents });
    const completed = sessionCompleted(p, co);
    await deliver(completed);
    const db = await getDb();
    const obj = {
      id: `ch_${rand()}`,
      object: "charge",
      payment_intent: completed.data.object.payment_intent,
      amount: 12000,
      amount_refunded: 2000,
    };
    await applyStripeEvent(db, event("charge.refunded", obj, p.account) as unknown as Stripe.Event, new Date(), {
      stripe: null,
    });
    await applyStripeEvent(db, event("charge.refunded", obj, p.account) as unknown as Stripe.Event, new Date(), {
      stripe: null,
    });
    expect(await spend(p.s.studio.id, p.clientId)).toBe(10000);
  });
});
