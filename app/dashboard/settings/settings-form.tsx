"use client";

import { useActionState } from "react";
import { Checkbox, Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { updateSettingsAction } from "./actions";

export type SettingsValues = {
  name: string;
  timezone: string;
  currency: string;
  lateCancelHours: number;
  noRestoreAfterNewPass: boolean;
};

/** The General settings form; with `readOnly` (instructors) every control is disabled and nothing posts. */
export function SettingsForm({ settings, readOnly = false }: { settings: SettingsValues; readOnly?: boolean }) {
  const [state, action] = useActionState(updateSettingsAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const typed = state.values;
  const v = {
    name: typed?.name ?? settings.name,
    timezone: typed?.timezone ?? settings.timezone,
    currency: typed?.currency ?? settings.currency,
    lateCancelHours: typed?.lateCancelHours ?? String(settings.lateCancelHours),
    noRestoreAfterNewPass: typed ? typed.noRestoreAfterNewPass !== undefined : settings.noRestoreAfterNewPass,
  };

  return (
    <form action={action} className="grid gap-6" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <fieldset disabled={readOnly} className="grid gap-6">
        <legend className="sr-only">Studio settings</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Studio name" htmlFor="name" error={e.name} required>
            <Input name="name" defaultValue={v.name} autoComplete="organization" required />
          </Field>
          <Field
            label="Time zone"
            htmlFor="timezone"
            error={e.timezone}
            hint="An IANA name such as Europe/Warsaw. Class times and dates show in this zone."
            required
          >
            <Input name="timezone" defaultValue={v.timezone} autoComplete="off" spellCheck={false} required />
          </Field>
          <Field label="Currency" htmlFor="currency" error={e.currency} hint="A three-letter code such as EUR." required>
            <Input
              name="currency"
              defaultValue={v.currency}
              maxLength={3}
              autoComplete="off"
              className="uppercase"
              required
            />
          </Field>
          <Field
            label="Late-cancel window (hours)"
            htmlFor="lateCancelHours"
            error={e.lateCancelHours}
            hint="A member who cancels this close to the class does not get the session back. 0 turns this off."
          >
            <Input name="lateCancelHours" type="number" inputMode="numeric" min={0} max={168} step={1} defaultValue={v.lateCancelHours} />
          </Field>
        </div>
        <div className="grid gap-1">
          <Checkbox
            name="noRestoreAfterNewPass"
            defaultChecked={v.noRestoreAfterNewPass}
            label="Do not restore sessions of an older pack after a newer one is bought"
            aria-describedby="noRestoreAfterNewPass-hint"
          />
          <p id="noRestoreAfterNewPass-hint" className="pl-6 text-xs text-muted-foreground">
            When on, cancelling a booking paid from an older pack returns nothing once the member has bought a newer pack
            of the same plan.
          </p>
          {e.noRestoreAfterNewPass ? (
            <p className="pl-6 text-xs font-medium text-danger-700">{e.noRestoreAfterNewPass.join(" ")}</p>
          ) : null}
        </div>
      </fieldset>
      {readOnly ? null : (
        <div>
          <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
        </div>
      )}
    </form>
  );
}
