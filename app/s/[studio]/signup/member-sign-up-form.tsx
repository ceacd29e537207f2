"use client";

import { useActionState } from "react";
import { Checkbox, Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { CheckYourEmail } from "@/app/_components/check-email";
import { memberSignUpAction, resendVerificationAction, type SignUpState } from "../actions";

export function MemberSignUpForm({ studio, studioName }: { studio: string; studioName: string }) {
  const [state, action] = useActionState<SignUpState, FormData>(memberSignUpAction, { ok: false });
  // A1: the same answer for every address; the mailed link does the rest.
  if (state.checkEmail)
    return <CheckYourEmail email={state.checkEmail} hidden={{ studio }} resend={resendVerificationAction} />;
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="studio" value={studio} />
      <Field label="Your name" htmlFor="name" error={e.name} required>
        <Input name="name" defaultValue={v.name} autoComplete="name" required />
      </Field>
      <Field label="Email" htmlFor="email" error={e.email} required>
        <Input name="email" type="email" defaultValue={v.email} autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="password" error={e.password} hint="At least 10 characters." required>
        <Input name="password" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      <Checkbox
        name="marketingConsent"
        defaultChecked={v.marketingConsent === "on"}
        label={`Send me news and offers from ${studioName}`}
      />
      <SubmitButton pendingLabel="Creating your account…">Create account</SubmitButton>
    </form>
  );
}
