"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { addMemberAction } from "./actions";
import { PaymentField } from "./payment-field";

export type PlanChoice = { id: string; name: string; details: string; price: string };

/**
 * Gives a plan to one holder: a client (with the sale's payment, P0) or a
 * company (M7: only recurring and fixed plans; the verb refuses packs).
 */
export function AssignPlanForm({
  holder,
  plans,
  today,
}: {
  holder: { clientId: string } | { companyId: string };
  plans: PlanChoice[];
  today: string;
}) {
  const [state, action] = useActionState(addMemberAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  const forClient = "clientId" in holder;
  const prefix = forClient ? "assign-client" : "assign-company";

  return (
    <form action={action} className="grid gap-4" noValidate aria-label="Add membership">
      {"clientId" in holder ? <input type="hidden" name="clientId" value={holder.clientId} /> : null}
      {"companyId" in holder ? <input type="hidden" name="companyId" value={holder.companyId} /> : null}
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Plan" htmlFor={`${prefix}-plan`} error={e.planId} required>
          <NativeSelect name="planId" defaultValue={v.planId ?? ""} required>
            <option value="" disabled>
              Choose a plan…
            </option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {p.price}, {p.details}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Start date" htmlFor={`${prefix}-start`} error={e.startsAt} required hint="Today starts it now.">
          <Input name="startDate" type="date" defaultValue={v.startDate ?? today} required />
        </Field>
        {forClient ? (
          <PaymentField
            id={`${prefix}-payment`}
            error={e.payment}
            defaultValue={v.payment}
            hint="Free plans record no payment."
          />
        ) : (
          <input type="hidden" name="payment" value="due" />
        )}
      </div>
      {forClient ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Promo code" htmlFor={`${prefix}-promo`} error={e.promoCode} hint="Optional. Any case.">
            <Input name="promoCode" defaultValue={v.promoCode} autoComplete="off" maxLength={40} />
          </Field>
          <Field
            label="Reason to sell an intro offer anyway"
            htmlFor={`${prefix}-override`}
            error={e.overrideReason}
            hint="Only for an intro offer to a client who has bought or booked before. Recorded in the audit log."
            className="sm:col-span-2"
          >
            <Input name="overrideReason" defaultValue={v.overrideReason} autoComplete="off" maxLength={500} />
          </Field>
        </div>
      ) : null}
      <div>
        <SubmitButton pendingLabel="Adding…">Add membership</SubmitButton>
      </div>
    </form>
  );
}
