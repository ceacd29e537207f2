"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import type { ApiClient } from "@/lib/clients/client-input";
import { updateClientAction } from "../actions";
import { ClientFields, type ClientFieldValues } from "../client-fields";

export function EditClientForm({ client }: { client: ApiClient }) {
  const [state, action] = useActionState(updateClientAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  const typed = state.values;
  // After a refusal show what was typed; otherwise the saved client (revalidated on success).
  const values: ClientFieldValues = typed
    ? {
        name: typed.name,
        email: typed.email,
        phone: typed.phone,
        emergencyName: typed.emergencyName,
        emergencyPhone: typed.emergencyPhone,
        marketingConsent: typed.marketingConsent !== undefined,
      }
    : {
        name: client.name,
        email: client.email ?? "",
        phone: client.phone ?? "",
        emergencyName: client.emergencyContact?.name ?? "",
        emergencyPhone: client.emergencyContact?.phone ?? "",
        marketingConsent: client.marketingConsent,
      };

  return (
    <form action={action} className="grid gap-6" noValidate>
      <input type="hidden" name="id" value={client.id} />
      {/* Tags are edited in the Tags section (R4); the update action writes the list it receives, so send the current one. */}
      <input type="hidden" name="tags" value={client.tags.join(", ")} />
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <ClientFields values={values} errors={errors} emailRequired={client.email !== null} />
      <div>
        <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
      </div>
    </form>
  );
}
