"use client";

import { useActionState, useState } from "react";
import { Eye, EyeOff } from "lucide-react";
import { Button, CopyButton, Field, FormMessage, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState } from "@/app/_lib/form";
import { rotateEmbedSecretAction, updateEmbedOriginsAction } from "../actions";

/** E3: the sites allowed to frame the sign-up, one origin per line. */
export function EmbedOriginsForm({ origins }: { origins: string[] }) {
  const [state, action] = useActionState(updateEmbedOriginsAction, initialFormState);
  const e = state.fieldErrors ?? {};
  // The verb reports each bad origin by its line ("embedOrigins.2").
  const errors = Object.entries(e)
    .filter(([key]) => key === "embedOrigins" || key.startsWith("embedOrigins."))
    .flatMap(([, messages]) => messages);
  return (
    <form action={action} className="grid gap-3" noValidate>
      <FormMessage>{state.formError && !errors.length ? state.formError : null}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      <Field
        label="Websites allowed to show your sign-up"
        htmlFor="embedOrigins"
        error={errors}
        hint="One per line, scheme and host only, e.g. https://www.example.com. Any other site that tries to frame the sign-up gets a blank frame."
      >
        <Textarea
          id="embedOrigins"
          name="embedOrigins"
          defaultValue={state.values?.embedOrigins ?? origins.join("\n")}
          rows={3}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      <div>
        <SubmitButton pendingLabel="Saving…">Save websites</SubmitButton>
      </div>
    </form>
  );
}

/** E2: the embed secret, hidden until asked for, with copy and rotate. */
export function EmbedSecret({ secret }: { secret: string | null }) {
  const [shown, setShown] = useState(false);
  const [state, action] = useActionState(rotateEmbedSecretAction, initialFormState);
  return (
    <div className="grid gap-3">
      <FormMessage>{state.formError}</FormMessage>
      <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
      {secret ? (
        <div className="flex flex-wrap items-center gap-2">
          <code
            className="min-w-0 flex-1 truncate rounded-md border bg-muted px-3 py-2 font-mono text-xs"
            aria-label="Embed secret"
          >
            {shown ? secret : "•".repeat(32)}
          </code>
          <Button type="button" variant="outline" size="sm" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
            {shown ? <EyeOff aria-hidden className="size-4" /> : <Eye aria-hidden className="size-4" />}
            {shown ? "Hide" : "Show"}
          </Button>
          <CopyButton text={secret} label="Copy secret" variant="outline" size="sm" />
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">
          No secret yet. Make one when your website is ready to sign visitors in.
        </p>
      )}
      <form
        action={action}
        onSubmit={(e) => {
          if (secret && !window.confirm("Make a new secret? Tokens signed with the current one stop working at once."))
            e.preventDefault();
        }}
      >
        <SubmitButton variant={secret ? "outline" : "primary"} pendingLabel="Making a new secret…">
          {secret ? "Rotate secret" : "Make a secret"}
        </SubmitButton>
      </form>
    </div>
  );
}
