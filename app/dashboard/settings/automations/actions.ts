"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/app/_lib/staff-action";
import { UpdateRetentionFlowInput, updateRetentionFlow } from "@/lib/retention";

/** Retention automations: saves a flow's template and switches it on or off (owners and managers, by the verb). */
export const updateRetentionFlowAction = staffAction(UpdateRetentionFlowInput, async (ctx, input) => {
  await updateRetentionFlow(ctx, input);
  revalidatePath("/dashboard/settings/automations");
  return { ok: true, message: input.enabled ? "Saved. The automation is on." : "Saved. The automation is off." };
});
