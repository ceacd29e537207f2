"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { addParticipantAction } from "./household-actions";

/** H1: "Add a person" on the portal home: a name and, if they have one, an email. */
export function AddParticipantForm({ studio }: { studio: string }) {
  const [state, action] = useActionState(addParticipantAction, initialFormState);
  const e = state.fieldErrors ?? {};
  // After a success the form starts empty again; after a refusal it keeps what was typed.
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} aria-label="Add a person to your household" className="grid gap-3">
      <input type="hidden" name="studio" value={studio} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" htmlFor="participant-name" error={e.name} required>
          <Input name="name" autoComplete="off" defaultValue={values.name} required />
        </Field>
        <Field label="Email" htmlFor="participant-email" error={e.email} hint="Optional. Children usually have none.">
          <Input name="email" type="email" autoComplete="off" defaultValue={values.email} />
        </Field>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
        {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      </div>
      <div>
        <SubmitButton variant="outline" pendingLabel="Adding…">
          Add person
        </SubmitButton>
      </div>
    </form>
  );
}
