"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { checked, formAction, keepValues, optional, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth/context";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { updateClient } from "@/lib/clients/update-client";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";

/** Both emergency-contact inputs, or null when both are empty. */
function emergencyContact(form: FormData): { name: string; phone: string } | null {
  const name = text(form, "emergencyName");
  const phone = text(form, "emergencyPhone");
  return name || phone ? { name, phone } : null;
}

/** "yoga, Morning , yoga" → ["yoga", "Morning"]. */
function parseTags(value: string): string[] {
  return [...new Set(value.split(",").map((t) => t.trim()).filter(Boolean))];
}

/** Staff add a client (C1): an email that is already a client is not duplicated but pointed at. */
export async function createClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const email = text(form, "email");
    const { client, created } = await findOrCreateClient(ctx, {
      email,
      name: text(form, "name"),
      phone: optional(form, "phone"),
      emergencyContact: emergencyContact(form) ?? undefined,
      marketingConsent: checked(form, "marketingConsent"),
      source: "staff",
    });
    if (!created) {
      return {
        ok: false,
        formError: `${client.email ?? email} is already a client: ${client.name}`,
        values: { ...keepValues(form), existingClientId: client.id, existingClientName: client.name },
      };
    }
    revalidatePath("/dashboard", "layout");
    redirect(`/dashboard/clients/${client.id}?created=1`);
  });
}

/** Staff edit a client's C2 fields; the verb re-checks that the id is of this studio. */
export async function updateClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = text(form, "id");
    if (!isUuid(id)) throw new NotFoundError("Client");
    await updateClient(ctx, id, {
      name: text(form, "name"),
      email: optional(form, "email") ?? null,
      phone: optional(form, "phone") ?? null,
      emergencyContact: emergencyContact(form),
      marketingConsent: checked(form, "marketingConsent"),
      tags: parseTags(text(form, "tags")),
    });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Saved" };
  });
}
