"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { connectStripeAction, refreshStripeAction } from "./actions";

/** "Connect Stripe" or "Continue onboarding": the action redirects to Stripe; a refusal shows here. */
export function ConnectStripeForm({ label }: { label: string }) {
  const [state, dispatch] = useActionState(connectStripeAction, initialFormState);
  return (
    <form action={dispatch} className="grid gap-2" aria-label={label}>
      <div>
        <SubmitButton pendingLabel="Opening Stripe…">{label}</SubmitButton>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
      </div>
    </form>
  );
}

/** "Check status": reads the account back from Stripe. */
export function RefreshStripeForm() {
  const [state, dispatch] = useActionState(refreshStripeAction, initialFormState);
  return (
    <form action={dispatch} className="grid gap-2" aria-label="Check Stripe status">
      <div>
        <SubmitButton variant="outline" pendingLabel="Checking…">
          Check status
        </SubmitButton>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
        {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      </div>
    </form>
  );
}
