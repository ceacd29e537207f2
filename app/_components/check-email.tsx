"use client";

import { useActionState } from "react";
import { Alert, FormMessage, SubmitButton } from "@/app/_ui";
import type { FormState } from "@/app/_lib/form";

/**
 * A1: what every sign-up door shows, whatever the address: "check your email
 * to finish", with a way to have the link sent again. `hidden` are the form's
 * hidden fields (the studio, the step).
 */
export function CheckYourEmail({
  email,
  hidden,
  resend,
  children,
}: {
  email: string;
  hidden: Record<string, string>;
  resend: (state: FormState, form: FormData) => Promise<FormState>;
  children?: React.ReactNode;
}) {
  const [state, action] = useActionState(resend, { ok: false });
  return (
    <div className="grid gap-4" data-testid="check-email">
      <Alert variant="info" role="status" title="Check your email to finish">
        We sent a link to <strong>{email}</strong>. Open it and enter your password to finish. The link works once, for
        24 hours.
      </Alert>
      {children}
      <form action={action} className="grid gap-2">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="email" value={email} />
        <FormMessage variant={state.ok ? "success" : "error"}>{state.ok ? state.message : state.formError}</FormMessage>
        <SubmitButton variant="outline" pendingLabel="Sending…">
          Send the link again
        </SubmitButton>
      </form>
    </div>
  );
}
