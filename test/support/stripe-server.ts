import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the Stripe SDK sent, as the recorder saw it. */
export type StripeRequest = {
  method: string;
  /** The path without the query, e.g. `/v1/checkout/sessions`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  idempotencyKey: string | null;
  /** The connected account the call was made on (`Stripe-Account`), or null for the platform's own. */
  stripeAccount: string | null;
  /** The form body, flat as Stripe encodes it: `line_items[0][price_data][unit_amount]` → `"12000"`. */
  form: Record<string, string>;
  /** The call was answered from an earlier one with the same idempotency key (as Stripe does). */
  replayed: boolean;
};

type Handler = (req: StripeRequest, n: number) => { status?: number; body: unknown } | Record<string, unknown>;
type Route = { method: string; pattern: RegExp; handler: Handler };

export type TestStripe = {
  /** `http://127.0.0.1:PORT`: put it in `STRIPE_API_BASE`. */
  url: string;
  requests: StripeRequest[];
  /** Requests to paths matching, optionally of one method. */
  calls: (path: string | RegExp, method?: string) => StripeRequest[];
  /** Forget the recorded requests (idempotent replays are kept, as Stripe would). */
  clear: () => void;
  /** Answer a method and path (regexp on the path) with your own object; checked before the built-in answers. */
  on: (method: string, pattern: RegExp, handler: Handler) => void;
  /** What `GET /v1/accounts/{id}` says about `charges_enabled` (default false: onboarding unfinished). */
  chargesEnabled: boolean;
  /** B9: payment methods whose off-session charge is answered 402 `card_declined`. */
  declining: Set<string>;
  /** B9: the payment method a retrieved (unknown) payment intent names: the card a checkout saved. */
  savedCard: string;
  /** Point `STRIPE_SECRET_KEY` and `STRIPE_API_BASE` at this server; returns a function restoring the previous values. */
  useForStripe: () => () => void;
  close: () => Promise<void>;
};

function stripeError(status: number, message: string, code?: string) {
  return { status, body: { error: { type: "invalid_request_error", message, ...(code ? { code } : {}) } } };
}

/**
 * A local HTTP server standing in for api.stripe.com in tests: it records every
 * request (method, path, headers with `Idempotency-Key` and `Stripe-Account`,
 * form body) and answers with the minimal objects Stripe returns for the calls
 * Roster makes. A repeated idempotency key on the same account gets the first
 * answer again, as Stripe does, so "a retried click never charges twice" can be
 * proven by the number of distinct objects created.
 */
