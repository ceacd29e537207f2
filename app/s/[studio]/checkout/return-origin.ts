import { requestOrigin } from "@/app/_lib/request-origin";

/**
 * The origin Stripe sends people back to (Checkout success/cancel, onboarding,
 * billing portal): `APP_URL` (or `AUTH_URL`) when configured, which is what a
 * deployment should set; otherwise the address this request came in at.
 */
export async function stripeReturnOrigin(): Promise<string> {
  const configured = process.env.APP_URL?.trim() || process.env.AUTH_URL?.trim();
  if (configured) return new URL(configured).origin;
  return requestOrigin();
}
