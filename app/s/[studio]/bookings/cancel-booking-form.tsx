"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { cancelBookingAction } from "../booking-actions";

/** "Cancel" for one booking of My bookings; a refusal (e.g. the session started) shows beside it. */
export function CancelBookingForm({ studio, bookingId, label }: { studio: string; bookingId: string; label: string }) {
  const [state, action] = useActionState(cancelBookingAction, initialFormState);
  return (
    <form action={action} className="grid justify-items-end gap-2">
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <input type="hidden" name="next" value={`/s/${studio}/bookings`} />
      <SubmitButton variant="outline" size="sm" pendingLabel="Cancelling…" aria-label={`Cancel ${label}`}>
        Cancel
      </SubmitButton>
      <div aria-live="polite" className="empty:hidden">
        {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
      </div>
    </form>
  );
}
