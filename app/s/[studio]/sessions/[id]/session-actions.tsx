"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { cancelBookingAction, joinWaitlistAction, leaveWaitlistAction } from "../../booking-actions";
import { bookOrPayAction } from "../../checkout/actions";

const actions = { book: bookOrPayAction, cancel: cancelBookingAction, join: joinWaitlistAction, leave: leaveWaitlistAction };
type Intent = keyof typeof actions;

/**
 * The booking buttons of one session. One result area serves all four, so the
 * message of the last action ("Booked — 7 sessions left on your pack", or a
 * rule's refusal) stays beside the button that replaced the one pressed.
 */
export function SessionActions({
  studio,
  sessionId,
  title,
  bookingId,
  waitlistEntryId,
  full,
}: {
  studio: string;
  sessionId: string;
  title: string;
  bookingId: string | null;
  waitlistEntryId: string | null;
  full: boolean;
}) {
  const [state, dispatch] = useActionState(async (prev: FormState, form: FormData): Promise<FormState> => {
    const intent = form.get("intent") as Intent | null;
    const action = intent ? actions[intent] : undefined;
    return action ? action(prev, form) : prev;
  }, initialFormState);

  let intent: Intent;
  let label: string;
  let pending: string;
  let variant: "primary" | "outline" = "primary";
  if (bookingId) {
    [intent, label, pending, variant] = ["cancel", "Cancel my booking", "Cancelling…", "outline"];
  } else if (waitlistEntryId) {
    [intent, label, pending, variant] = ["leave", "Leave waitlist", "Leaving…", "outline"];
  } else if (full) {
    [intent, label, pending] = ["join", "Join waitlist", "Joining…"];
  } else {
    [intent, label, pending] = ["book", "Book", "Booking…"];
  }

  return (
    <form action={dispatch} className="grid gap-3" aria-label={`Booking for ${title}`}>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="next" value={`/s/${studio}/sessions/${sessionId}`} />
      {bookingId ? <input type="hidden" name="bookingId" value={bookingId} /> : null}
      {waitlistEntryId ? <input type="hidden" name="entryId" value={waitlistEntryId} /> : null}
      <input type="hidden" name="intent" value={intent} />
      <div>
        <SubmitButton variant={variant} pendingLabel={pending} className="w-full sm:w-auto">
          {label}
        </SubmitButton>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
        {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      </div>
    </form>
  );
}
