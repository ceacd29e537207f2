"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { linkClientAction } from "../actions";

/** Links an existing client of the studio by email (M7). */
export function LinkClientForm({ companyId }: { companyId: string }) {
  const [state, action] = useActionState(linkClientAction, initialFormState);
  return (
    <form action={action} className="grid gap-4" noValidate aria-label="Link a client">
      <input type="hidden" name="companyId" value={companyId} />
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <div className="flex flex-wrap items-start gap-3">
        <Field
          label="Client email"
          htmlFor="link-email"
          error={state.fieldErrors?.email}
          required
          hint="The email of an existing client of your studio."
          className="min-w-64 flex-1"
        >
          <Input name="email" type="email" defaultValue={state.values?.email} autoComplete="off" required />
        </Field>
        <SubmitButton className="sm:mt-6" pendingLabel="Linking…">
          Link client
        </SubmitButton>
      </div>
    </form>
  );
}
