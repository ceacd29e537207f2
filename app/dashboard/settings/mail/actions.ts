"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { staffFormAction } from "@/app/_lib/staff-action";
import { RetryMessageInput, retryMessage } from "@/lib/mail";

const MAIL_PATH = "/dashboard/settings/mail";

/** J1: sends a failed mail again (owners, enforced by the verb). A refusal comes back as `?retry=failed`. */
export const retryMessageAction = staffFormAction(
  RetryMessageInput,
  (ctx, input) => retryMessage(ctx, input),
  (state) => {
    revalidatePath(MAIL_PATH);
    revalidatePath("/dashboard/settings/jobs");
    if (!state.ok) redirect(`${MAIL_PATH}?retry=failed`);
  },
  { names: { id: "messageId" } },
);
