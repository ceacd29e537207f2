"use client";

import { useActionState, useState } from "react";
import { Checkbox, Field, FormMessage, Input, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { addSessionsAction } from "./actions";

const DAYS = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;

/**
 * "Add sessions" (B6): one-off at a day and time, or weekly on chosen days, all
 * in the studio's wall clock. With `classes`, the class is chosen here too.
 */
export function AddSessionsForm({
  classId,
  classes,
  timeZone,
  today,
}: {
  classId?: string;
  classes?: { id: string; title: string }[];
  timeZone: string;
  today: string;
}) {
  const [state, action] = useActionState(addSessionsAction, initialFormState);
  const [mode, setMode] = useState<"once" | "weekly">(state.values?.mode === "weekly" ? "weekly" : "once");
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      {classes ? (
        <Field label="Class" htmlFor="classId" error={e.classId} required>
          <NativeSelect name="classId" defaultValue={v.classId ?? classId ?? ""} required>
            <option value="" disabled>
              Choose a class…
            </option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </NativeSelect>
        </Field>
      ) : (
        <input type="hidden" name="classId" value={classId} />
      )}
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-semibold text-foreground">How often</legend>
        <div className="flex flex-wrap gap-4">
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="mode"
              value="once"
              checked={mode === "once"}
              onChange={() => setMode("once")}
              className="accent-brand-700"
            />
            One-off
          </label>
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="mode"
              value="weekly"
              checked={mode === "weekly"}
              onChange={() => setMode("weekly")}
              className="accent-brand-700"
            />
            Weekly
          </label>
        </div>
      </fieldset>
      <p className="text-xs text-muted-foreground">Days and times are in the studio&apos;s time zone, {timeZone}.</p>

      {mode === "once" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Date" htmlFor="date" error={e.date ?? e.startsAt} required>
            <Input name="date" type="date" min={today} defaultValue={v.date} required />
          </Field>
          <Field label="Start time" htmlFor="time" error={e.time} required hint="24-hour clock, e.g. 18:30">
            <Input name="time" type="time" defaultValue={v.time} required />
          </Field>
        </div>
      ) : (
        <div className="grid gap-4">
          <fieldset aria-describedby={e["weekly.days"] ? "days-error" : undefined}>
            <legend className="mb-2 text-sm font-medium text-foreground">Days</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {DAYS.map(([value, label]) => (
                <Checkbox key={value} name="days" value={value} label={label} defaultChecked={v.days === value} />
              ))}
            </div>
            {e["weekly.days"] ? (
              <p id="days-error" className="mt-1 text-xs font-medium text-danger-700">
                {e["weekly.days"].join(" ")}
              </p>
            ) : null}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Start time" htmlFor="weeklyTime" error={e["weekly.time"]} required hint="24-hour clock">
              <Input name="weeklyTime" type="time" defaultValue={v.weeklyTime} required />
            </Field>
            <Field label="From" htmlFor="from" error={e["weekly.from"]} required>
              <Input name="from" type="date" defaultValue={v.from ?? today} required />
            </Field>
            <Field label="Until" htmlFor="until" error={e["weekly.until"]} required hint="Inclusive">
              <Input name="until" type="date" defaultValue={v.until} required />
            </Field>
          </div>
        </div>
      )}
      <div>
        <SubmitButton pendingLabel="Adding…">Add sessions</SubmitButton>
      </div>
    </form>
  );
}
