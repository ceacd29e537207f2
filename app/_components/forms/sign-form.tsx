"use client";

import { useActionState, useId } from "react";
import { Alert, Checkbox, Field, FormMessage, Input, NativeSelect, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { MarkdownView } from "@/lib/forms/markdown-view";
import type { FormToSignView } from "./view";

/**
 * F1: the signing step (portal, embed, the desk): the exact text, the
 * questions (health ones with their own consent), the typed full name and
 * "I agree". `hidden`: the fields the action needs besides (studio, clientId…).
 */
export function SignFormCard({
  form,
  action,
  hidden,
  forName,
  atDesk = false,
  headingLevel = 2,
}: {
  form: FormToSignView;
  action: (state: FormState, data: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
  /** Whose form it is, when not the signer's own (a participant, or the client at the desk). */
  forName?: string | null;
  atDesk?: boolean;
  headingLevel?: 2 | 3;
}) {
  const [state, submit] = useActionState(action, initialFormState);
  const uid = useId();
  const e = state.fieldErrors ?? {};
  const H = `h${headingLevel}` as "h2" | "h3";
  const health = form.questions.some((q) => q.health);
  const headingId = `${uid}-title`;
  return (
    <section aria-labelledby={headingId} className="grid gap-3 rounded-lg border border-border bg-surface p-4">
      <H id={headingId} className="text-base font-semibold">
        {atDesk ? "Sign at the desk: " : "Please sign: "}
        {form.title}
        {forName ? ` (for ${forName})` : ""}
      </H>
      {form.signedVersion !== null ? (
        <p className="text-sm text-muted-foreground">
          This form changed since version {form.signedVersion} was signed. Read version {form.version} and sign again.
        </p>
      ) : null}
      <div
        className="max-h-72 overflow-y-auto rounded-md border border-border p-3 text-sm"
        tabIndex={0}
        role="region"
        aria-label={`Text of ${form.title}`}
      >
        <MarkdownView body={form.body} headingLevel={headingLevel === 2 ? 3 : 4} />
      </div>
      <form action={submit} className="grid gap-3" noValidate>
        <FormMessage>{state.formError}</FormMessage>
        {state.ok && state.message ? (
          <Alert variant="success" role="status">
            {state.message}
          </Alert>
        ) : null}
        <input type="hidden" name="formId" value={form.formId} />
        <input type="hidden" name="versionId" value={form.versionId} />
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {form.questions.map((q) => {
          const id = `${uid}-${q.id}`;
          const name = `answer.${q.id}`;
          const label = (
            <>
              {q.label}
              {q.health ? <span className="ml-1 text-xs font-normal text-muted-foreground">(health)</span> : null}
            </>
          );
          if (q.kind === "yes_no")
            return (
              <fieldset
                key={q.id}
                className="grid gap-1.5"
                aria-describedby={e[`answers.${q.id}`] ? `${id}-error` : undefined}
              >
                <legend className="text-sm font-medium">
                  {label}
                  {q.required ? (
                    <span aria-hidden="true" className="ml-0.5 text-danger-600">
                      *
                    </span>
                  ) : null}
                </legend>
                <div className="flex gap-4">
                  {(["yes", "no"] as const).map((v) => (
                    <label key={v} className="inline-flex items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name={name}
                        value={v}
                        defaultChecked={state.values?.[name] === v}
                        className="size-4 accent-brand-700"
                      />
                      {v === "yes" ? "Yes" : "No"}
                    </label>
                  ))}
                </div>
                {e[`answers.${q.id}`] ? (
                  <p id={`${id}-error`} className="text-sm text-danger-700">
                    {e[`answers.${q.id}`]}
                  </p>
                ) : null}
              </fieldset>
            );
          if (q.kind === "choice")
            return (
              <Field key={q.id} label={label} htmlFor={id} required={q.required} error={e[`answers.${q.id}`]}>
                <NativeSelect name={name} defaultValue={state.values?.[name] ?? ""}>
                  <option value="">Choose…</option>
                  {(q.options ?? []).map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
            );
          return (
            <Field key={q.id} label={label} htmlFor={id} required={q.required} error={e[`answers.${q.id}`]}>
              <Textarea name={name} rows={2} maxLength={2000} defaultValue={state.values?.[name]} />
            </Field>
          );
        })}
        {health ? (
          <div className="grid gap-1">
            <Checkbox
              name="healthConsent"
              label="I agree that the studio keeps my answers to health questions, seen only by its owners and managers."
            />
            {e.healthConsent ? <p className="text-sm text-danger-700">{e.healthConsent}</p> : null}
          </div>
        ) : null}
        <Field
          label={atDesk ? "Full name of the person signing" : "Your full name"}
          htmlFor={`${uid}-name`}
          required
          error={e.fullName}
          hint="Typing your name is your signature."
        >
          <Input name="fullName" autoComplete="name" maxLength={200} defaultValue={state.values?.fullName} />
        </Field>
        <div className="grid gap-1">
          <Checkbox name="agree" label={`I have read “${form.title}” and I agree.`} />
          {e.agree ? <p className="text-sm text-danger-700">{e.agree}</p> : null}
        </div>
        <div>
          <SubmitButton pendingLabel="Signing…">Sign</SubmitButton>
        </div>
      </form>
    </section>
  );
}
