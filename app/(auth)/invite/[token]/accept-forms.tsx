"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { acceptInvitationAction, acceptInvitationSignupAction } from "./actions";

/** T1: a signed-in, verified login with the invited email accepts with one click. */
export function AcceptForm({ token }: { token: string }) {
  const [state, action] = useActionState(acceptInvitationAction, initialFormState);
  return (
    <form action={action} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Joining…">Accept invitation</SubmitButton>
    </form>
  );
}

/** T1: no login for the invited address yet: make one here (the link proves the email). */
export function AcceptWithSignupForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(acceptInvitationSignupAction, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="token" value={token} />
      <Field label="Email" htmlFor="invite-email">
        <Input type="email" value={email} readOnly autoComplete="username" />
      </Field>
      <Field label="Your name" htmlFor="invite-name" error={e.name} required>
        <Input name="name" defaultValue={state.values?.name} autoComplete="name" required />
      </Field>
      <Field label="Password" htmlFor="invite-password" error={e.password} hint="At least 8 characters." required>
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton pendingLabel="Creating your login…">Create login and join</SubmitButton>
    </form>
  );
}
