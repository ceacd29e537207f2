"use client";

import { useActionState, useId, useOptimistic, useState, useTransition } from "react";
import {
  Button,
  Checkbox,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Field,
  FormMessage,
  Input,
  NativeSelect,
  SubmitButton,
  Textarea,
} from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import {
  attachBookingAction,
  bookClientAction,
  cancelSessionAction,
  joinWaitlistAction,
  setPresentAction,
} from "../../actions";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** B5: the "present" mark of one booking; saving changes nothing else. */
export function PresentToggle({
  bookingId,
  present,
  clientName,
}: {
  bookingId: string;
  present: boolean;
  clientName: string;
}) {
  const [optimistic, setOptimistic] = useOptimistic(present);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-1">
      <Checkbox
        checked={optimistic}
        disabled={pending}
        aria-label={`Present: ${clientName}`}
        label="Present"
        onChange={(e) => {
          const next = e.currentTarget.checked;
          start(async () => {
            setOptimistic(next);
            const r = await setPresentAction(bookingId, next);
            setError(r.ok ? null : (r.formError ?? "Could not save."));
          });
        }}
      />
      {error ? (
        <p role="alert" className="text-xs font-medium text-danger-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One button that posts a row's id to an action and shows its refusal beside it. */
export function RowAction({
  action,
  fields,
  label,
  pendingLabel,
  variant = "outline",
  context,
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: "outline" | "ghost" | "danger";
  /** Read after the label by screen readers, to tell rows apart ("Anna Nowak"). */
  context?: string;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  return (
    <form action={formAction} className="grid gap-1">
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <SubmitButton size="sm" variant={variant} pendingLabel={pendingLabel}>
        {label}
        {context ? <span className="sr-only"> {context}</span> : null}
      </SubmitButton>
      {state.formError ? (
        <p role="alert" className="text-xs font-medium text-danger-700">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}

/** S7: attach a guest booking to one of the client's memberships. */
export function AttachForm({
  bookingId,
  clientName,
  memberships,
}: {
  bookingId: string;
  clientName: string;
  memberships: { id: string; label: string }[];
}) {
  const [state, action] = useActionState(attachBookingAction, initialFormState);
  const id = useId();
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-brand-700">Attach to membership</summary>
      <form action={action} className="mt-2 grid gap-2" aria-label={`Attach ${clientName}'s booking to a membership`}>
        <input type="hidden" name="bookingId" value={bookingId} />
        <FormMessage>{state.formError}</FormMessage>
        <Field label="Membership" htmlFor={`${id}-membership`} error={state.fieldErrors?.membershipId}>
          <NativeSelect name="membershipId" defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {memberships.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Checkbox name="takeSession" defaultChecked label="Take a session" />
        <div>
          <SubmitButton size="sm" pendingLabel="Attaching…">
            Attach
          </SubmitButton>
        </div>
      </form>
    </details>
  );
}

/**
 * "Book a client" by email (C1 creates a new client). Rule refusals show as the
 * form's error; a full session offers "Add to waitlist" for the same person (B4).
 */
export function BookClientForm({ sessionId, disabled }: { sessionId: string; disabled?: boolean }) {
  const [state, action] = useActionState(bookClientAction, initialFormState);
  const [waitState, waitAction] = useActionState(joinWaitlistAction, initialFormState);
  const v = state.values ?? {};
  const full = !state.ok && v.full === "1";
  const e = state.fieldErrors ?? {};
  return (
    <div className="grid gap-3">
      <form action={action} className="grid gap-3" noValidate>
        <input type="hidden" name="sessionId" value={sessionId} />
        <FormMessage>{state.formError}</FormMessage>
        <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
        <Field label="Client email" htmlFor="book-email" error={e.email} required>
          <Input
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={state.ok ? "" : v.email}
            key={`e-${state.ok ? state.message : ""}`}
            required
            disabled={disabled}
          />
        </Field>
        <Field label="Name (for a new client)" htmlFor="book-name" error={e.name}>
          <Input
            name="name"
            autoComplete="off"
            defaultValue={state.ok ? "" : v.name}
            key={`n-${state.ok ? state.message : ""}`}
            disabled={disabled}
          />
        </Field>
        <div>
          <SubmitButton pendingLabel="Booking…" disabled={disabled}>
            Book client
          </SubmitButton>
        </div>
      </form>
      {full ? (
        <form action={waitAction} className="grid gap-2 rounded-md border border-warning-200 bg-warning-50 p-3">
          <input type="hidden" name="sessionId" value={sessionId} />
          <input type="hidden" name="email" value={v.email ?? ""} />
          <input type="hidden" name="name" value={v.name ?? ""} />
          <p className="text-sm">Put {v.email} on the waitlist: they are booked automatically when a place frees up.</p>
          <FormMessage>{waitState.formError}</FormMessage>
          <div>
            <SubmitButton size="sm" pendingLabel="Adding…">
              Add to waitlist
            </SubmitButton>
          </div>
        </form>
      ) : null}
      <FormMessage variant="success">{waitState.ok ? waitState.message : null}</FormMessage>
    </div>
  );
}

/** Cancels the whole session after a confirmation, with an optional reason for the clients. */
export function CancelSessionButton({ sessionId, title }: { sessionId: string; title: string }) {
  const [state, action] = useActionState(cancelSessionAction, initialFormState);
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="danger">Cancel session</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Cancel this session?</DialogTitle>
          <DialogDescription>
            Every booking of {title} at this time is cancelled, pack sessions are given back, and booked clients get an
            email. This cannot be undone.
          </DialogDescription>
        </DialogHeader>
        <form action={action} className="grid gap-3">
          <input type="hidden" name="sessionId" value={sessionId} />
          <FormMessage>{state.formError}</FormMessage>
          <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
          <Field label="Reason (optional)" htmlFor="cancel-reason" hint="Included in the email to clients.">
            <Textarea name="reason" rows={3} />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="ghost">
                Keep session
              </Button>
            </DialogClose>
            <SubmitButton variant="danger" pendingLabel="Cancelling…">
              Cancel session
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
