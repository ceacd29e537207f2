"use client";

import { useActionState } from "react";
import { Checkbox, Field, FormMessage, Input, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { updateRetentionFlowAction } from "./actions";

/** One flow's switch and template (owners and managers). */
export function AutomationForm({
  flow,
  title,
  enabled,
  subject,
  body,
}: {
  flow: string;
  title: string;
  enabled: boolean;
  subject: string;
  body: string;
}) {
  const [state, action] = useActionState(updateRetentionFlowAction, initialFormState);
  const e = state.fieldErrors ?? {};
  const typed = state.values;
  const v = {
    enabled: typed ? typed.enabled !== undefined : enabled,
    subject: typed?.subject ?? subject,
    body: typed?.body ?? body,
  };
  return (
    <form action={action} className="grid gap-4" noValidate aria-label={`${title}: settings`}>
      <input type="hidden" name="flow" value={flow} />
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <Checkbox name="enabled" defaultChecked={v.enabled} label={`Send “${title}”`} />
      <Field label="Subject" htmlFor={`${flow}-subject`} error={e.subject} required>
        <Input name="subject" defaultValue={v.subject} maxLength={200} />
      </Field>
      <Field
        label="Message"
        htmlFor={`${flow}-body`}
        error={e.body}
        hint="{firstName}, {name} and {studioName} are filled in for each client. An unsubscribe link is added below the message."
        required
      >
        <Textarea name="body" defaultValue={v.body} rows={6} />
      </Field>
      <div>
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </div>
    </form>
  );
}
