"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { createCompanyAction } from "./actions";

export function CreateCompanyForm() {
  const [state, action] = useActionState(createCompanyAction, initialFormState);
  return (
    <form action={action} className="grid gap-4 sm:max-w-md" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <Field label="Company name" htmlFor="company-name" error={state.fieldErrors?.name} required>
        <Input name="name" defaultValue={state.values?.name} maxLength={200} autoComplete="off" required />
      </Field>
      <div>
        <SubmitButton pendingLabel="Creating…">Create company</SubmitButton>
      </div>
    </form>
  );
}
