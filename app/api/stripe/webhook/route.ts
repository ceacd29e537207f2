import { getDb } from "@/db";
import { receiveStripeWebhookRequest } from "@/lib/stripe/webhook";

/**
 * Stripe's webhook (P0). No API key: Stripe's signature over the raw body is
 * the authentication, so the body is read as text, untouched, and only up to
 * MAX_WEBHOOK_BODY_BYTES (issue 14: nothing large is held in memory unsigned).
 */
export async function POST(req: Request): Promise<Response> {
  const reply = await receiveStripeWebhookRequest(getDb, req);
  return Response.json(reply.body, { status: reply.status });
}
