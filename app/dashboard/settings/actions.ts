"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { FormId, ListText, staffAction, staffFormAction } from "@/app/_lib/staff-action";
import { MoneyText } from "@/lib/core/validation";
import { CreateApiKeyInput, createApiKey, revokeApiKey } from "@/lib/api-keys";
import { rotateEmbedSecret } from "@/lib/embed";
import { UpdateStudioSettingsInput, updateStudioSettings } from "@/lib/studios";

const API_KEYS_PATH = "/dashboard/settings/api-keys";
const EMBED_PATH = "/dashboard/settings/embed";

/** The settings form's fields: the verb's own. */
const SettingsForm = UpdateStudioSettingsInput.pick({
  name: true,
  timezone: true,
  currency: true,
  lateCancelHours: true,
  sessionReminderHours: true,
  noRestoreAfterNewPass: true,
  bookingOpensDaysBefore: true,
  bookingClosesMinutesBefore: true,
  waitlistCutoffHours: true,
}).extend({
  /** B9: a fee typed in major units; empty = forfeit (B7 for a late cancel). */
  lateCancelFee: MoneyText.optional(),
  noShowFee: MoneyText.optional(),
});

/** Studio name, zone, currency and switches (S6, B7, J3) and policies (B8–B10). Owners only, enforced by the verb. */
export const updateSettingsAction = staffAction(SettingsForm, async (ctx, input) => {
  // An hours field left empty is 0: no late-cancel window (B7), no reminders (J3).
  const { lateCancelFee, noShowFee, ...rest } = input;
  await updateStudioSettings(ctx, {
    ...rest,
    lateCancelHours: input.lateCancelHours ?? 0,
    sessionReminderHours: input.sessionReminderHours ?? 0,
    // B8: empty opens = no limit, empty closes = until the start; B10: empty cutoff = none.
    bookingOpensDaysBefore: input.bookingOpensDaysBefore ?? null,
    bookingClosesMinutesBefore: input.bookingClosesMinutesBefore ?? 0,
    waitlistCutoffHours: input.waitlistCutoffHours ?? 0,
    // B9: a fee given charges it; none forfeits.
    lateCancelPolicy: lateCancelFee ? { kind: "fee", feeCents: lateCancelFee } : { kind: "forfeit" },
    noShowPolicy: noShowFee ? { kind: "fee", feeCents: noShowFee } : { kind: "forfeit" },
  });
  // The studio's name and zone show throughout the dashboard.
  revalidatePath("/dashboard", "layout");
  return { ok: true, message: "Settings saved" };
});

/** A new API key; the key itself goes back once, in `secret`, and is never stored in clear. */
export const createApiKeyAction = staffAction(CreateApiKeyInput, async (ctx, input) => {
  const { key, apiKey } = await createApiKey(ctx, input);
  revalidatePath(API_KEYS_PATH);
  return { ok: true, secret: key, message: `Created the key “${apiKey.name}”.` };
});

/** Revokes a key at once. A refusal (already revoked, not an owner) comes back as `?revoke=failed`. */
export const revokeApiKeyAction = staffFormAction(
  z.object({ id: FormId("API key") }),
  (ctx, { id }) => revokeApiKey(ctx, id),
  (state) => {
    revalidatePath(API_KEYS_PATH);
    if (!state.ok) redirect(`${API_KEYS_PATH}?revoke=failed`);
  },
);

/** E3: the origins that may frame the embedded signup, one per line. Owners only, enforced by the verb. */
export const updateEmbedOriginsAction = staffAction(
  z.object({ embedOrigins: ListText(UpdateStudioSettingsInput.shape.embedOrigins, /\r?\n/) }),
  async (ctx, input) => {
    const origins = input.embedOrigins ?? [];
    await updateStudioSettings(ctx, { embedOrigins: origins });
    revalidatePath(EMBED_PATH);
    return {
      ok: true,
      message: origins.length
        ? "Saved: these sites may show your sign-up."
        : "Saved: no site may show your sign-up in a frame.",
    };
  },
);

/** E2: a new embed secret (the first one, or a replacement); tokens signed with the old one stop working. */
export const rotateEmbedSecretAction = staffAction(z.object({}), async (ctx) => {
  await rotateEmbedSecret(ctx);
  revalidatePath(EMBED_PATH);
  return {
    ok: true,
    message: "New embed secret made. Put it on your server; tokens signed with the old one no longer work.",
  };
});
