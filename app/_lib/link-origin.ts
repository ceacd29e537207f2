import { appOrigin } from "@/lib/core/app-origin";
import { RuleError } from "@/lib/core/errors";
import { requestOrigin } from "./request-origin";

/**
 * The origin of links the app MAILS (reset, change of email): `APP_URL` (or
 * `AUTH_URL`). Never the request's Host in production: a visitor sets that
 * header, and a reset link to their host would hand them the token (OWASP
 * "Forgot Password": host header injection). In development, without the
 * setting, the address the request came in at. Null: production without
 * APP_URL, where no link is mailed (and the error is logged).
 */
export async function mailLinkOrigin(): Promise<string | null> {
  const configured = appOrigin();
  if (configured) return configured;
  if (process.env.NODE_ENV !== "production") return requestOrigin();
  console.error("[mail] APP_URL is not set: links by mail (password reset, change of email) cannot be sent.");
  return null;
}

/**
 * `mailLinkOrigin()` for a verb that must mail a link to go on (sign-up, a
 * guest booking's confirmation, a household invitation): production without
 * `APP_URL` is refused with a clear error rather than mailing a link to the
 * Host a visitor sent (A1: that would hand the visitor the token).
 */
export async function requireMailLinkOrigin(): Promise<string> {
  const origin = await mailLinkOrigin();
  if (!origin)
    throw new RuleError("not_configured", "This server cannot mail links yet: its operator must set APP_URL.");
  return origin;
}
