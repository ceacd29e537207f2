"use server";

import { revalidatePath } from "next/cache";
import { formAction, optional, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth";
import { setPortalAccess } from "@/lib/clients";
import { addAdditionalUser, addParticipant, removeHouseholdMember } from "@/lib/households";

function revalidateClients(...ids: string[]) {
  for (const id of ids) revalidatePath(`/dashboard/clients/${id}`);
}

/** H1: staff add a participant (e.g. a child; email optional) to a primary customer's household. */
export async function addParticipantAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const primaryId = text(form, "primaryId");
    const added = await addParticipant(ctx, { primaryId, name: text(form, "name"), email: optional(form, "email") });
    revalidateClients(primaryId, added.id);
    return { ok: true, message: `${added.name} was added as a participant.` };
  });
}

/** H1: staff link an additional user by email (the studio's client with it, or a new one with the name given). */
export async function addAdditionalUserAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const primaryId = text(form, "primaryId");
    const added = await addAdditionalUser(ctx, { primaryId, email: text(form, "email"), name: optional(form, "name") });
    revalidateClients(primaryId, added.id);
    return { ok: true, message: `${added.name} was added as an additional user.` };
  });
}

/** H1: staff take a member out of its household; the client itself stays. */
export async function removeHouseholdMemberAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const { clientId, primaryId } = await removeHouseholdMember(ctx, { clientId: text(form, "clientId") });
    revalidateClients(clientId, primaryId);
    return { ok: true, message: "Removed from the household." };
  });
}

/** H3: staff turn a client's member-portal access off or back on. */
export async function setPortalAccessAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = text(form, "clientId");
    const enabled = text(form, "enabled") === "true";
    await setPortalAccess(ctx, { clientId, enabled });
    revalidateClients(clientId);
    return {
      ok: true,
      message: enabled
        ? "Portal access is on again: the client can sign in."
        : "Portal access is off: the client can no longer sign in to the portal.",
    };
  });
}
