"use client";

import { useActionState } from "react";
import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
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
  SubmitButton,
  VisuallyHidden,
} from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import {
  createWebhookAction,
  rotateWebhookSecretAction,
  setWebhookEnabledAction,
  deleteWebhookAction,
} from "./actions";

function SecretShown({ state, label }: { state: FormState; label: string }) {
  if (!state.ok || !state.secret) return null;
  return (
    <Alert variant="success" title="Copy the signing secret now" role="status">
      <p>{state.message} This is the only time the secret is shown; your receiver needs it to check signatures.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          data-testid="new-webhook-secret"
          className="min-w-0 break-all rounded-md border border-success-200 bg-surface px-2 py-1 font-mono text-xs text-foreground"
        >
          {state.secret}
        </code>
        <CopyButton text={state.secret} label={label} />
      </div>
    </Alert>
  );
}

/** X2: URL and events; the secret comes back once. */
export function CreateWebhookForm({ events }: { events: readonly string[] }) {
  const [state, action] = useActionState(createWebhookAction, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <div className="grid gap-4">
      <SecretShown state={state} label="Copy webhook secret" />
      <form action={action} className="grid gap-4" noValidate>
        <FormMessage>{state.formError}</FormMessage>
        <Field
          label="Endpoint URL"
          htmlFor="webhook-url"
          error={e.url}
          hint="An https:// address of your system that accepts POST requests."
          required
        >
          <Input
            name="url"
            type="url"
            inputMode="url"
            placeholder="https://example.com/hooks/roster"
            defaultValue={state.values?.url}
            maxLength={2000}
            autoComplete="off"
            required
          />
        </Field>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {events.map((name) => (
              <Checkbox key={name} name="events" value={name} label={<code className="text-xs">{name}</code>} />
            ))}
          </div>
          {e.events ? (
            <p className="text-sm text-danger-700" role="alert">
              {e.events}
            </p>
          ) : null}
        </fieldset>
        <div>
          <SubmitButton pendingLabel="Adding…">Add endpoint</SubmitButton>
        </div>
      </form>
    </div>
  );
}

/** Rotate, turn off or on, delete: one small form each, with the result shown beside them. */
export function EndpointActions({ id, url, disabled }: { id: string; url: string; disabled: boolean }) {
  const [rotated, rotate] = useActionState(rotateWebhookSecretAction, initialFormState);
  const [toggled, toggle] = useActionState(setWebhookEnabledAction, initialFormState);
  const [deleted, remove] = useActionState(deleteWebhookAction, initialFormState);
  const problem = rotated.formError ?? toggled.formError ?? deleted.formError;
  return (
    <div className="grid gap-2">
      <SecretShown state={rotated} label="Copy new webhook secret" />
      {problem ? <FormMessage>{problem}</FormMessage> : null}
      <div className="flex flex-wrap gap-2">
        <form action={rotate}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton variant="outline" size="sm" pendingLabel="Rotating…" aria-label={`Rotate the secret of ${url}`}>
            Rotate secret
          </SubmitButton>
        </form>
        <form action={toggle}>
          <input type="hidden" name="id" value={id} />
          {disabled ? <input type="hidden" name="enabled" value="on" /> : null}
          <SubmitButton
            variant="outline"
            size="sm"
            pendingLabel="Saving…"
            aria-label={`${disabled ? "Turn on" : "Turn off"} ${url}`}
          >
            {disabled ? "Turn on" : "Turn off"}
          </SubmitButton>
        </form>
        <Dialog>
          <DialogTrigger asChild>
            <Button variant="outline" size="sm">
              Delete<VisuallyHidden> {url}</VisuallyHidden>
            </Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Delete this endpoint?</DialogTitle>
              <DialogDescription>
                Events stop going to {url} at once, and its delivery log is deleted with it. This cannot be undone.
              </DialogDescription>
            </DialogHeader>
            <form action={remove}>
              <input type="hidden" name="id" value={id} />
              <DialogFooter>
                <DialogClose asChild>
                  <Button type="button" variant="outline">
                    Cancel
                  </Button>
                </DialogClose>
                <SubmitButton variant="danger" pendingLabel="Deleting…">
                  Delete endpoint
                </SubmitButton>
              </DialogFooter>
            </form>
          </DialogContent>
        </Dialog>
      </div>
    </div>
  );
}
