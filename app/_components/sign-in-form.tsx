"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";

/** Email + password, for staff (/signin) and for members (/s/[studio]/signin). */
export function SignInForm({
  action,
  next,
  studio,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  next: string;
  /** The portal's studio slug, for member sign-in. */
  studio?: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  return (
    <form action={formAction} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="next" value={next} />
      {studio ? <input type="hidden" name="studio" value={studio} /> : null}
      <Field label="Email" htmlFor="email" required>
        <Input name="email" type="email" autoComplete="email" defaultValue={state.values?.email} required />
      </Field>
      <Field label="Password" htmlFor="password" required>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}
