"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { FormId, staffAction } from "@/app/_lib/staff-action";
import { signatureOrigin } from "@/app/_lib/signature-origin";
import { answersFromForm, signForm, SignFormInput } from "@/lib/forms";

/** F1 "signed at the desk": the verb's fields; "I agree" and the health consent as checkboxes; answers beside. */
const DeskSignFields = z.object({
  formId: SignFormInput.shape.formId,
  versionId: SignFormInput.shape.versionId,
  clientId: FormId("Client"),
  fullName: SignFormInput.shape.fullName,
  agree: z.boolean(),
  healthConsent: z.boolean(),
});

/** F1: staff record a client's signature at the desk, on their behalf (`bookings.manage`, checked by the verb). */
export const deskSignFormAction = staffAction(DeskSignFields, async (ctx, input, form) => {
  await signForm(
    ctx,
    { ...input, agree: input.agree as true, answers: answersFromForm(form) },
    await signatureOrigin(),
  );
  revalidatePath(`/dashboard/clients/${input.clientId}`);
  return { ok: true, message: "Signed at the desk. A copy is on its way to the client." };
});
