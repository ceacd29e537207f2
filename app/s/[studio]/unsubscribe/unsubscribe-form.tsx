"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { unsubscribeAction } from "./actions";

/** C2: one POST unsubscribes; reading the page never does (mail scanners fetch links). */
export function UnsubscribeForm({ studio, token }: { studio: string; token: string }) {
  const [state, action] = useActionState(unsubscribeAction, initialFormState);
  if (state.ok) return <FormMessage variant="success">{state.message}</FormMessage>;
  return (
    <form action={action} className="grid gap-4">
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Unsubscribing…">Unsubscribe</SubmitButton>
    </form>
  );
}
