"use server";

import { systemContext } from "@/lib/auth";
import { RuleError } from "@/lib/core/errors";
import { unsubscribeByToken } from "@/lib/retention";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { portalStudio } from "../portal";

/**
 * C2: the unsubscribe link of an automated mail: one POST turns the client's marketing consent off at the studio
 * in the form (the signed token is the credential, and means nothing at another studio; a GET never changes it).
 */
export async function unsubscribeAction(_: FormState, form: FormData): Promise<FormState> {
  const studio = await portalStudio(text(form, "studio"));
  const ctx = await systemContext(studio, "unsubscribe link");
  return formAction(null, async () => {
    if (!(await unsubscribeByToken(ctx, { token: text(form, "token") })))
      throw new RuleError("link_invalid", "This unsubscribe link is not valid.");
    return { ok: true, message: `You are unsubscribed: ${studio.name} will send you no more marketing mail.` };
  });
}
