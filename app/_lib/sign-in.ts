import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth";
import type { FormState } from "./form";

/**
 * Signs in with email and password and goes to `redirectTo`. Used by staff and
 * portal sign-in alike: a wrong password and an unknown email read the same.
 */
export async function signInWithPassword(
  credentials: { email: string; password: string },
  redirectTo: string,
  values?: Record<string, string>,
): Promise<FormState> {
  try {
    await signIn("credentials", { ...credentials, redirectTo });
    return { ok: true };
  } catch (e) {
    if (e instanceof CredentialsSignin && e.code === "rate_limited") {
      return { ok: false, formError: "Too many sign-in attempts. Wait a few minutes and try again.", values };
    }
    if (e instanceof CredentialsSignin)
      return { ok: false, formError: "That email and password do not match.", values };
    if (e instanceof AuthError)
      return { ok: false, formError: "Sign-in is not available right now. Try again.", values };
    throw e; // the redirect on success
  }
}
