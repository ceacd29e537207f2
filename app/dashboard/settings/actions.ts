"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { checked, formAction, keepValues, text, type FormState } from "@/app/_lib/form";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { requireStaffContext } from "@/lib/auth/context";
import { rotateEmbedSecret } from "@/lib/embed/embed";
import { updateStudioSettings } from "@/lib/studios/settings";

const API_KEYS_PATH = "/dashboard/settings/api-keys";
const EMBED_PATH = "/dashboard/settings/embed";

/** Studio name, zone, currency and switches (S6, B7). Owners only, enforced by the verb. */
export async function updateSettingsAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const hours = text(form, "lateCancelHours") || "0";
    if (!/^\d{1,3}$/.test(hours)) {
      return {
        ok: false,
        formError: "Please correct the fields marked below.",
        fieldErrors: { lateCancelHours: ["Enter a whole number of hours from 0 to 168."] },
        values: keepValues(form),
      };
    }
    await updateStudioSettings(ctx, {
      name: text(form, "name"),
      timezone: text(form, "timezone"),
      currency: text(form, "currency"),
      lateCancelHours: Number(hours),
      noRestoreAfterNewPass: checked(form, "noRestoreAfterNewPass"),
    });
    // The studio's name and zone show throughout the dashboard.
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Settings saved" };
  });
}

/** A new API key; the key itself goes back once, in `secret`, and is never stored in clear. */
export async function createApiKeyAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const { key, apiKey } = await createApiKey(ctx, { name: text(form, "name") });
    revalidatePath(API_KEYS_PATH);
    return { ok: true, secret: key, message: `Created the key “${apiKey.name}”.` };
  });
}

/** Revokes a key at once. A refusal (already revoked, not an owner) comes back as `?revoke=failed`. */
export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const ctx = await requireStaffContext();
  const result = await formAction(form, async () => {
    await revokeApiKey(ctx, text(form, "id"));
    return { ok: true };
  });
  revalidatePath(API_KEYS_PATH);
  if (!result.ok) redirect(`${API_KEYS_PATH}?revoke=failed`);
}

/** E3: the origins that may frame the embedded signup, one per line. Owners only, enforced by the verb. */
export async function updateEmbedOriginsAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const origins = text(form, "embedOrigins")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    await updateStudioSettings(ctx, { embedOrigins: [...new Set(origins)] });
    revalidatePath(EMBED_PATH);
    return { ok: true, message: origins.length ? "Saved: these sites may show your sign-up." : "Saved: no site may show your sign-up in a frame." };
  });
}

/** E2: a new embed secret (the first one, or a replacement); tokens signed with the old one stop working. */
export async function rotateEmbedSecretAction(_: FormState, _form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(null, async () => {
    await rotateEmbedSecret(ctx);
    revalidatePath(EMBED_PATH);
    return { ok: true, message: "New embed secret made. Put it on your server; tokens signed with the old one no longer work." };
  });
}
