import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import type { Db } from "@/db";
import { checkouts, stripeAccounts, stripeEvents, studios, type Studio } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { isUuid } from "@/lib/core/validation";
import { stripeClient } from "./client";
import { checkoutCompleted, checkoutIdOf } from "./handlers/checkout";
import { chargeRefunded } from "./handlers/refunds";
import {
  invoicePaid,
  invoicePaymentFailed,
  invoiceSubscriptionId,
  subscriptionChanged,
} from "./handlers/subscriptions";
import {
  CHECKOUT_ID_KEYS,
  idOf,
  metadataValue,
  RetryLaterError,
  STUDIO_ID_KEYS,
  type Fetched,
  type HandlerInput,
  type Outcome,
} from "./handlers/types";

type Handler = (input: HandlerInput<never>) => Promise<Outcome>;

/** The event types Roster acts on (P0). Any other type is recorded and answered 200, never an error (Stripe would retry it for days). */
const HANDLERS: Record<string, Handler> = {
  "checkout.session.completed": checkoutCompleted as Handler,
  "checkout.session.async_payment_succeeded": checkoutCompleted as Handler,
  "invoice.paid": invoicePaid as Handler,
  "invoice.payment_failed": invoicePaymentFailed as Handler,
  "customer.subscription.updated": subscriptionChanged as Handler,
  "customer.subscription.deleted": subscriptionChanged as Handler,
  "charge.refunded": chargeRefunded as Handler,
};

export type ApplyResult = {
  status: "applied" | "duplicate" | "ignored";
  effect: string;
  studioId: string | null;
};

type EventObject = {
  metadata?: Stripe.Metadata | null;
  client_reference_id?: string | null;
  object?: string;
  parent?: Stripe.Invoice["parent"];
};

/**
 * The studio an event belongs to: the connected account it came from
 * (`event.account` → stripe_accounts), else, for an event on the platform's own
 * account, our checkout named in the object's metadata. An account we do not
 * know is nobody's, whatever its metadata says.
 */
export async function studioForEvent(db: Db, event: Stripe.Event): Promise<Studio | null> {
  if (event.account) {
    const [row] = await db
      .select({ studio: studios })
      .from(stripeAccounts)
      .innerJoin(studios, eq(studios.id, stripeAccounts.studioId))
      .where(eq(stripeAccounts.accountId, event.account));
    return row?.studio ?? null;
  }
  const object = event.data.object as EventObject;
  const metadata = object.metadata ?? object.parent?.subscription_details?.metadata ?? null;
  const checkoutId =
    object.object === "checkout.session"
      ? checkoutIdOf(event.data.object as Stripe.Checkout.Session)
      : metadataValue(metadata, CHECKOUT_ID_KEYS);
  if (!checkoutId || !isUuid(checkoutId)) return null;
  const studioId = metadataValue(metadata, STUDIO_ID_KEYS);
  const [row] = await db
    .select({ studio: studios })
    .from(checkouts)
    .innerJoin(studios, eq(studios.id, checkouts.studioId))
    .where(
      and(eq(checkouts.id, checkoutId), studioId && isUuid(studioId) ? eq(checkouts.studioId, studioId) : undefined),
    );
  return row?.studio ?? null;
}

/** Stripe said the object is gone: nothing to re-fetch. Anything else (network, auth) fails the delivery, so Stripe retries. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError && e.statusCode === 404) return null;
    throw e;
  }
}

/**
 * P0: what must be read from Stripe before applying, outside the transaction:
 * the subscription's current state (events arrive in any order, so state comes
 * from Stripe now, not from the event's snapshot), the payment intent of a paid
 * invoice, and the refunds of a charge. Without a client, nothing (handlers
 * fall back to the event's object).
 */
async function prefetch(stripe: Stripe | null, event: Stripe.Event): Promise<Fetched> {
  if (!stripe) return {};
  const on = event.account ? { stripeAccount: event.account } : undefined;
  const subscription = (id: string | null) =>
    id ? orNull(stripe.subscriptions.retrieve(id, {}, on)) : Promise.resolve(null);
  switch (event.type) {
    case "invoice.paid": {
      const invoice = event.data.object;
      const fromPayload = invoice.payments?.data.find((p) => p.status === "paid")?.payment.payment_intent;
      let intent = idOf(fromPayload ?? null);
      if (!intent) {
        const list = await stripe.invoicePayments.list({ invoice: invoice.id!, status: "paid", limit: 10 }, on);
        intent = idOf(list.data.find((p) => p.payment.payment_intent)?.payment.payment_intent ?? null);
      }
      return { subscription: await subscription(invoiceSubscriptionId(invoice)), invoicePaymentIntentId: intent };
    }
    case "invoice.payment_failed":
      return { subscription: await subscription(invoiceSubscriptionId(event.data.object)) };
    case "customer.subscription.updated":
      return { subscription: await subscription(event.data.object.id) };
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      if (session.mode === "subscription") return { subscription: await subscription(idOf(session.subscription)) };
      // B9: the card the payment saved for later fees.
      const intent = idOf(session.payment_intent);
      return intent ? { paymentIntent: await orNull(stripe.paymentIntents.retrieve(intent, {}, on)) } : {};
    }
    case "charge.refunded": {
      const charge = event.data.object;
      if (charge.refunds && !charge.refunds.has_more) return { refunds: charge.refunds.data };
      const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 }, on);
      return { refunds: refunds.has_more ? null : refunds.data };
    }
    default:
      return {};
  }
}

