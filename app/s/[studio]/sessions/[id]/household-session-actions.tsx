"use client";

import { useActionState } from "react";
import { Field, FormMessage, NativeSelect, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { bookAction, cancelBookingAction, joinWaitlistAction, leaveWaitlistAction } from "../../booking-actions";

const actions = { book: bookAction, cancel: cancelBookingAction, join: joinWaitlistAction, leave: leaveWaitlistAction };
type Intent = keyof typeof actions;

export type BookablePerson = { id: string; name: string; isMe: boolean };
export type HouseholdPlace = { bookingId: string; clientId: string; name: string; isMe: boolean };

/**
 * H1: the booking area of a session for a member with a household: "Who is
 * coming?" (me and the household's participants who have no place yet), the
 * places already booked with a Cancel each, and the member's own waitlist
 * place when the session is full. One result area serves every button.
 */
export function HouseholdSessionActions({
  studio,
  sessionId,
  title,
  people,
  places,
  waitlistEntryId,
  full,
}: {
  studio: string;
  sessionId: string;
  title: string;
  people: BookablePerson[];
  places: HouseholdPlace[];
  waitlistEntryId: string | null;
  full: boolean;
}) {
  const [state, dispatch] = useActionState(async (prev: FormState, form: FormData): Promise<FormState> => {
    const intent = form.get("intent") as Intent | null;
    const action = intent ? actions[intent] : undefined;
    return action ? action(prev, form) : prev;
  }, initialFormState);

  const free = people.filter((p) => !places.some((x) => x.clientId === p.id));
  const meBooked = places.some((p) => p.isMe);
  const hidden = (intent: Intent) => (
    <>
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="next" value={`/s/${studio}/sessions/${sessionId}`} />
      <input type="hidden" name="intent" value={intent} />
    </>
  );

  return (
    <div className="grid gap-4" role="group" aria-label={`Booking for ${title}`}>
      {places.length ? (
        <ul className="grid gap-2" aria-label="Booked for this class">
          {places.map((p) => (
            <li key={p.bookingId}>
              <form action={dispatch} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                {hidden("cancel")}
                <input type="hidden" name="bookingId" value={p.bookingId} />
                <span>
                  <span className="font-medium">{p.isMe ? "You" : p.name}</span> {p.isMe ? "have" : "has"} a place
                </span>
                <SubmitButton variant="outline" size="sm" pendingLabel="Cancelling…">
                  {p.isMe ? "Cancel my booking" : `Cancel ${p.name}'s booking`}
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      ) : null}

      {!full && free.length ? (
        <form action={dispatch} className="grid gap-3" key={free.map((p) => p.id).join()}>
          {hidden("book")}
          <Field label="Who is coming?" htmlFor={`who-${sessionId}`}>
            <NativeSelect name="clientId" defaultValue={free[0]!.id}>
              {free.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.isMe ? `Me (${p.name})` : p.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <div>
            <SubmitButton pendingLabel="Booking…" className="w-full sm:w-auto">
              Book
            </SubmitButton>
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
