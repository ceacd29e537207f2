"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { guestBookAction } from "../../booking-actions";

/** Quick guest booking of a drop-in class: name and email, no account. */
export function GuestBookingForm({ studio, sessionId, price }: { studio: string; sessionId: string; price: string }) {
  const [state, action] = useActionState(guestBookAction, initialFormState);
  if (state.ok) return <FormMessage variant="success">{state.message}</FormMessage>;
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label="Book as a guest" className="grid gap-3 border-t border-border pt-4">
      <p className="text-sm font-medium">Or book as a guest ({price}, paid at the studio)</p>
      <FormMessage>{state.formError}</FormMessage>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Your name" htmlFor="guest-name" error={e.name} required>
          <Input name="name" autoComplete="name" defaultValue={state.values?.name} required />
        </Field>
        <Field label="Your email" htmlFor="guest-email" error={e.email} required>
          <Input name="email" type="email" autoComplete="email" defaultValue={state.values?.email} required />
        </Field>
      </div>
      <SubmitButton variant="outline" pendingLabel="Booking…">
        Book as a guest
      </SubmitButton>
    </form>
  );
}
