"use client";

import { useActionState } from "react";
import { Field, FormMessage, Input, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { messageClientAction } from "./crm-actions";

/** R8: email the client; replies go to the signed-in staff member (Reply-To). */
export function MessageForm({ clientId, email }: { clientId: string; email: string | null }) {
  const [state, action] = useActionState(messageClientAction, initialFormState);
  const typed = state.ok ? undefined : state.values;
  const errors = state.fieldErrors ?? {};

  if (!email) {
    return (
      <p className="text-sm text-muted-foreground">
        This client has no email address. Add one under Edit client to send them a message.
      </p>
    );
  }

  return (
    <form action={action} className="grid gap-3" noValidate key={typed ? `${typed.subject}\u0000${typed.body}` : "new"}>
      <input type="hidden" name="clientId" value={clientId} />
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <p className="text-sm text-muted-foreground">
        To <span className="font-medium text-foreground">{email}</span>. Replies come to your own email address.
      </p>
      <Field label="Subject" htmlFor="message-subject" error={errors.subject} required>
        <Input name="subject" maxLength={200} defaultValue={typed?.subject ?? ""} autoComplete="off" />
      </Field>
      <Field label="Message" htmlFor="message-body" error={errors.body} required>
        <Textarea name="body" rows={6} maxLength={20000} defaultValue={typed?.body ?? ""} />
      </Field>
      <div>
        <SubmitButton pendingLabel="Sending…">Send email</SubmitButton>
      </div>
    </form>
  );
}