export async function startTestStripe(): Promise<TestStripe> {
  const requests: StripeRequest[] = [];
  const custom: Route[] = [];
  const replays = new Map<string, { status: number; body: unknown }>();
  let seq = 0;
  const next = (prefix: string) => `${prefix}_test_${(++seq).toString().padStart(6, "0")}`;
  const now = () => Math.floor(Date.now() / 1000);

  const state = { chargesEnabled: false, declining: new Set<string>(), savedCard: "pm_test_saved_card" };
  const intents = new Map<string, Record<string, unknown>>();
  /** Coupons made on this server (M12), so a Checkout Session with `discounts` totals as Stripe would. */
  const coupons = new Map<string, { percentOff: number | null; amountOff: number | null }>();
  const discounted = (amount: number, couponId: string | undefined) => {
    const c = couponId ? coupons.get(couponId) : undefined;
    if (!c) return amount;
    return Math.max(0, amount - (c.percentOff !== null ? Math.round((amount * c.percentOff) / 100) : c.amountOff!));
  };
  const builtIn: Route[] = [
    {
      method: "POST",
      pattern: /^\/v1\/coupons$/,
      handler: (r) => {
        const id = next("coupon");
        const percentOff = r.form.percent_off ? Number(r.form.percent_off) : null;
        const amountOff = r.form.amount_off ? Number(r.form.amount_off) : null;
        coupons.set(id, { percentOff, amountOff });
        return {
          id,
          object: "coupon",
          name: r.form.name ?? null,
          duration: r.form.duration,
          percent_off: percentOff,
          amount_off: amountOff,
          currency: r.form.currency ?? null,
          metadata: metadataOf(r.form),
        };
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/accounts$/,
      handler: (r) => ({
        id: next("acct"),
        object: "account",
        type: r.form.type ?? "express",
        email: r.form.email ?? null,
        charges_enabled: false,
        details_submitted: false,
        payouts_enabled: false,
        metadata: metadataOf(r.form),
      }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/accounts\/([^/]+)$/,
      handler: (r) => ({
        id: r.path.split("/")[3],
        object: "account",
        type: "express",
        charges_enabled: state.chargesEnabled,
        details_submitted: state.chargesEnabled,
        payouts_enabled: state.chargesEnabled,
        metadata: {},
      }),
    },
    {
      method: "POST",
      pattern: /^\/v1\/account_links$/,
      handler: (r) => ({
        object: "account_link",
        created: now(),
        expires_at: now() + 300,
        url: `https://connect.stripe.test/setup/e/${r.form.account}/${++seq}`,
      }),
    },
    {
      method: "POST",
      pattern: /^\/v1\/customers$/,
      handler: (r) => ({
        id: next("cus"),
        object: "customer",
        email: r.form.email ?? null,
        name: r.form.name ?? null,
        metadata: metadataOf(r.form),
      }),
    },
    {
      method: "POST",
      pattern: /^\/v1\/checkout\/sessions$/,
      handler: (r) => {
        const id = next("cs");
        return {
          id,
          object: "checkout.session",
          mode: r.form.mode,
          status: "open",
          payment_status: "unpaid",
          customer: r.form.customer ?? null,
          client_reference_id: r.form.client_reference_id ?? null,
          metadata: metadataOf(r.form),
          success_url: r.form.success_url ?? null,
          cancel_url: r.form.cancel_url ?? null,
          amount_total: discounted(
            Number(r.form["line_items[0][price_data][unit_amount]"] ?? 0) *
              Number(r.form["line_items[0][quantity]"] ?? 1),
            r.form["discounts[0][coupon]"],
          ),
          currency: r.form["line_items[0][price_data][currency]"] ?? null,
          url: `https://checkout.stripe.test/c/pay/${id}`,
        };
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/billing_portal\/sessions$/,
      handler: (r) => {
        const id = next("bps");
        return {
          id,
          object: "billing_portal.session",
          customer: r.form.customer,
          return_url: r.form.return_url ?? null,
          url: `https://billing.stripe.test/p/session/${id}`,
        };
      },
    },
    {
      // B9: an off-session charge; a payment method in `declining` is refused as Stripe refuses a declined card.
      method: "POST",
      pattern: /^\/v1\/payment_intents$/,
      handler: (r) => {
        const pm = r.form.payment_method ?? null;
        if (pm && state.declining.has(pm))
          return {
            status: 402,
            body: {
              error: {
                type: "card_error",
                code: "card_declined",
                decline_code: "generic_decline",
                message: "Your card was declined.",
              },
            },
          };
        const intent = {
          id: next("pi"),
          object: "payment_intent",
          amount: Number(r.form.amount ?? 0),
          currency: r.form.currency ?? null,
          customer: r.form.customer ?? null,
          payment_method: pm,
          status: r.form.confirm === "true" ? "succeeded" : "requires_confirmation",
          metadata: metadataOf(r.form),
        };
        intents.set(intent.id, intent);
        return intent;
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      handler: (r) => {
        const id = r.path.split("/")[3]!;
        return (
          intents.get(id) ?? {
            id,
            object: "payment_intent",
            status: "succeeded",
            payment_method: state.savedCard,
            metadata: {},
          }
        );
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/refunds$/,
      handler: (r) => ({
        id: next("re"),
        object: "refund",
        amount: Number(r.form.amount ?? (intents.get(r.form.payment_intent ?? "") as { amount?: number })?.amount ?? 0),
        payment_intent: r.form.payment_intent ?? null,
        status: "succeeded",
        metadata: metadataOf(r.form),
      }),
    },
    {
      method: "DELETE",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handler: (r) => ({
        id: r.path.split("/")[3],
        object: "subscription",
        status: "canceled",
        canceled_at: now(),
        cancel_at_period_end: false,
        metadata: {},
      }),
    },
    {
      method: "POST",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handler: (r) => ({
        id: r.path.split("/")[3],
        object: "subscription",
        status: "active",
        cancel_at_period_end: r.form.cancel_at_period_end === "true",
        metadata: metadataOf(r.form),
      }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handler: (r) => ({
        id: r.path.split("/")[3],
        object: "subscription",
        status: "active",
        cancel_at_period_end: false,
        metadata: {},
      }),
    },
  ];

  function answer(req: StripeRequest): { status: number; body: unknown } {
    for (const route of [...custom, ...builtIn]) {
      if (route.method !== req.method || !route.pattern.test(req.path)) continue;
      const out = route.handler(req, requests.length);
      if (
        out &&
        typeof out === "object" &&
        "body" in out &&
        Object.keys(out).every((k) => k === "body" || k === "status")
      ) {
        return { status: (out.status as number | undefined) ?? 200, body: out.body };
      }
      return { status: 200, body: out };
    }
    return stripeError(404, `Unrecognized request URL (${req.method}: ${req.path}).`);
  }

  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (c: Buffer) => chunks.push(c));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://localhost");
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(incoming.headers))
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      const form: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) form[k] = v;
      const req: StripeRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        idempotencyKey: headers["idempotency-key"] ?? null,
        stripeAccount: headers["stripe-account"] ?? null,
        form,
        replayed: false,
      };
      const replayKey =
        req.idempotencyKey && req.method !== "GET" ? `${req.stripeAccount ?? ""}|${req.idempotencyKey}` : null;
      let out = replayKey ? replays.get(replayKey) : undefined;
      if (out) req.replayed = true;
      else {
        out = answer(req);
        if (replayKey && out.status < 500) replays.set(replayKey, out);
      }
      requests.push(req);
      const body = JSON.stringify(out.body);
      res.writeHead(out.status, {
        "content-type": "application/json",
        "request-id": `req_test_${requests.length}`,
        ...(req.replayed ? { "idempotent-replayed": "true" } : {}),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const api: TestStripe = {
    url,
    requests,
    calls: (path, method) =>
      requests.filter(
        (r) =>
          (typeof path === "string" ? r.path === path : path.test(r.path)) &&
          (!method || r.method === method.toUpperCase()),
      ),
    clear: () => {
      requests.length = 0;
    },
    on: (method, pattern, handler) => {
      custom.unshift({ method: method.toUpperCase(), pattern, handler });
    },
    get chargesEnabled() {
      return state.chargesEnabled;
    },
    set chargesEnabled(v: boolean) {
      state.chargesEnabled = v;
    },
    declining: state.declining,
    get savedCard() {
      return state.savedCard;
    },
    set savedCard(v: string) {
      state.savedCard = v;
    },
    useForStripe: () => {
      const before = { key: process.env.STRIPE_SECRET_KEY, base: process.env.STRIPE_API_BASE };
      process.env.STRIPE_SECRET_KEY = "sk_test_roster_recorder";
      process.env.STRIPE_API_BASE = url;
      return () => {
        restore("STRIPE_SECRET_KEY", before.key);
        restore("STRIPE_API_BASE", before.base);
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
  return api;
}

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** `metadata[key]` form fields back into an object. */
function metadataOf(form: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const m = /^metadata\[([^\]]+)\]$/.exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}
