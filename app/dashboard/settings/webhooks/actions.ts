"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/app/_lib/staff-action";
import {
  createWebhookEndpoint,
  CreateWebhookInput,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks";

const PATH = "/dashboard/settings/webhooks";

/** X2: a new endpoint; its secret is shown this once. Owners only (`apikeys.manage`), enforced by the verb. */
export const createWebhookAction = staffAction(CreateWebhookInput, async (ctx, input) => {
  const { endpoint, secret } = await createWebhookEndpoint(ctx, input);
  revalidatePath(PATH);
  return { ok: true, secret, message: `Events now go to ${endpoint.url}.` };
});

const EndpointId = z.object({ id: z.string().max(100) });

/** X2: deletes an endpoint and its delivery log. */
export const deleteWebhookAction = staffAction(EndpointId, async (ctx, { id }) => {
  await deleteWebhookEndpoint(ctx, id);
  revalidatePath(PATH);
  return { ok: true, message: "The endpoint was deleted." };
});

/** X2: a new secret, shown once; the old one keeps signing for 24 hours. */
export const rotateWebhookSecretAction = staffAction(EndpointId, async (ctx, { id }) => {
  const { secret } = await rotateWebhookSecret(ctx, id);
  revalidatePath(PATH);
  return { ok: true, secret, message: "New secret made. For 24 hours deliveries are signed with both secrets." };
});

/** X2: turns an endpoint off or on again. */
export const setWebhookEnabledAction = staffAction(
  z.object({ id: z.string().max(100), enabled: z.boolean() }),
  async (ctx, { id, enabled }) => {
    await setWebhookEndpointEnabled(ctx, id, enabled);
    revalidatePath(PATH);
    return { ok: true, message: enabled ? "The endpoint is on again." : "The endpoint is off." };
  },
);
