"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { sendPasswordResetAction } from "./password-reset-actions";

/** A2: "Send a password reset link" for a client with a portal login. */
export function SendPasswordResetButton({ clientId }: { clientId: string }) {
  const [state, action] = useActionState(sendPasswordResetAction, initialFormState);
  return (
    <form action={action} className="grid gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      <div>
        <SubmitButton variant="outline" size="sm" pendingLabel="Sending…">
          Send a password reset link
        </SubmitButton>
      </div>
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
    </form>
  );
}