/**
 * P0: applies one verified Stripe event exactly once. The event id is inserted
 * into stripe_events in the same transaction as the effect (`on conflict do
 * nothing`): a repeated delivery finds it and does nothing, and a concurrent
 * duplicate waits on the first one's row and then does nothing; if the effect
 * fails, the id is not kept and Stripe's retry applies it. Unknown types and
 * events of unknown accounts are recorded with no effect. The effect runs as
 * the system, in the studio of the event's connected account.
 */
export async function applyStripeEvent(
  db: Db,
  event: Stripe.Event,
  now: Date,
  opts: { stripe?: Stripe | null } = {},
): Promise<ApplyResult> {
  const [seen] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id));
  if (seen) return { status: "duplicate", effect: "already applied", studioId: null };

  const studio = await studioForEvent(db, event);
  const handler = HANDLERS[event.type];
  const fetched =
    handler && studio ? await prefetch(opts.stripe === undefined ? stripeClient() : opts.stripe, event) : {};

  // Mails an event causes are enqueued by the handlers inside this transaction (J1).
  return db.transaction(async (t): Promise<ApplyResult> => {
    const tx = t as unknown as Db;
    const [inserted] = await tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        account: event.account ?? null,
        studioId: studio?.id ?? null,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!inserted) return { status: "duplicate", effect: "already applied", studioId: studio?.id ?? null };
    if (!handler) return { status: "ignored", effect: `type ${event.type} not handled`, studioId: studio?.id ?? null };
    if (!studio) return { status: "ignored", effect: "no studio for this account or checkout", studioId: null };
    const ctx: Ctx = { db: tx, studio, actor: { kind: "system", reason: `stripe ${event.type} ${event.id}` }, now };
    const outcome = await handler({ ctx, event, object: event.data.object as never, fetched });
    return { status: "applied", effect: outcome.effect, studioId: studio.id };
  });
}

export type WebhookReply = { status: number; body: Record<string, unknown> };

/**
 * The largest webhook body read (issue 14): Stripe's events are a few KiB
 * (their documented ceiling is far below this), so anything larger is refused
 * with 413 before it is held in memory.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

const notConfigured: WebhookReply = {
  status: 503,
  body: { error: "stripe_not_configured", message: "Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET." },
};
const tooLarge: WebhookReply = {
  status: 413,
  body: { error: "payload_too_large", message: `The body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes.` },
};

/**
 * The body as text, or null past MAX_WEBHOOK_BODY_BYTES: a declared
 * Content-Length over the cap is refused before reading anything, and the
 * stream is read chunk by chunk and cancelled as soon as it passes the cap (a
 * missing or lying Content-Length does not help).
 */
async function readCappedBody(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > MAX_WEBHOOK_BODY_BYTES) return null;
  const reader = req.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_WEBHOOK_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  // As Request.text() decodes (the signature is checked over this text).
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * `POST /api/stripe/webhook` from the request (issue 14): with no secret
 * configured the answer is 503 and the body is never read; a body over
 * MAX_WEBHOOK_BODY_BYTES is 413 (declared or streamed); then the signature is
 * checked and the event applied by receiveStripeWebhook.
 */
export async function receiveStripeWebhookRequest(
  db: () => Promise<Db>,
  req: Request,
  now = new Date(),
): Promise<WebhookReply> {
  if (!process.env.STRIPE_WEBHOOK_SECRET?.trim()) {
    await req.body?.cancel().catch(() => {});
    return notConfigured;
  }
  if (!req.headers.get("stripe-signature")) {
    await req.body?.cancel().catch(() => {});
    return { status: 400, body: { error: "missing_signature", message: "The stripe-signature header is missing." } };
  }
  const rawBody = await readCappedBody(req);
  if (rawBody === null) return tooLarge;
  return receiveStripeWebhook(db, rawBody, req.headers.get("stripe-signature"), now);
}

/**
 * `POST /api/stripe/webhook` (P0): the raw body's `stripe-signature` is
 * verified with `STRIPE_WEBHOOK_SECRET` (also its timestamp, within Stripe's
 * 5-minute tolerance) before anything is read from it; then the event is
 * applied once. 400 for a missing or wrong signature, 503 when no secret is
 * configured or the event must wait (Stripe retries non-2xx answers).
 */
export async function receiveStripeWebhook(
  db: () => Promise<Db>,
  rawBody: string,
  signature: string | null,
  now = new Date(),
): Promise<WebhookReply> {
  const secret = process.env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secret) return notConfigured;
  if (rawBody.length > MAX_WEBHOOK_BODY_BYTES) return tooLarge;
  if (!signature)
    return { status: 400, body: { error: "missing_signature", message: "The stripe-signature header is missing." } };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
      const stale = /timestamp/i.test(e.message);
      return {
        status: 400,
        body: {
          error: "invalid_signature",
          message: stale ? "The signature's timestamp is too old." : "The signature does not match the body.",
        },
      };
    }
    return { status: 400, body: { error: "invalid_payload", message: "The body is not a Stripe event." } };
  }
  try {
    const result = await applyStripeEvent(await db(), event, now);
    return { status: 200, body: { received: true, ...result } };
  } catch (e) {
    if (e instanceof RetryLaterError) return { status: 503, body: { error: "retry_later", message: e.message } };
    console.error(`stripe webhook ${event.id} (${event.type}) failed`, e);
    return {
      status: 500,
      body: { error: "internal_error", message: "The event could not be applied; Stripe will retry it." },
    };
  }
}
