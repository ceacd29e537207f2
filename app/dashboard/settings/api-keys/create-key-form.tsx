"use client";

import { useActionState } from "react";
import { Alert, Checkbox, CopyButton, Field, FormMessage, Input, SubmitButton } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { createApiKeyAction } from "../actions";

/** API.md scopes; none chosen means all (manage). */
const SCOPES = [
  { value: "read", label: "Read", hint: "clients, plans, sessions, reports" },
  { value: "book", label: "Book", hint: "book and cancel places" },
  { value: "message", label: "Message", hint: "email clients" },
  { value: "manage", label: "Everything", hint: "including settings, plans, team and webhooks" },
] as const;

/** Creates a key and shows it this once; only its hash is kept, so it cannot be shown again. */
export function CreateKeyForm() {
  const [state, action] = useActionState(createApiKeyAction, initialFormState);
  const e = state.fieldErrors ?? {};

  return (
    <div className="grid gap-4">
      {state.ok && state.secret ? (
        <Alert variant="success" title="Copy your new API key now" role="status">
          <p>
            {state.message} This is the only time it is shown: store it somewhere safe, such as your server&apos;s
            environment.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="new-api-key"
              className="min-w-0 break-all rounded-md border border-success-200 bg-surface px-2 py-1 font-mono text-xs text-foreground"
            >
              {state.secret}
            </code>
            <CopyButton text={state.secret} label="Copy API key" />
          </div>
        </Alert>
      ) : null}
      <form action={action} className="grid max-w-md gap-4" noValidate>
        <FormMessage>{state.formError}</FormMessage>
        <Field
          label="Key name"
          htmlFor="api-key-name"
          error={e.name}
          hint="Name it after what will use it, e.g. “Website” or “Zapier”."
          required
        >
          <Input name="name" defaultValue={state.values?.name} maxLength={80} autoComplete="off" required />
        </Field>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">What the key may do</legend>
          {SCOPES.map((s) => (
            <Checkbox
              key={s.value}
              name="scopes"
              value={s.value}
              defaultChecked={s.value === "manage"}
              label={
                <span>
                  <span className="font-medium">{s.label}</span> <span className="text-muted-foreground">{s.hint}</span>
                </span>
              }
            />
          ))}
          {e.scopes ? (
            <p className="text-sm text-danger-700" role="alert">
              {e.scopes}
            </p>
          ) : null}
        </fieldset>
        <div>
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </div>
      </form>
    </div>
  );
}
