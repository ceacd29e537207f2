"use client";

import { useActionState, useState } from "react";
import Link from "next/link";
import type { BillingInterval, PlanKind } from "@/db/schema";
import { Button, Checkbox, Field, FormMessage, Input, NativeSelect, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { createPlanAction, updatePlanAction } from "./actions";
import { KIND_HINTS, KIND_LABELS } from "@/app/_components/memberships/labels";

/** A plan as the form shows it: every value as typed text. */
export type PlanFormValues = {
  id?: string;
  name: string;
  description: string;
  kind: PlanKind;
  price: string;
  currency: string;
  interval: BillingInterval | "";
  bookingLimitPerPeriod: string;
  durationDays: string;
  sessions: string;
  permissions: string;
  memberOnlyAccess: boolean;
  public: boolean;
  /** B8: empty = the studio's booking window. */
  bookingOpensDaysBefore: string;
  bookingClosesMinutesBefore: string;
  /** M11: an intro offer. */
  newClientsOnly?: boolean;
  /** B9: the plan's own fees as typed; "" = the studio's policy, "0" = no fee. */
  lateCancelFee?: string;
  noShowFee?: string;
};

const KINDS: PlanKind[] = ["recurring", "fixed", "sessions"];

/** Errors under a key and its sub-keys ("permissions", "permissions.2"). */
function errorsFor(errors: Record<string, string[]>, key: string): string[] {
  return Object.entries(errors)
    .filter(([k]) => k === key || k.startsWith(`${key}.`))
    .flatMap(([, m]) => m);
}

/**
 * Create or edit a plan (M1, M2). The fields follow the kind: an interval and
 * a booking limit for recurring plans, days for fixed plans, sessions and days
 * for packs. A plan's kind is fixed once created.
 */
export function PlanForm({ mode, initial }: { mode: "create" | "edit"; initial: PlanFormValues }) {
  const [state, action] = useActionState(mode === "create" ? createPlanAction : updatePlanAction, initialFormState);
  const typed = state.values;
  const v: PlanFormValues = typed
    ? {
        ...initial,
        name: typed.name ?? "",
        description: typed.description ?? "",
        price: typed.price ?? "",
        currency: typed.currency ?? "",
        interval: (typed.interval as BillingInterval | undefined) ?? "",
        bookingLimitPerPeriod: typed.bookingLimitPerPeriod ?? "",
        durationDays: typed.durationDays ?? "",
        sessions: typed.sessions ?? "",
        permissions: typed.permissions ?? "",
        memberOnlyAccess: typed.memberOnlyAccess !== undefined,
        public: typed.public !== undefined,
        bookingOpensDaysBefore: typed.bookingOpensDaysBefore ?? "",
        bookingClosesMinutesBefore: typed.bookingClosesMinutesBefore ?? "",
        newClientsOnly: typed.newClientsOnly !== undefined,
        lateCancelFee: typed.lateCancelFee ?? "",
        noShowFee: typed.noShowFee ?? "",
      }
    : initial;
  const [kind, setKind] = useState<PlanKind>(initial.kind);
  const e = state.fieldErrors ?? {};

  return (
    <form action={action} className="grid gap-6" noValidate>
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="plan-name" error={e.name} required className="sm:col-span-2">
          <Input name="name" defaultValue={v.name} maxLength={120} autoComplete="off" required />
        </Field>
        <Field
          label="Description"
          htmlFor="plan-description"
          error={e.description}
          className="sm:col-span-2"
          hint="Shown to clients where the plan is offered."
        >
          <Textarea name="description" rows={3} maxLength={2000} defaultValue={v.description} />
        </Field>
      </div>

      {mode === "create" ? (
        <fieldset className="grid gap-2" aria-describedby={e.kind ? "plan-kind-error" : undefined}>
          <legend className="mb-1 text-sm font-medium text-foreground">
            Kind
            <span aria-hidden="true" className="ml-0.5 text-danger-600">
              *
            </span>
          </legend>
          <div className="grid gap-2 sm:grid-cols-3">
            {KINDS.map((k) => (
              <label
                key={k}
                className="flex cursor-pointer gap-2 rounded-md border border-input p-3 text-sm has-checked:border-brand-700 has-checked:bg-brand-50 has-focus-visible:outline-2 has-focus-visible:outline-ring"
              >
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                  className="mt-0.5 size-4 accent-brand-700"
                  aria-labelledby={`plan-kind-${k}-label`}
                  aria-describedby={`plan-kind-${k}-hint`}
                />
                <span className="grid gap-0.5">
                  <span id={`plan-kind-${k}-label`} className="font-medium">
                    {KIND_LABELS[k]}
                  </span>
                  <span id={`plan-kind-${k}-hint`} className="text-xs text-muted-foreground">
                    {KIND_HINTS[k]}
                  </span>
                </span>
              </label>
            ))}
          </div>
          {e.kind ? (
            <p id="plan-kind-error" className="text-xs font-medium text-danger-700">
              {e.kind.join(" ")}
            </p>
          ) : null}
        </fieldset>
      ) : (
        <div className="grid gap-0.5">
          <p className="text-sm font-medium text-foreground">Kind</p>
          <p className="text-sm">
            {KIND_LABELS[kind]}{" "}
            <span className="text-muted-foreground">— {KIND_HINTS[kind]} The kind of a plan cannot change.</span>
          </p>
        </div>
      )}

      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Price"
          htmlFor="plan-price"
          error={e.priceCents}
          required
          hint={kind === "recurring" ? "Charged every billing period." : "Charged once."}
        >
          <Input
            name="price"
            inputMode="decimal"
            defaultValue={v.price}
            placeholder="120.00"
            autoComplete="off"
            required
          />
        </Field>
        <Field label="Currency" htmlFor="plan-currency" error={e.currency} hint="Three letters, e.g. EUR.">
          <Input name="currency" defaultValue={v.currency} maxLength={3} autoComplete="off" className="uppercase" />
        </Field>
      </div>

      {kind === "recurring" ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Billing interval" htmlFor="plan-interval" error={e.interval} required>
            <NativeSelect name="interval" defaultValue={v.interval || "month"} required>
              <option value="week">Every week</option>
              <option value="month">Every month</option>
              <option value="year">Every year</option>
            </NativeSelect>
          </Field>
          <Field
            label="Booking limit per period"
            htmlFor="plan-limit"
            error={e.bookingLimitPerPeriod}
            hint="Leave empty for unlimited bookings."
          >
            <Input
              name="bookingLimitPerPeriod"
              inputMode="numeric"
              defaultValue={v.bookingLimitPerPeriod}
              autoComplete="off"
            />
          </Field>
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-3">
          {kind === "sessions" ? (
            <Field
              label="Sessions"
              htmlFor="plan-sessions"
              error={e.sessions}
              required
              hint="How many classes the pack holds."
            >
              <Input name="sessions" inputMode="numeric" defaultValue={v.sessions} autoComplete="off" required />
            </Field>
          ) : null}
          <Field
            label={kind === "sessions" ? "Valid for (days)" : "Duration (days)"}
            htmlFor="plan-duration"
            error={e.durationDays}
            required
            hint="Counted from the day the membership starts."
          >
            <Input name="durationDays" inputMode="numeric" defaultValue={v.durationDays} autoComplete="off" required />
          </Field>
        </div>
      )}

      <Field
        label="Permissions"
        htmlFor="plan-permissions"
        error={errorsFor(e, "permissions")}
        hint="Keys that door systems and other tools read, separated by commas, e.g. member-area, sauna."
      >
        <Input name="permissions" defaultValue={v.permissions} autoComplete="off" />
      </Field>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Booking opens (days before)"
          htmlFor="plan-booking-opens"
          error={e.bookingOpensDaysBefore}
          hint="Lets holders book earlier than your studio's booking window. Leave empty for the studio's."
        >
          <Input
            name="bookingOpensDaysBefore"
            inputMode="numeric"
            defaultValue={v.bookingOpensDaysBefore}
            autoComplete="off"
          />
        </Field>
        <Field
          label="Booking closes (minutes before)"
          htmlFor="plan-booking-closes"
          error={e.bookingClosesMinutesBefore}
          hint="Lets holders book closer to the start than the studio allows. Leave empty for the studio's."
        >
          <Input
            name="bookingClosesMinutesBefore"
            inputMode="numeric"
            defaultValue={v.bookingClosesMinutesBefore}
            autoComplete="off"
          />
        </Field>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Late-cancel fee for this plan"
          htmlFor="plan-late-cancel-fee"
          error={errorsFor(e, "lateCancelFee").concat(errorsFor(e, "lateCancelPolicy"))}
          hint="Empty: the studio's policy. 0: no fee, the session is kept instead (B7)."
        >
          <Input name="lateCancelFee" inputMode="decimal" defaultValue={v.lateCancelFee ?? ""} autoComplete="off" />
        </Field>
        <Field
          label="No-show fee for this plan"
          htmlFor="plan-no-show-fee"
          error={errorsFor(e, "noShowFee").concat(errorsFor(e, "noShowPolicy"))}
          hint="Empty: the studio's policy. 0: no fee."
        >
          <Input name="noShowFee" inputMode="decimal" defaultValue={v.noShowFee ?? ""} autoComplete="off" />
        </Field>
      </div>

      <div className="grid gap-3">
        <div className="grid gap-1">
          <Checkbox
            name="memberOnlyAccess"
            defaultChecked={v.memberOnlyAccess}
            label="Gives access to member-only classes"
            aria-describedby="plan-member-only-hint"
          />
          <p id="plan-member-only-hint" className="pl-6 text-xs text-muted-foreground">
            Holders may book classes marked member-only.
          </p>
        </div>
        <div className="grid gap-1">
          <Checkbox name="public" defaultChecked={v.public} label="Public" aria-describedby="plan-public-hint" />
          <p id="plan-public-hint" className="pl-6 text-xs text-muted-foreground">
            Offered in your member portal and your website&apos;s signup.
          </p>
        </div>
        <div className="grid gap-1">
          <Checkbox
            name="newClientsOnly"
            defaultChecked={v.newClientsOnly}
            label="Intro offer: new clients only, once"
            aria-describedby="plan-intro-hint"
          />
          <p id="plan-intro-hint" className="pl-6 text-xs text-muted-foreground">
            Shown and sold only to clients who have never bought or booked before, and only once. At the desk you may
            sell it anyway with a reason.
          </p>
        </div>
      </div>

      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel={mode === "create" ? "Creating…" : "Saving…"}>
          {mode === "create" ? "Create plan" : "Save plan"}
        </SubmitButton>
        {mode === "create" ? (
          <Button asChild variant="ghost">
            <Link href="/dashboard/memberships">Cancel</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
