"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { staffFormAction } from "@/app/_lib/staff-action";
import { RetryJobInput, retryJob } from "@/lib/jobs/admin";

const JOBS_PATH = "/dashboard/settings/jobs";

/** J1: runs a failed job of the studio again now, attempts reset (owners, enforced by the verb). A refusal comes back as `?retry=failed`. */
export const retryJobAction = staffFormAction(
  RetryJobInput,
  (ctx, input) => retryJob(ctx, input),
  (state) => {
    revalidatePath(JOBS_PATH);
    revalidatePath("/dashboard/settings/mail");
    if (!state.ok) redirect(`${JOBS_PATH}?retry=failed`);
  },
  { names: { id: "jobId" } },
);
