"use client";

import { useActionState } from "react";
import { Alert, Checkbox, Field, FormMessage, Input, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { createPromoCodeAction, deactivatePromoCodeAction } from "./actions";

/** M12: code, discount, plans, dates and limits. */
export function CreatePromoCodeForm({ plans }: { plans: { id: string; name: string }[] }) {
  const [state, action] = useActionState(createPromoCodeAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="grid gap-4" noValidate aria-label="New promo code">
      {state.ok && state.message ? (
        <Alert variant="success" role="status">
          {state.message}
        </Alert>
      ) : null}
      <FormMessage>{state.formError}</FormMessage>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Code" htmlFor="promo-code" error={e.code} hint="Letters, digits, - and _; any case." required>
          <Input name="code" defaultValue={v.code} placeholder="WELCOME10" autoComplete="off" maxLength={40} required />
        </Field>
        <Field label="Percent off" htmlFor="promo-percent" error={e.percentOff} hint="Or an amount off, not both.">
          <Input name="percentOff" type="number" inputMode="numeric" min={1} max={100} defaultValue={v.percentOff} />
        </Field>
        <Field label="Amount off" htmlFor="promo-amount" error={e.amountOffCents} hint="e.g. 10.00">
          <Input name="amountOff" inputMode="decimal" defaultValue={v.amountOff} />
        </Field>
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">For these plans</legend>
        {plans.length === 0 ? (
          <p className="text-sm text-muted-foreground">Create a plan first (Memberships → New plan).</p>
        ) : (
          <div className="grid gap-2 sm:grid-cols-2">
            {plans.map((p) => (
              <Checkbox key={p.id} name="planIds" value={p.id} label={p.name} />
            ))}
          </div>
        )}
        {e.planIds ? (
          <p className="text-sm text-danger-700" role="alert">
            {e.planIds}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Valid from" htmlFor="promo-from" error={e.fromDate} hint="Empty: from now.">
          <Input name="fromDate" type="date" defaultValue={v.fromDate} />
        </Field>
        <Field
          label="Valid until (included)"
          htmlFor="promo-until"
          error={e.untilDate ?? e.validUntil}
          hint="Empty: no end."
        >
          <Input name="untilDate" type="date" defaultValue={v.untilDate} />
        </Field>
        <Field label="Uses in all" htmlFor="promo-max" error={e.maxUses} hint="Empty: no limit.">
          <Input name="maxUses" type="number" inputMode="numeric" min={1} defaultValue={v.maxUses} />
        </Field>
        <Field label="Uses per client" htmlFor="promo-per-client" error={e.maxUsesPerClient} hint="Empty: no limit.">
          <Input name="maxUsesPerClient" type="number" inputMode="numeric" min={1} defaultValue={v.maxUsesPerClient} />
        </Field>
      </div>
      <Field label="On recurring plans" htmlFor="promo-applies" error={e.appliesTo}>
        <NativeSelect name="appliesTo" defaultValue={v.appliesTo ?? "first"} wrapperClassName="sm:w-80">
          <option value="first">The first payment only</option>
          <option value="every">Every payment</option>
        </NativeSelect>
      </Field>
      <div>
        <SubmitButton pendingLabel="Creating…">Create promo code</SubmitButton>
      </div>
    </form>
  );
}

/** M12: stops a code being accepted. */
export function DeactivatePromoCode({ id, code }: { id: string; code: string }) {
  const [state, action] = useActionState(deactivatePromoCodeAction, initialFormState);
  return (
    <form action={action} className="grid gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="outline" size="sm" pendingLabel="Deactivating…" aria-label={`Deactivate ${code}`}>
        Deactivate
      </SubmitButton>
      {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
    </form>
  );
}
