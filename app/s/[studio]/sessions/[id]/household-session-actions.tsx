"use client";

import { useActionState, useRef, type ReactNode } from "react";
import Link from "next/link";
import { Button, Checkbox, FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import {
  bookHouseholdAction,
  cancelBookingAction,
  joinWaitlistAction,
  leaveWaitlistAction,
} from "../../booking-actions";
import { cancelBookingTexts, ConfirmDialog, useConfirm } from "../../confirm-dialog";

const actions = {
  book: bookHouseholdAction,
  cancel: cancelBookingAction,
  join: joinWaitlistAction,
  leave: leaveWaitlistAction,
};
type Intent = keyof typeof actions;

export type BookablePerson = { id: string; name: string; isMe: boolean };
/** A place booked for the member or a participant; `cancelText`: what cancelling it does (O4), said before. */
export type HouseholdPlace = {
  bookingId: string;
  clientId: string;
  name: string;
  isMe: boolean;
  cancelText: string | null;
};
/** O4: what pays for one chosen person (`ok`: bookable), said before confirming. */
export type PersonCostLine = { clientId: string; name: string; isMe: boolean; ok: boolean; text: string };
export type HouseholdCost = { people: PersonCostLine[]; total: string };

/**
 * H1, O4: the booking area of a session for a member with a household. "Who is
 * coming?" (me and the household's participants who have no place yet) asks for
 * the price first: the page then says, for each person chosen, what pays and the
 * total due, and "Confirm booking" books them all (or no one). The places
 * already booked have a Cancel each, which asks first (O4) and says what the
 * cancel does to the pack that paid; the member's own waitlist place shows when
 * the session is full. One result area serves every button.
 */
export function HouseholdSessionActions({
  studio,
  sessionId,
  title,
  people,
  places,
  waitlistEntryId,
  full,
  cost,
}: {
  studio: string;
  sessionId: string;
  title: string;
  people: BookablePerson[];
  places: HouseholdPlace[];
  waitlistEntryId: string | null;
  full: boolean;
  /** O4: the price of the people chosen under "Who is coming?" (`?who=`), null before choosing. */
  cost: HouseholdCost | null;
}) {
  // The cancel dialog that submitted, closed once its action has answered (the result area then speaks).
  const closeDialog = useRef<(() => void) | null>(null);
  const [state, dispatch] = useActionState(async (prev: FormState, form: FormData): Promise<FormState> => {
    const intent = form.get("intent") as Intent | null;
    const action = intent ? actions[intent] : undefined;
    const result = action ? await action(prev, form) : prev;
    closeDialog.current?.();
    closeDialog.current = null;
    return result;
  }, initialFormState);

  const here = `/s/${studio}/sessions/${sessionId}`;
  const free = people.filter((p) => !places.some((x) => x.clientId === p.id));
  const chosen = new Set(cost?.people.map((p) => p.clientId) ?? []);
  const meBooked = places.some((p) => p.isMe);
  const hidden = (intent: Intent) => (
    <>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="next" value={here} />
      <input type="hidden" name="intent" value={intent} />
    </>
  );

  return (
    <div className="grid gap-4" role="group" aria-label={`Booking for ${title}`}>
      {places.length ? (
        <ul className="grid gap-2" aria-label="Booked for this class">
          {places.map((p) => (
            <li key={p.bookingId} className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <span>
                <span className="font-medium">{p.isMe ? "You" : p.name}</span> {p.isMe ? "have" : "has"} a place
              </span>
              <CancelPlace
                place={p}
                title={title}
                onSubmit={(form, done) => {
                  closeDialog.current = done;
                  dispatch(form);
                }}
              >
                {hidden("cancel")}
                <input type="hidden" name="bookingId" value={p.bookingId} />
              </CancelPlace>
            </li>
          ))}
        </ul>
      ) : null}

      {!full && free.length && cost ? (
        <section className="grid gap-3" aria-label="Before you confirm">
          <p className="text-sm font-medium">Before you confirm:</p>
          <ul className="grid gap-2 text-sm" data-testid="household-cost">
            {cost.people.map((p) => (
              <li key={p.clientId} className={p.ok ? undefined : "text-danger-700"}>
                <span className="font-medium">{p.isMe ? "You" : p.name}</span>: {p.text}
              </li>
            ))}
          </ul>
          <p className="text-sm font-medium" data-testid="household-total">
            {cost.total}
          </p>
          <form action={dispatch} className="flex flex-wrap items-center gap-2">
            {hidden("book")}
            {cost.people
              .filter((p) => p.ok)
              .map((p) => (
                <input key={p.clientId} type="hidden" name="clientId" value={p.clientId} />
              ))}
            {cost.people.every((p) => p.ok) ? (
              <SubmitButton pendingLabel="Booking…" className="w-full sm:w-auto">
                Confirm booking
              </SubmitButton>
            ) : null}
            <Button asChild variant="outline" className="w-full sm:w-auto">
              <Link href={here}>Change who is coming</Link>
            </Button>
          </form>
        </section>
      ) : !full && free.length ? (
        <form method="get" action={here} className="grid gap-3" key={free.map((p) => p.id).join()}>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Who is coming?</legend>
            {free.map((p) => (
              <Checkbox
                key={p.id}
                name="who"
                value={p.id}
                defaultChecked={chosen.size ? chosen.has(p.id) : p.isMe}
                label={p.isMe ? `Me (${p.name})` : p.name}
              />
            ))}
          </fieldset>
          <div>
            <Button type="submit" className="w-full sm:w-auto">
              Book
            </Button>
          </div>
        </form>
      ) : null}

      {full && !meBooked ? (
        <form action={dispatch} className="grid gap-2">
          {hidden(waitlistEntryId ? "leave" : "join")}
          {waitlistEntryId ? <input type="hidden" name="entryId" value={waitlistEntryId} /> : null}
          <p className="text-sm text-muted-foreground">This class is full.</p>
          <div>
            <SubmitButton
              variant={waitlistEntryId ? "outline" : "primary"}
              pendingLabel={waitlistEntryId ? "Leaving…" : "Joining…"}
            >
              {waitlistEntryId ? "Leave waitlist" : "Join waitlist"}
            </SubmitButton>
          </div>
        </form>
      ) : null}

      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
        {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
      </div>
    </div>
  );
}

/** O4: one booked place's Cancel, asking first with what the cancel does. */
function CancelPlace({
  place,
  title,
  onSubmit,
  children,
}: {
  place: HouseholdPlace;
  title: string;
  onSubmit: (form: FormData, done: () => void) => void;
  children: ReactNode;
}) {
  const confirm = useConfirm();
  return (
    <ConfirmDialog
      confirm={confirm}
      texts={cancelBookingTexts(title, place.cancelText, place.isMe ? undefined : place.name)}
      pendingLabel="Cancelling…"
      action={(form) => onSubmit(form, confirm.done)}
      trigger={
        <Button type="button" variant="outline" size="sm">
          {place.isMe ? "Cancel my booking" : `Cancel ${place.name}'s booking`}
        </Button>
      }
    >
      {children}
    </ConfirmDialog>
  );
}
