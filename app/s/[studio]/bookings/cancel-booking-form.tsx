"use client";

import { createContext, useActionState, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { Button, FormMessage } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { cancelBookingAction } from "../booking-actions";
import { cancelBookingTexts, ConfirmDialog, useConfirm } from "../confirm-dialog";

const ResultContext = createContext<(s: FormState) => void>(() => {});

/**
 * The result of the last cancel on My bookings, above the list: the cancelled row leaves the list, so its message
 * lives here, and the focus moves to it (O4).
 */
export function CancelResults({ children }: { children: ReactNode }) {
  const [result, setResult] = useState<FormState | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!result) return;
    const t = window.setTimeout(() => ref.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, [result]);
  return (
    <ResultContext.Provider value={setResult}>
      <div ref={ref} tabIndex={-1} aria-live="polite" className="outline-none empty:hidden">
        {result?.ok && result.message ? <FormMessage variant="success">{result.message}</FormMessage> : null}
        {result && !result.ok && result.formError ? <FormMessage>{result.formError}</FormMessage> : null}
      </div>
      {children}
    </ResultContext.Provider>
  );
}

/** "Cancel" for one booking of My bookings: it asks first, saying whether the session comes back (O4, B7, S6). */
export function CancelBookingForm({
  studio,
  bookingId,
  label,
  title,
  consequence,
}: {
  studio: string;
  bookingId: string;
  label: string;
  title: string;
  consequence: string | null;
}) {
  const report = useContext(ResultContext);
  const confirm = useConfirm();
  // Closed by the cancel itself: the focus goes to the result above the list, not back to this row's button.
  const [, action] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await cancelBookingAction(prev, form);
    confirm.done();
    report(next);
    return next;
  }, initialFormState);
  return (
    <ConfirmDialog
      confirm={confirm}
      texts={cancelBookingTexts(title, consequence)}
      pendingLabel="Cancelling…"
      action={action}
      trigger={
        <Button variant="outline" size="sm" aria-label={`Cancel ${label}`}>
          Cancel
        </Button>
      }
    >
      <input type="hidden" name="studio" value={studio} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <input type="hidden" name="next" value={`/s/${studio}/bookings`} />
    </ConfirmDialog>
  );
}
