"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { keepValues } from "@/app/_lib/form";
import { FormId, ListText, staffAction } from "@/app/_lib/staff-action";
import { FindOrCreateClientInput, findOrCreateClient, UpdateClientInput, updateClient } from "@/lib/clients";

/** The two emergency-contact inputs, each with the verb's own rule for it. */
const EmergencyFields = {
  emergencyName: FindOrCreateClientInput.shape.emergencyContact.unwrap().unwrap().shape.name,
  emergencyPhone: FindOrCreateClientInput.shape.emergencyContact.unwrap().unwrap().shape.phone,
};

/** Both emergency-contact inputs, or null when both are empty. */
function emergencyContact(input: { emergencyName?: string | null; emergencyPhone?: string | null }) {
  const name = input.emergencyName ?? "";
  const phone = input.emergencyPhone ?? "";
  return name || phone ? { name, phone } : null;
}

/** Staff add a client with an email (C1): one that is already a client is not duplicated but pointed at. */
const CreateClientForm = FindOrCreateClientInput.pick({ name: true, phone: true, marketingConsent: true }).extend({
  email: FindOrCreateClientInput.shape.email.unwrap(),
  ...EmergencyFields,
});

/** Staff add a client (C1): an email that is already a client is not duplicated but pointed at. */
export const createClientAction = staffAction(CreateClientForm, async (ctx, input, form) => {
  const { emergencyName: _name, emergencyPhone: _phone, ...fields } = input;
  const { client, created } = await findOrCreateClient(ctx, {
    ...fields,
    emergencyContact: emergencyContact(input) ?? undefined,
    marketingConsent: input.marketingConsent ?? false,
    source: "staff",
  });
  if (!created) {
    return {
      ok: false,
      formError: `${client.email ?? input.email} is already a client: ${client.name}`,
      values: { ...keepValues(form), existingClientId: client.id, existingClientName: client.name },
    };
  }
  revalidatePath("/dashboard", "layout");
  redirect(`/dashboard/clients/${client.id}?created=1`);
});

/** The C2 fields the edit form shows, the client's id beside them; the tags arrive as one "a, b" field. */
const UpdateClientForm = UpdateClientInput.pick({ email: true, phone: true, marketingConsent: true }).extend({
  id: FormId("Client"),
  // The form always sends the name: an empty one is refused, not left as it was.
  name: UpdateClientInput.shape.name.unwrap(),
  tags: ListText(UpdateClientInput.shape.tags),
  ...EmergencyFields,
});

/** Staff edit a client's C2 fields; the verb re-checks that the id is of this studio. */
export const updateClientAction = staffAction(UpdateClientForm, async (ctx, { id, ...input }) => {
  // Every field is on the form: an empty one is cleared.
  await updateClient(ctx, id, {
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    emergencyContact: emergencyContact(input),
    marketingConsent: input.marketingConsent ?? false,
    tags: input.tags ?? [],
  });
  revalidatePath("/dashboard", "layout");
  return { ok: true, message: "Saved" };
});
