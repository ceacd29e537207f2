"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button, FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import {
  cancelBookingAction,
  claimWaitlistPlaceAction,
  joinWaitlistAction,
  leaveWaitlistAction,
} from "../../booking-actions";
import { bookOrPayAction } from "../../checkout/actions";
import { cancelBookingTexts, ConfirmDialog, useConfirm, type ConfirmTexts } from "../../confirm-dialog";

const actions = {
  book: bookOrPayAction,
  cancel: cancelBookingAction,
  join: joinWaitlistAction,
  leave: leaveWaitlistAction,
  claim: claimWaitlistPlaceAction,
};
type Intent = keyof typeof actions;

/**
 * The booking buttons of one session. Booking, joining the waitlist and
 * cancelling ask first, saying what it costs or whether the session comes back
 * (O4, B7, S6); leaving the waitlist does not. One result area serves all four,
 * so the message of the last action stays beside the button that replaced the
 * one pressed, and the focus moves to it.
 */
export function SessionActions({
  studio,
  sessionId,
  title,
  bookingId,
  waitlistEntryId,
  full,
  cost,
  cancelText,
  offered = false,
}: {
  studio: string;
  sessionId: string;
  title: string;
  bookingId: string | null;
  waitlistEntryId: string | null;
  full: boolean;
  /** O4: what pays for a booking (or a promotion from the waitlist). */
  cost: string | null;
  /** O4: what cancelling does to the session paid for it. */
  cancelText: string | null;
  /** B10: a place freed after the waitlist cutoff that the member, waiting, may claim (first come first served). */
  offered?: boolean;
}) {
  // Closed by the action itself: the focus goes to the result message, not back to the (replaced) button.
  const confirmState = useConfirm();
  const [state, dispatch] = useActionState(async (prev: FormState, form: FormData): Promise<FormState> => {
    const intent = form.get("intent") as Intent | null;
    const action = intent ? actions[intent] : undefined;
    const result = action ? await action(prev, form) : prev;
    confirmState.done();
    return result;
  }, initialFormState);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state === initialFormState) return;
    // After the dialog has closed (it hands the focus back to its button), the focus goes to the result.
    const t = window.setTimeout(() => resultRef.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, [state]);

  let intent: Intent;
  let label: string;
  let pending: string;
  let variant: "primary" | "outline" = "primary";
  if (bookingId) {
    [intent, label, pending, variant] = ["cancel", "Cancel my booking", "Cancelling…", "outline"];
  } else if (waitlistEntryId && offered) {
    [intent, label, pending] = ["claim", "Claim the place", "Claiming…"];
  } else if (waitlistEntryId) {
    [intent, label, pending, variant] = ["leave", "Leave waitlist", "Leaving…", "outline"];
  } else if (full) {
    [intent, label, pending] = ["join", "Join waitlist", "Joining…"];
  } else {
    [intent, label, pending] = ["book", "Book", "Booking…"];
  }

  const hidden = (
    <>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="next" value={`/s/${studio}/sessions/${sessionId}`} />
      {bookingId ? <input type="hidden" name="bookingId" value={bookingId} /> : null}
      {waitlistEntryId ? <input type="hidden" name="entryId" value={waitlistEntryId} /> : null}
      <input type="hidden" name="intent" value={intent} />
    </>
  );
  const confirm: ConfirmTexts | null =
    intent === "book" || intent === "claim"
      ? {
          heading: intent === "claim" ? `Claim the free place in ${title}?` : `Book ${title}?`,
          text: cost,
          yes: intent === "claim" ? "Claim it" : "Confirm booking",
          no: "Not now",
          danger: false,
        }
      : intent === "join"
        ? {
            heading: `Join the waitlist for ${title}?`,
            text: `If a place frees up before the class, you are booked automatically and we email you. ${cost ?? ""}`,
            yes: "Join waitlist",
            no: "Not now",
            danger: false,
          }
        : intent === "cancel"
          ? cancelBookingTexts(title, cancelText)
          : null;

  return (
    <form action={dispatch} className="grid gap-3" aria-label={`Booking for ${title}`}>
      {hidden}
      {intent === "claim" ? (
        <p className="text-sm font-medium" data-testid="place-offered">
          A place is free — claim it. The first to claim it gets it.
        </p>
      ) : null}
      {cost && intent !== "cancel" ? (
        <p className="text-sm text-muted-foreground" data-testid="booking-cost">
          {cost}
        </p>
      ) : null}
      <div>
        {confirm ? (
          <ConfirmDialog
            confirm={confirmState}
            texts={confirm}
            pendingLabel={pending}
            action={dispatch}
            trigger={
              <Button type="button" variant={variant} className="w-full sm:w-auto">
                {label}
              </Button>
            }
          >
            {hidden}
          </ConfirmDialog>
        ) : (
          <SubmitButton variant={variant} pendingLabel={pending} className="w-full sm:w-auto">
            {label}
          </SubmitButton>
        )}
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="outline-none empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
        {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      </div>
    </form>
  );
}
