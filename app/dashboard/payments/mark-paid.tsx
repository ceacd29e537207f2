"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { FormMessage, SubmitButton } from "@/app/_ui";
import { MarkPaidDialog } from "@/app/dashboard/memberships/payment-actions";
import { markDuePaymentPaidAction, waiveFeeAction } from "./actions";

const EVENT = "roster:payment-marked-paid";

/** O3: "Mark paid" on any payment due: a dialog asks how it was paid (P0). The outcome goes to the page's PaidAnnouncer. */
export function MarkPaidButton({ id, label }: { id: string; label: string }) {
  const action = async (prev: FormState, form: FormData) => {
    const next = await markDuePaymentPaidAction(prev, form);
    if (next.ok && next.message) window.dispatchEvent(new CustomEvent(EVENT, { detail: next.message }));
    return next;
  };
  return <MarkPaidDialog id={id} label={label} action={action} />;
}

/** B9: "Waive fee" on a late-cancel or no-show fee raised in the last 24 h; the outcome goes to the PaidAnnouncer. */
export function WaiveFeeButton({ id, label }: { id: string; label: string }) {
  const [state, action] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await waiveFeeAction(prev, form);
    if (next.ok && next.message) window.dispatchEvent(new CustomEvent(EVENT, { detail: next.message }));
    return next;
  }, initialFormState);
  return (
    <form action={action} className="grid gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="outline" pendingLabel="Waiving…" aria-label={`Waive ${label}`}>
        Waive fee
      </SubmitButton>
      <FormMessage>{state.formError}</FormMessage>
    </form>
  );
}

/**
 * The result of the last "Mark paid" on the page. The paid row leaves the list at once, taking its button with it,
 * so the message lives here, outside the rows, and takes the focus (after an action, focus goes to its result).
 */
export function PaidAnnouncer() {
  const [message, setMessage] = useState("");
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const on = (e: Event) => setMessage((e as CustomEvent<string>).detail);
    window.addEventListener(EVENT, on);
    return () => window.removeEventListener(EVENT, on);
  }, []);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return (
    <p
      ref={ref}
      tabIndex={-1}
      role="status"
      className={
        message
          ? "mb-4 rounded-md border border-success-200 bg-success-50 px-3 py-2 text-sm font-medium text-success-800"
          : "sr-only"
      }
    >
      {message}
    </p>
  );
}
