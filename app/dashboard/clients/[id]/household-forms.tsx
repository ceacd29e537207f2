"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import {
  addAdditionalUserAction,
  addParticipantAction,
  removeHouseholdMemberAction,
  setPortalAccessAction,
} from "./household-actions";

function Result({ state }: { state: FormState }) {
  return (
    <div aria-live="polite" className="empty:hidden">
      {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
      {state.ok && state.message ? <FormMessage variant="success">{state.message}</FormMessage> : null}
    </div>
  );
}

/** What the person typed after a refusal; nothing after a success, so the next entry starts clean. */
function kept(state: FormState): Record<string, string> {
  return state.ok ? {} : (state.values ?? {});
}

/** H1: add a participant (name; email optional) to the household of `primaryId`. */
export function AddParticipantForm({ primaryId }: { primaryId: string }) {
  const [state, action] = useActionState(addParticipantAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const v = kept(state);
  return (
    <form action={action} aria-label="Add a participant" className="grid gap-3">
      <input type="hidden" name="primaryId" value={primaryId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" htmlFor="hh-participant-name" error={e.name} required>
          <Input name="name" autoComplete="off" defaultValue={v.name} required />
        </Field>
        <Field label="Email" htmlFor="hh-participant-email" error={e.email} hint="Optional: a child usually has none.">
          <Input name="email" type="email" autoComplete="off" defaultValue={v.email} />
        </Field>
      </div>
      <Result state={state} />
      <div>
        <SubmitButton variant="outline" pendingLabel="Adding…">
          Add participant
        </SubmitButton>
      </div>
    </form>
  );
}

/** H1: link an additional user by email; a name is needed only for someone who is not a client yet. */
export function AddAdditionalUserForm({ primaryId }: { primaryId: string }) {
  const [state, action] = useActionState(addAdditionalUserAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const v = kept(state);
  return (
    <form action={action} aria-label="Link an additional user" className="grid gap-3">
      <input type="hidden" name="primaryId" value={primaryId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Email" htmlFor="hh-additional-email" error={e.email} required>
          <Input name="email" type="email" autoComplete="off" defaultValue={v.email} required />
        </Field>
        <Field
          label="Name"
          htmlFor="hh-additional-name"
          error={e.name}
          hint="Only needed if they are not a client yet."
        >
          <Input name="name" autoComplete="off" defaultValue={v.name} />
        </Field>
      </div>
      <Result state={state} />
      <div>
        <SubmitButton variant="outline" pendingLabel="Linking…">
          Link additional user
        </SubmitButton>
      </div>
    </form>
  );
}

/** H1: take one member out of the household (the client record stays). */
export function RemoveMemberButton({ clientId, name }: { clientId: string; name: string }) {
  const [state, action] = useActionState(removeHouseholdMemberAction, initialFormState);
  return (
    <form action={action} className="grid justify-items-end gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      <SubmitButton variant="ghost" size="sm" pendingLabel="Removing…" aria-label={`Remove ${name} from the household`}>
        Remove
      </SubmitButton>
      {state.formError ? <FormMessage>{state.formError}</FormMessage> : null}
    </form>
  );
}

/** H3: turn the client's member-portal access off, or back on. */
export function PortalAccessToggle({ clientId, disabled }: { clientId: string; disabled: boolean }) {
  const [state, action] = useActionState(setPortalAccessAction, initialFormState);
  return (
    <form action={action} className="grid gap-2">
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="enabled" value={disabled ? "true" : "false"} />
      <div>
        <SubmitButton
          variant={disabled ? "primary" : "outline"}
          size="sm"
          pendingLabel={disabled ? "Enabling…" : "Disabling…"}
        >
          {disabled ? "Enable portal access" : "Disable portal access"}
        </SubmitButton>
      </div>
      <Result state={state} />
    </form>
  );
}
