"use client";

import { useActionState, useId } from "react";
import { CalendarPlus, Download } from "lucide-react";
import { Button, CopyButton, Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { resetCalendarLinkAction } from "./calendar-actions";

/**
 * The member's calendar subscription: a secret feed URL a calendar app polls
 * (no sign-in needed), a one-off download, and a reset for a leaked link.
 */
export function CalendarLink({ studioSlug, feedUrl }: { studioSlug: string; feedUrl: string }) {
  const id = useId();
  const [state, reset] = useActionState(resetCalendarLinkAction, initialFormState);
  const webcal = feedUrl.replace(/^https?:/, "webcal:");
  return (
    <div className="grid gap-3">
      <Field
        label="Your calendar link"
        htmlFor={`${id}-feed`}
        hint="Add it to Google Calendar, Apple Calendar or Outlook as a subscription: new bookings appear and cancelled ones go. Keep it private: anyone with it sees your bookings."
      >
        {(control) => (
          <div className="flex flex-wrap gap-2">
            <Input
              {...control}
              readOnly
              value={feedUrl}
              className="min-w-0 flex-1 basis-56 font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={feedUrl} label="Copy link" />
          </div>
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button asChild size="sm">
          <a href={webcal}>
            <CalendarPlus aria-hidden="true" /> Subscribe in my calendar app
          </a>
        </Button>
        <Button asChild variant="outline" size="sm">
          <a href={`/s/${studioSlug}/bookings/calendar.ics`} download={`${studioSlug}-bookings.ics`}>
            <Download aria-hidden="true" /> Download once (.ics)
          </a>
        </Button>
        <form action={reset}>
          <input type="hidden" name="studio" value={studioSlug} />
          <SubmitButton variant="ghost" size="sm" pendingLabel="Making a new link…">
            Make a new link
          </SubmitButton>
        </form>
      </div>
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
    </div>
  );
}
