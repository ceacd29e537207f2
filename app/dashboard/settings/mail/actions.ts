"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { staffFormAction } from "@/app/_lib/staff-action";
import { LINK_NOT_KEPT, RetryMessageInput, retryMessage } from "@/lib/mail";

const MAIL_PATH = "/dashboard/settings/mail";

/**
 * J1: sends a failed mail again (owners, enforced by the verb). A refusal comes back as `?retry=failed`, or
 * `?retry=link` for a mail whose one-time link is gone.
 */
export const retryMessageAction = staffFormAction(
  RetryMessageInput,
  (ctx, input) => retryMessage(ctx, input),
  (state) => {
    revalidatePath(MAIL_PATH);
    revalidatePath("/dashboard/settings/jobs");
    if (!state.ok) redirect(`${MAIL_PATH}?retry=${state.formError === LINK_NOT_KEPT ? "link" : "failed"}`);
  },
  { names: { id: "messageId" } },
);
