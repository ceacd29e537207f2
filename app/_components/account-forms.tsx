"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** The policy a new password must meet (lib/auth/password-policy.ts PASSWORD_POLICY_TEXT; kept in sync by a test). */
export const PASSWORD_HINT = "At least 10 characters, not a commonly used password and not your email address.";

/** A2 "Forgot password?": one email field; the answer is the same for every address. */
export function ForgotPasswordForm({ action, studio }: { action: Action; studio?: string }) {
  const [state, formAction] = useActionState(action, initialFormState);
  if (state.ok) return <FormMessage variant="success">{state.message}</FormMessage>;
  return (
    <form action={formAction} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      {studio ? <input type="hidden" name="studio" value={studio} /> : null}
      <Field label="Email" htmlFor="email" error={state.fieldErrors?.email} required>
        <Input name="email" type="email" autoComplete="email" defaultValue={state.values?.email} required />
      </Field>
      <SubmitButton pendingLabel="Sending…">Send me a link</SubmitButton>
    </form>
  );
}

/** A2: the page a reset link opens asks for the new password; only submitting it uses the link. */
export function ResetPasswordForm({ action, token }: { action: Action; token: string }) {
  const [state, formAction] = useActionState(action, initialFormState);
  if (state.ok) return <FormMessage variant="success">{state.message}</FormMessage>;
  return (
    <form action={formAction} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="token" value={token} />
      <Field label="New password" htmlFor="password" error={state.fieldErrors?.password} hint={PASSWORD_HINT} required>
        <Input name="password" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
    </form>
  );
}

/** Change password (signed in): the current one, then the new one. */
export function ChangePasswordForm({ action, studio }: { action: Action; studio?: string }) {
  const [state, formAction] = useActionState(action, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      {studio ? <input type="hidden" name="studio" value={studio} /> : null}
      <Field label="Current password" htmlFor="currentPassword" error={e.currentPassword} required>
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" htmlFor="newPassword" error={e.newPassword} hint={PASSWORD_HINT} required>
        <Input name="newPassword" type="password" autoComplete="new-password" minLength={10} required />
      </Field>
      <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
    </form>
  );
}

/** Change email (signed in): verified again by a link to the new address. */
export function ChangeEmailForm({ action, studio, current }: { action: Action; studio?: string; current: string }) {
  const [state, formAction] = useActionState(action, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      {studio ? <input type="hidden" name="studio" value={studio} /> : null}
      <p className="text-sm text-muted-foreground">Now: {current}</p>
      <Field label="New email" htmlFor="newEmail" error={e.newEmail} required>
        <Input name="newEmail" type="email" autoComplete="email" defaultValue={state.values?.newEmail} required />
      </Field>
      <Field label="Current password" htmlFor="emailCurrentPassword" error={e.currentPassword} required>
        <Input
          id="emailCurrentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
      </Field>
      <SubmitButton pendingLabel="Sending…">Send a confirmation link</SubmitButton>
    </form>
  );
}

/** The page a change-of-email link opens: a click confirms (opening it changes nothing). */
export function ConfirmEmailForm({ action, token }: { action: Action; token: string }) {
  const [state, formAction] = useActionState(action, initialFormState);
  if (state.ok) return <FormMessage variant="success">{state.message}</FormMessage>;
  return (
    <form action={formAction} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Confirming…">Use this email</SubmitButton>
    </form>
  );
}
