import Stripe from "stripe";

let cached: { key: string; base: string; client: Stripe } | undefined;

/** The host, port and protocol of `STRIPE_API_BASE` (tests point it at the local recorder), or nothing for Stripe's own. */
function apiBase(base: string): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/**
 * The platform's Stripe client (P0), or null when `STRIPE_SECRET_KEY` is not
 * set: then every purchase is "pay at the studio". Calls for a studio pass its
 * connected account as `stripeAccount` per request.
 */
export function stripeClient(): Stripe | null {
  const key = process.env.STRIPE_SECRET_KEY?.trim() ?? "";
  if (!key) return null;
  const base = process.env.STRIPE_API_BASE?.trim() ?? "";
  if (cached && cached.key === key && cached.base === base) return cached.client;
  const client = new Stripe(key, {
    ...apiBase(base),
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "Roster" },
  });
  cached = { key, base, client };
  return client;
}

/** Whether an error came from Stripe (its API or the network to it), as opposed to our own code. */
export function isStripeError(e: unknown): e is Stripe.errors.StripeError {
  return e instanceof Stripe.errors.StripeError;
}
