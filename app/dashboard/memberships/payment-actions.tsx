"use client";

import { Field, Input, NativeSelect } from "@/app/_ui";
import type { FormState } from "@/app/_lib/form";
import { markPaymentPaidAction, refundPaymentAction } from "./actions";
import { ActionDialog } from "./action-dialog";

/** P0, O3: "Mark paid" on a payment due: a dialog asks how it was paid. */
export function MarkPaidDialog({
  id,
  label,
  action,
}: {
  id: string;
  label: string;
  action: (state: FormState, form: FormData) => Promise<FormState>;
}) {
  return (
    <ActionDialog
      trigger="Mark paid"
      triggerContext={label}
      title="Mark the payment as paid"
      description={`${label}. Say how it was paid.`}
      action={action}
      hidden={{ id }}
      submitLabel="Mark paid"
      pendingLabel="Saving…"
    >
      {(state) => (
        <Field label="Paid by" htmlFor={`paid-method-${id}`} error={state.fieldErrors?.method} required>
          <NativeSelect name="method" defaultValue={state.values?.method ?? "cash"} required>
            <option value="cash">Cash</option>
            <option value="bank">Bank transfer</option>
            <option value="card_terminal">Card terminal</option>
          </NativeSelect>
        </Field>
      )}
    </ActionDialog>
  );
}

/** "Mark paid" for a due payment; "Refund" for a paid one (owners only, enforced by the verb too). */
export function PaymentActions({
  id,
  label,
  status,
  refundable,
  canRefund,
}: {
  id: string;
  /** What the payment is, for screen readers and titles ("€120.00 for 8-class pack"). */
  label: string;
  status: string;
  /** What can still be refunded, as shown ("€120.00"), or null when nothing. */
  refundable: string | null;
  canRefund: boolean;
}) {
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {status === "due" ? <MarkPaidDialog id={id} label={label} action={markPaymentPaidAction} /> : null}
      {status === "paid" && refundable && canRefund ? (
        <ActionDialog
          trigger="Refund"
          triggerContext={label}
          title="Refund a payment"
          description={`${label}. Up to ${refundable} can be refunded. Record here what you paid back.`}
          action={refundPaymentAction}
          hidden={{ id }}
          submitLabel="Record refund"
          pendingLabel="Saving…"
          danger
        >
          {(state) => (
            <>
              <Field
                label="Amount"
                htmlFor={`refund-amount-${id}`}
                error={state.fieldErrors?.amountCents}
                required
                hint={`At most ${refundable}.`}
              >
                <Input
                  name="amount"
                  inputMode="decimal"
                  defaultValue={state.values?.amount}
                  placeholder="20.00"
                  autoComplete="off"
                  required
                />
              </Field>
              <Field label="Reason (optional)" htmlFor={`refund-reason-${id}`} error={state.fieldErrors?.reason}>
                <Input name="reason" maxLength={300} defaultValue={state.values?.reason} />
              </Field>
            </>
          )}
        </ActionDialog>
      ) : null}
    </div>
  );
}
