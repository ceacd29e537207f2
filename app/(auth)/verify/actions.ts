"use server";

import { cookies, headers } from "next/headers";
import { getDb } from "@/db";
import { clientIp, STUDIO_COOKIE, studioCookieOptions } from "@/lib/auth";
import { RateLimitedError } from "@/lib/core/errors";
import { consumeVerification } from "@/lib/identity/verify-email";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { signInWithPassword } from "@/app/_lib/sign-in";

/**
 * A1: follows a verification link — the token from the mail and the login's
 * password, posted from the page (a GET never consumes it, so mail scanners
 * that fetch links do nothing). The login is verified, what the sign-up was
 * for is completed, and the person is signed in and taken there.
 */
export async function verifyEmailAction(_: FormState, form: FormData): Promise<FormState> {
  const password = String(form.get("password") ?? "");
  let signIn: { email: string; next: string } | null = null;
  const state = await formAction(null, async () => {
    try {
      const outcome = await consumeVerification(await getDb(), {
        token: text(form, "token"),
        password,
        ip: clientIp(await headers()),
      });
      if (outcome.notice) return { ok: true, message: outcome.notice };
      // T4: a studio the link created is the one its owner now acts in.
      if (outcome.actAs) (await cookies()).set(STUDIO_COOKIE, outcome.actAs, studioCookieOptions());
      signIn = { email: outcome.email, next: outcome.studio ? outcome.next : "/dashboard" };
      return { ok: true };
    } catch (e) {
      if (e instanceof RateLimitedError)
        return { ok: false, formError: "Too many attempts. Wait a few minutes and try again." };
      throw e;
    }
  });
  if (!signIn) return state;
  const { email, next } = signIn as { email: string; next: string };
  return signInWithPassword({ email, password }, next);
}
