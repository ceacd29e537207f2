"use client";

import { useActionState, useEffect, useRef } from "react";
import { Field, FormMessage, Input, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { CheckYourEmail } from "@/app/_components/check-email";
import { resendStudioSignUpAction, signUpStudioAction, type StudioSignUpState } from "../actions";

const CURRENCIES = ["EUR", "USD", "GBP", "PLN", "CHF", "SEK", "NOK", "DKK", "CAD", "AUD"];

export function SignUpStudioForm({ timezones }: { timezones: string[] }) {
  const [state, action] = useActionState<StudioSignUpState, FormData>(signUpStudioAction, initialFormState);
  const zoneRef = useRef<HTMLSelectElement>(null);
  // Preselect the browser's own zone once; the server cannot know it.
  useEffect(() => {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zoneRef.current && own && timezones.includes(own)) zoneRef.current.value = own;
  }, [timezones]);
  // A1: the same answer for every address; the mailed link does the rest.
  if (state.checkEmail)
    return <CheckYourEmail email={state.checkEmail} hidden={{}} resend={resendStudioSignUpAction} />;
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};

  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <Field label="Studio name" htmlFor="name" error={e.name} required>
        <Input name="name" defaultValue={v.name} autoComplete="organization" required />
      </Field>
      <Field label="Your name" htmlFor="ownerName" error={e.ownerName}>
        <Input name="ownerName" defaultValue={v.ownerName} autoComplete="name" />
      </Field>
      <Field label="Email" htmlFor="ownerEmail" error={e.ownerEmail} required>
        <Input name="ownerEmail" type="email" defaultValue={v.ownerEmail} autoComplete="email" required />
      </Field>
      <Field label="Password" htmlFor="ownerPassword" error={e.ownerPassword} hint="At least 10 characters." required>
        <Input name="ownerPassword" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Time zone" htmlFor="timezone" error={e.timezone} hint="Class times show in this zone.">
          <NativeSelect ref={zoneRef} name="timezone" defaultValue={v.timezone ?? "UTC"}>
            {timezones.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Currency" htmlFor="currency" error={e.currency}>
          <NativeSelect name="currency" defaultValue={v.currency ?? "EUR"}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <SubmitButton pendingLabel="Creating your studio…">Create studio</SubmitButton>
    </form>
  );
}
