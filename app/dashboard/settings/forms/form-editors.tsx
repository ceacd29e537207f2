"use client";

import { useActionState, useId } from "react";
import { Alert, Checkbox, Field, FormMessage, Input, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { createFormAction, publishFormVersionAction, setFormRequirementsAction } from "./actions";

export type Choice = { id: string; name: string };

const QUESTIONS_HINT =
  "Optional, one a line: “Text: …”, “Yes/no: …” or “Choice: … | option | option”. Add “(health)” to a health question (seen by owners and managers only, never exported, erased with the client) and “(optional)” to one that may be skipped.";

function Done({ state }: { state: FormState }) {
  return state.ok && state.message ? (
    <Alert variant="success" role="status">
      {state.message}
    </Alert>
  ) : null;
}

function Targets({
  plans,
  classes,
  planIds = [],
  classIds = [],
}: {
  plans: Choice[];
  classes: Choice[];
  planIds?: string[];
  classIds?: string[];
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Required to buy</legend>
        {plans.length === 0 ? <p className="text-sm text-muted-foreground">No plans yet.</p> : null}
        {plans.map((p) => (
          <Checkbox key={p.id} name="planIds" value={p.id} defaultChecked={planIds.includes(p.id)} label={p.name} />
        ))}
      </fieldset>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Required to book</legend>
        {classes.length === 0 ? <p className="text-sm text-muted-foreground">No classes yet.</p> : null}
        {classes.map((c) => (
          <Checkbox key={c.id} name="classIds" value={c.id} defaultChecked={classIds.includes(c.id)} label={c.name} />
        ))}
      </fieldset>
    </div>
  );
}

function TextFields({
  state,
  title,
  body,
  questions,
}: {
  state: FormState;
  title?: string;
  body?: string;
  questions?: string;
}) {
  const uid = useId();
  const e = state.fieldErrors ?? {};
  return (
    <>
      <Field label="Title" htmlFor={`${uid}-title`} required error={e.title}>
        <Input name="title" maxLength={200} defaultValue={state.values?.title ?? title} />
      </Field>
      <Field
        label="Text"
        htmlFor={`${uid}-body`}
        required
        error={e.body}
        hint="Markdown: # heading, **bold**, *italic*, “- ” for a list. HTML is removed."
      >
        <Textarea name="body" rows={8} defaultValue={state.values?.body ?? body} />
      </Field>
      <Field label="Questions" htmlFor={`${uid}-questions`} error={e.questions} hint={QUESTIONS_HINT}>
        <Textarea name="questions" rows={3} defaultValue={state.values?.questions ?? questions} />
      </Field>
    </>
  );
}

/** F1: a new form: title, text, questions, and which plans and classes require it. */
export function CreateFormForm({ plans, classes }: { plans: Choice[]; classes: Choice[] }) {
  const [state, action] = useActionState(createFormAction, initialFormState);
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <Done state={state} />
      <TextFields state={state} />
      <Targets plans={plans} classes={classes} />
      <div>
        <SubmitButton pendingLabel="Publishing…">Publish form</SubmitButton>
      </div>
    </form>
  );
}

/** F1: editing a form publishes a new version; who must sign again is chosen here. */
export function PublishVersionForm({
  formId,
  title,
  body,
  questions,
}: {
  formId: string;
  title: string;
  body: string;
  questions: string;
}) {
  const [state, action] = useActionState(publishFormVersionAction, initialFormState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <Done state={state} />
      <input type="hidden" name="formId" value={formId} />
      <TextFields state={state} title={title} body={body} questions={questions} />
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Who must sign the new version?</legend>
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="radio" name="resign" value="everyone" defaultChecked className="size-4 accent-brand-700" />
          Everyone, again, before their next booking or purchase that needs it
        </label>
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="radio" name="resign" value="new_clients" className="size-4 accent-brand-700" />
          Only new clients: earlier signatures still count
        </label>
        {e.resign ? <p className="text-sm text-danger-700">{e.resign}</p> : null}
      </fieldset>
      <div>
        <SubmitButton pendingLabel="Publishing…">Publish new version</SubmitButton>
      </div>
    </form>
  );
}

/** F1: which plans and classes require the form. */
export function RequirementsForm({
  formId,
  plans,
  classes,
  planIds,
  classIds,
}: {
  formId: string;
  plans: Choice[];
  classes: Choice[];
  planIds: string[];
  classIds: string[];
}) {
  const [state, action] = useActionState(setFormRequirementsAction, initialFormState);
  return (
    <form action={action} className="grid gap-4" noValidate>
      <FormMessage>{state.formError}</FormMessage>
      <Done state={state} />
      <input type="hidden" name="formId" value={formId} />
      <Targets plans={plans} classes={classes} planIds={planIds} classIds={classIds} />
      <div>
        <SubmitButton variant="outline" pendingLabel="Saving…">
          Save requirements
        </SubmitButton>
      </div>
    </form>
  );
}
