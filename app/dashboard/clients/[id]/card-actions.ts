"use server";

import { revalidatePath } from "next/cache";
import { formAction, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth";
import { rotateCardToken } from "@/lib/cards";

/** W1: replaces a client's member card (lost or shared); the old code stops working at once. */
export async function rotateCardAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = text(form, "clientId");
    await rotateCardToken(ctx, clientId);
    revalidatePath(`/dashboard/clients/${clientId}`);
    return {
      ok: true,
      message: "Card replaced. The old code no longer works; the client finds the new one in the member portal.",
    };
  });
}
