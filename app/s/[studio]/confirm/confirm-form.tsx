"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { confirmByEmailAction } from "./actions";

/** A5: one POST confirms; reading the page never does (mail scanners fetch links). */
export function ConfirmForm({ studio, token, label }: { studio: string; token: string; label: string }) {
  const [state, action] = useActionState(confirmByEmailAction, initialFormState);
  if (state.ok) return <FormMessage variant="success">{state.message}</FormMessage>;
  return (
    <form action={action} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Confirming…">{label}</SubmitButton>
    </form>
  );
}
