import { getDb } from "@/db";
import { receiveStripeWebhook } from "@/lib/stripe/webhook";

/**
 * Stripe's webhook (P0). No API key: Stripe's signature over the raw body is
 * the authentication, so the body is read as text, untouched.
 */
export async function POST(req: Request): Promise<Response> {
  const reply = await receiveStripeWebhook(getDb, await req.text(), req.headers.get("stripe-signature"));
  return Response.json(reply.body, { status: reply.status });
}
