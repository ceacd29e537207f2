import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { normalizeEmail } from "@/lib/core/validation";
import { MIN_PASSWORD_LENGTH } from "./password";

/**
 * A2: the policy a new password meets (reset, change; sign-up may use it too):
 * - at least MIN_PASSWORD_LENGTH (10) characters and at most 200; any
 *   characters, spaces included, no composition rules (NIST SP 800-63B);
 * - not one of the ~49,000 most common passwords from breach corpora
 *   (the list `@zxcvbn-ts/language-common` ships, compared case-insensitively),
 *   neither as typed nor with trailing digits and symbols removed
 *   ("password123!" is "password");
 * - not the account's own email address or its local part.
 */
export const PASSWORD_POLICY_TEXT = `At least ${MIN_PASSWORD_LENGTH} characters, not a commonly used password and not your email address.`;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common;
}

/** Whether a password is on the shipped list of common and breached passwords. */
export function isCommonPassword(password: string): boolean {
  const p = password.normalize("NFKC").trim().toLowerCase();
  const stripped = p.replace(/[\d\W_]+$/u, "");
  return commonPasswords().has(p) || (stripped.length >= 4 && commonPasswords().has(stripped));
}

/** The reason a new password is refused, or null when it meets the policy. */
export function passwordPolicyError(password: string, email?: string | null): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return "Use at most 200 characters.";
  if (isCommonPassword(password))
    return "This password is too common (it appears in lists of breached passwords). Choose another.";
  if (email) {
    const e = normalizeEmail(email);
    const p = password.normalize("NFKC").trim().toLowerCase();
    if (p === e || p === e.split("@")[0]) return "Do not use your email address as your password.";
  }
  return null;
}

/** A new password (the account's email is checked by the verb that knows it). */
export const NewPassword = z.string({ error: "Enter a password." }).superRefine((p, ctx) => {
  const error = passwordPolicyError(p);
  if (error) ctx.addIssue({ code: "custom", message: error });
});
