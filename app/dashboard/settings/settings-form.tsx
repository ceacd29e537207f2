"use client";

import { useActionState } from "react";
import { Checkbox, Field, FormMessage, Input, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { updateSettingsAction } from "./actions";

export type SettingsValues = {
  name: string;
  timezone: string;
  currency: string;
  lateCancelHours: number;
  noRestoreAfterNewPass: boolean;
  /** J3: null or 0 = off. */
  sessionReminderHours: number | null;
  /** B8: null = no limit. */
  bookingOpensDaysBefore: number | null;
  bookingClosesMinutesBefore: number;
  /** B10: null or 0 = no cutoff. */
  waitlistCutoffHours: number | null;
  /** B9: the fees in major units as typed ("20.00"); empty = forfeit. */
  lateCancelFee: string;
  noShowFee: string;
};

/** The zones by region ("Europe", "America", …; "Other" for UTC and the like), the current one always among them. */
function zoneGroups(timezones: string[], current: string): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const z of new Set([...timezones, current])) {
    const region = z.includes("/") ? z.slice(0, z.indexOf("/")) : "Other";
    groups.set(region, [...(groups.get(region) ?? []), z]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([r, zs]) => [r, zs.sort()]);
}

/** The General settings form; with `readOnly` (instructors) every control is disabled and nothing posts. */
export function SettingsForm({
  settings,
  timezones,
  readOnly = false,
}: {
  settings: SettingsValues;
  /** The zones to choose from (IANA names), as sign-up lists them. */
  timezones: string[];
  readOnly?: boolean;
}) {
  const [state, action] = useActionState(updateSettingsAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const typed = state.values;
  const v = {
    name: typed?.name ?? settings.name,
    timezone: typed?.timezone ?? settings.timezone,
    currency: typed?.currency ?? settings.currency,
    lateCancelHours: typed?.lateCancelHours ?? String(settings.lateCancelHours),
    sessionReminderHours: typed?.sessionReminderHours ?? String(settings.sessionReminderHours ?? 0),
    noRestoreAfterNewPass: typed ? typed.noRestoreAfterNewPass !== undefined : settings.noRestoreAfterNewPass,
    bookingOpensDaysBefore: typed?.bookingOpensDaysBefore ?? String(settings.bookingOpensDaysBefore ?? ""),
    bookingClosesMinutesBefore: typed?.bookingClosesMinutesBefore ?? String(settings.bookingClosesMinutesBefore),
    waitlistCutoffHours: typed?.waitlistCutoffHours ?? String(settings.waitlistCutoffHours ?? 0),
    lateCancelFee: typed?.lateCancelFee ?? settings.lateCancelFee,
    noShowFee: typed?.noShowFee ?? settings.noShowFee,
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
            hint="Class times and dates show in this zone."
            required
          >
            <NativeSelect name="timezone" defaultValue={v.timezone} required>
              {zoneGroups(timezones, v.timezone).map(([region, zones]) => (
                <optgroup key={region} label={region}>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z.replaceAll("_", " ")}
                    </option>
                  ))}
                </optgroup>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label="Currency"
            htmlFor="currency"
            error={e.currency}
            hint="A three-letter code such as EUR."
            required
          >
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
            <Input
              name="lateCancelHours"
              type="number"
              inputMode="numeric"
              min={0}
              max={168}
              step={1}
              defaultValue={v.lateCancelHours}
            />
          </Field>
          <Field
            label="Session reminder (hours before)"
            htmlFor="sessionReminderHours"
            error={e.sessionReminderHours}
            hint="Members get one email this long before each class they booked. 0 turns reminders off."
          >
            <Input
              name="sessionReminderHours"
              type="number"
              inputMode="numeric"
              min={0}
              max={168}
              step={1}
              defaultValue={v.sessionReminderHours}
            />
          </Field>
        </div>
        {/* B8 booking window and B10 waitlist cutoff */}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Booking opens (days before)"
            htmlFor="bookingOpensDaysBefore"
            error={e.bookingOpensDaysBefore}
            hint="Members can book a class from this many days before it, at its start time. Leave empty for no limit."
          >
            <Input
              name="bookingOpensDaysBefore"
              type="number"
              inputMode="numeric"
              min={0}
              max={365}
              step={1}
              defaultValue={v.bookingOpensDaysBefore}
            />
          </Field>
          <Field
            label="Booking closes (minutes before)"
            htmlFor="bookingClosesMinutesBefore"
            error={e.bookingClosesMinutesBefore}
            hint="Members can book until this many minutes before the class starts. Staff can always book."
          >
            <Input
              name="bookingClosesMinutesBefore"
              type="number"
              inputMode="numeric"
              min={0}
              max={10080}
              step={1}
              defaultValue={v.bookingClosesMinutesBefore}
            />
          </Field>
          <Field
            label="Waitlist cutoff (hours before)"
            htmlFor="waitlistCutoffHours"
            error={e.waitlistCutoffHours}
            hint="Closer to the class than this, a freed place is offered by email to everyone waiting, first to claim it gets it. 0 turns this off."
          >
            <Input
              name="waitlistCutoffHours"
              type="number"
              inputMode="numeric"
              min={0}
              max={168}
              step={1}
              defaultValue={v.waitlistCutoffHours}
            />
          </Field>
        </div>
        {/* B9 late-cancel and no-show fees */}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={`Late-cancel fee (${v.currency})`}
            htmlFor="lateCancelFee"
            error={e.lateCancelFee ?? e.lateCancelPolicy}
            hint="Charged when a member cancels inside the late-cancel window; the session then goes back. Empty: no fee, the session is kept instead."
          >
            <Input name="lateCancelFee" inputMode="decimal" autoComplete="off" defaultValue={v.lateCancelFee} />
          </Field>
          <Field
            label={`No-show fee (${v.currency})`}
            htmlFor="noShowFee"
            error={e.noShowFee ?? e.noShowPolicy}
            hint="Charged when staff mark a no-show: to the saved card when Stripe is connected, else a payment due. Empty: no fee."
          >
            <Input name="noShowFee" inputMode="decimal" autoComplete="off" defaultValue={v.noShowFee} />
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
            When on, cancelling a booking paid from an older pack returns nothing once the member has bought a newer
            pack of the same plan.
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
