"use client";

import { useActionState } from "react";
import { Alert, Field, FormMessage, Input, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { inviteStaffAction } from "./actions";

/** T1: email and role; the mail carries a link that works once, for 7 days. */
export function InviteForm({ roles }: { roles: { value: string; label: string }[] }) {
  const [state, action] = useActionState(inviteStaffAction, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <div className="grid gap-4">
      {state.ok && state.message ? (
        <Alert variant="success" title={state.message} role="status">
          The link in the mail works once, for 7 days. You can resend or revoke it below.
        </Alert>
      ) : null}
      <form action={action} className="grid max-w-xl gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
        <FormMessage className="sm:col-span-3">{state.formError}</FormMessage>
        <Field label="Email" htmlFor="invite-email" error={e.email} required>
          <Input type="email" name="email" defaultValue={state.values?.email} autoComplete="off" required />
        </Field>
        <Field label="Role" htmlFor="invite-role" error={e.role} required>
          <NativeSelect name="role" defaultValue={state.values?.role ?? "instructor"}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <div>
          <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
        </div>
      </form>
    </div>
  );
}
