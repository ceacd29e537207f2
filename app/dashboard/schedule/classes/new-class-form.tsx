"use client";

import { useActionState } from "react";
import { Checkbox, Field, FormMessage, Input, NativeSelect, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { createClassAction } from "../actions";

/** "New class": title, description, capacity, length, location, member-only, drop-in price in major units. */
export function NewClassForm({ currency, team }: { currency: string; team: { id: string; name: string }[] }) {
  const [state, action] = useActionState(createClassAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Title" htmlFor="title" error={e.title} required>
          <Input name="title" defaultValue={v.title} autoComplete="off" required />
        </Field>
        <Field label="Location" htmlFor="location" error={e.location} hint="e.g. Studio 2">
          <Input name="location" defaultValue={v.location} autoComplete="off" />
        </Field>
        <Field label="Capacity" htmlFor="capacity" error={e.capacity} required hint="Places per session.">
          <Input name="capacity" inputMode="numeric" defaultValue={v.capacity ?? ""} required />
        </Field>
        <Field label="Length in minutes" htmlFor="durationMinutes" error={e.durationMinutes} required>
          <Input name="durationMinutes" inputMode="numeric" defaultValue={v.durationMinutes ?? "60"} required />
        </Field>
        <Field
          label={`Drop-in price (${currency})`}
          htmlFor="dropInPrice"
          error={e.dropInPrice ?? e.dropInPriceCents}
          hint="Leave empty when the class is booked with a membership only."
        >
          <Input name="dropInPrice" inputMode="decimal" defaultValue={v.dropInPrice} placeholder="12.50" />
        </Field>
        <Field label="Instructor" htmlFor="instructorId" error={e.instructorId} hint="Who teaches it by default (T3).">
          <NativeSelect name="instructorId" defaultValue={v.instructorId ?? ""}>
            <option value="">Nobody named</option>
            {team.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <Field label="Description" htmlFor="description" error={e.description}>
        <Textarea name="description" defaultValue={v.description} rows={3} />
      </Field>
      <div className="grid gap-1">
        <Checkbox
          name="memberOnly"
          defaultChecked={v.memberOnly !== undefined}
          label="Members only"
          aria-describedby="memberOnly-hint"
        />
        <p id="memberOnly-hint" className="pl-6 text-xs text-muted-foreground">
          Only clients with a membership that grants member-only access can book it (B2).
        </p>
      </div>
      <div>
        <SubmitButton pendingLabel="Creating…">Create class</SubmitButton>
      </div>
    </form>
  );
}
