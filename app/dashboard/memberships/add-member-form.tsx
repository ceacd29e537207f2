"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { addMemberAction } from "./actions";
import { PaymentField } from "./payment-field";

/**
 * Gives this plan to a client by email (M6): an existing client of the studio
 * is matched whatever the case or spaces; a new email creates the client with
 * the name given (C1). A sale records its payment or a payment due (P0).
 */
export function AddMemberForm({ planId, today, price }: { planId: string; today: string; price: string | null }) {
  const [state, action] = useActionState(addMemberAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};

  return (
    <form action={action} className="grid gap-4" noValidate aria-label="Add member">
      <input type="hidden" name="planId" value={planId} />
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Client email"
          htmlFor="member-email"
          error={e.email}
          required
          hint="An existing client's email, or a new one: the client is then created."
        >
          <Input name="email" type="email" defaultValue={v.email} autoComplete="off" required />
        </Field>
        <Field label="Name" htmlFor="member-name" error={e.name} hint="Needed only for a new client.">
          <Input name="name" defaultValue={v.name} autoComplete="off" />
        </Field>
        <Field label="Start date" htmlFor="member-start" error={e.startsAt} required hint="Today starts it now.">
          <Input name="startDate" type="date" defaultValue={v.startDate ?? today} required />
        </Field>
        {price ? (
          <PaymentField
            id="member-payment"
            error={e.payment}
            defaultValue={v.payment}
            hint={`The plan costs ${price}.`}
          />
        ) : (
          <input type="hidden" name="payment" value="due" />
        )}
      </div>
      {e.planId ? <p className="text-xs font-medium text-danger-700">{e.planId.join(" ")}</p> : null}
      <div>
        <SubmitButton pendingLabel="Adding…">Add member</SubmitButton>
      </div>
    </form>
  );
}
