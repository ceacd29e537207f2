"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import type { ApiClient } from "@/lib/clients/client-input";
import { updateClientAction } from "../actions";
import { ClientFields, type ClientFieldValues } from "../client-fields";

export function EditClientForm({ client }: { client: ApiClient }) {
  const [state, action] = useActionState(updateClientAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  const typed = state.values;
  // After a refusal show what was typed; otherwise the saved client (revalidated on success).
  const values: ClientFieldValues & { tags: string } = typed
    ? {
        name: typed.name,
        email: typed.email,
        phone: typed.phone,
        emergencyName: typed.emergencyName,
        emergencyPhone: typed.emergencyPhone,
        marketingConsent: typed.marketingConsent !== undefined,
        tags: typed.tags ?? "",
      }
    : {
        name: client.name,
        email: client.email ?? "",
        phone: client.phone ?? "",
        emergencyName: client.emergencyContact?.name ?? "",
        emergencyPhone: client.emergencyContact?.phone ?? "",
        marketingConsent: client.marketingConsent,
        tags: client.tags.join(", "),
      };
  const tagErrors = Object.entries(errors)
    .filter(([key]) => key === "tags" || key.startsWith("tags."))
    .flatMap(([, messages]) => messages);

  return (
    <form action={action} className="grid gap-6" noValidate>
      <input type="hidden" name="id" value={client.id} />
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <ClientFields values={values} errors={errors} emailRequired={client.email !== null} />
      <Field label="Tags" htmlFor="tags" error={tagErrors} hint="Separate tags with commas, e.g. prenatal, morning.">
        <Input name="tags" defaultValue={values.tags} autoComplete="off" />
      </Field>
      <div>
        <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
      </div>
    </form>
  );
}
