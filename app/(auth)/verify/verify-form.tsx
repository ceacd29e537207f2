"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { verifyEmailAction } from "./actions";

/** A1: the password, then one POST consumes the link. */
export function VerifyEmailForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(verifyEmailAction, initialFormState);
  if (state.ok && state.message) return <FormMessage variant="success">{state.message}</FormMessage>;
  return (
    <form action={action} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="token" value={token} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <Field label="Password" htmlFor="password" error={state.fieldErrors?.password} required>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton pendingLabel="Confirming…">Confirm my email</SubmitButton>
    </form>
  );
}
