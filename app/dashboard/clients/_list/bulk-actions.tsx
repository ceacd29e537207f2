"use client";

import { useActionState, useId, useState } from "react";
import Link from "next/link";
import { Download, Mail, Tag, X } from "lucide-react";
import {
  Alert,
  Button,
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
  Textarea,
} from "@/app/_ui";
import { messageSelectedClientsAction, tagSelectedClientsAction, type BulkActionState } from "../list-actions";

/** The most clients one bulk action takes (MAX_RECIPIENTS, MAX_BULK_CLIENTS, MAX_HISTORY_CLIENTS in lib/crm). */
export const MAX_SELECTION = 1000;

const initialState: BulkActionState = { ok: false };
const count = (n: number) => n.toLocaleString("en-GB");
const clients = (n: number) => `${count(n)} ${n === 1 ? "client" : "clients"}`;

function SelectedIds({ ids }: { ids: string[] }) {
  return ids.map((id) => <input key={id} type="hidden" name="ids" value={id} />);
}

type BulkActionsProps = {
  /** The selected clients' ids, across pages (the selection lasts while the filters stay). */
  ids: string[];
  /** How many of them are on the page shown. */
  onPage: number;
  /** Exports are the owner's (R7). */
  canExport: boolean;
  /** The studio's tags, offered while typing a tag. */
  tagSuggestions: string[];
  onClear: () => void;
  /** Says something politely outside any dialog (e.g. after a dialog closed). */
  announce: (message: string) => void;
};

/** The bar over the table while clients are selected: message them (R8), tag them (R4), export their history (R7). */
export function BulkActions({ ids, onPage, canExport, tagSuggestions, onClear, announce }: BulkActionsProps) {
  const tooMany = ids.length > MAX_SELECTION;
  const elsewhere = ids.length - onPage;
  return (
    <section
      aria-label="Selected clients"
      className="mb-3 flex flex-wrap items-center gap-2 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2"
    >
      <p className="mr-auto text-sm font-medium text-brand-900">
        {clients(ids.length)} selected
        {elsewhere > 0 ? <span className="font-normal"> ({count(elsewhere)} on other pages)</span> : null}
      </p>
      {tooMany ? (
        <p className="w-full text-sm text-danger-800 sm:order-last" role="alert">
          Select at most {count(MAX_SELECTION)} clients for a bulk action.
        </p>
      ) : null}
      <MessageDialog ids={ids} disabled={tooMany} />
      <TagDialog ids={ids} disabled={tooMany} suggestions={tagSuggestions} announce={announce} />
      {canExport ? (
        <form method="post" action="/dashboard/clients/history.csv">
          <SelectedIds ids={ids} />
          <Button type="submit" variant="outline" size="sm" disabled={tooMany}>
            <Download aria-hidden="true" /> History CSV
          </Button>
        </form>
      ) : null}
      <Button type="button" variant="ghost" size="sm" onClick={onClear}>
        <X aria-hidden="true" /> Clear selection
      </Button>
    </section>
  );
}

/** Each opening of a dialog starts a fresh form (and a fresh action state). */
function useDialogRound() {
  const [open, setOpen] = useState(false);
  const [round, setRound] = useState(0);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) setRound((r) => r + 1);
  };
  return { open, setOpen, round, onOpenChange };
}

/** R8: one email to each selected client, replies to the signed-in staff member. */
function MessageDialog({ ids, disabled }: { ids: string[]; disabled: boolean }) {
  const { open, round, onOpenChange } = useDialogRound();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" disabled={disabled}>
          <Mail aria-hidden="true" /> Message
        </Button>
      </DialogTrigger>
      <DialogContent>
        <MessageForm key={round} ids={ids} />
      </DialogContent>
    </Dialog>
  );
}

function MessageForm({ ids }: { ids: string[] }) {
  const [state, action] = useActionState(messageSelectedClientsAction, initialState);
  const id = useId();
  const typed = state.ok ? undefined : state.values;
  const errors = state.fieldErrors ?? {};
  const result = state.ok ? state.counts : undefined;

  return (
    <>
      <DialogHeader>
        <DialogTitle>
          {!result ? `Message ${clients(ids.length)}` : result.queued > 0 ? "Message on its way" : "Nothing was sent"}
        </DialogTitle>
        <DialogDescription>
          {!result
            ? "Each client with an email address gets their own copy. Replies come to your own email address."
            : `${clients(result.total)} selected. Replies come to your own email address.`}
        </DialogDescription>
      </DialogHeader>
      {/* One live region for both states, so the outcome is announced when it replaces the form. */}
      <div role="status" aria-live="polite">
        {result ? (
          <Alert
            variant={result.queued === 0 ? "warning" : "success"}
            title={`Sending ${count(result.queued)} · Skipped ${count(result.skipped)}`}
          >
            <ul className="grid gap-1">
              <li>
                {result.queued
                  ? `${clients(result.queued)} will get the email; it goes out in the background.`
                  : "No selected client has an email address."}
              </li>
              {result.skipped ? <li>Skipped {clients(result.skipped)} without an email address.</li> : null}
              {state.operationId ? (
                <li>
                  <Link
                    className="font-medium underline underline-offset-2"
                    href={`/dashboard/operations/${state.operationId}`}
                  >
                    Follow its progress
                  </Link>{" "}
                  (also later, under Bulk work).
                </li>
              ) : null}
            </ul>
          </Alert>
        ) : null}
      </div>
      {result ? (
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" autoFocus>
              Done
            </Button>
          </DialogClose>
        </DialogFooter>
      ) : (
        <form action={action} className="grid gap-4" noValidate>
          <SelectedIds ids={ids} />
          <FormMessage>{state.formError}</FormMessage>
          <Field label="Subject" htmlFor={`${id}-subject`} error={errors.subject} required>
            <Input name="subject" maxLength={200} defaultValue={typed?.subject ?? ""} autoComplete="off" />
          </Field>
          <Field label="Message" htmlFor={`${id}-body`} error={errors.body} required>
            <Textarea name="body" rows={8} maxLength={20000} defaultValue={typed?.body ?? ""} />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <SubmitButton pendingLabel="Sending…">Send email</SubmitButton>
          </DialogFooter>
        </form>
      )}
    </>
  );
}

/** R4: one tag on every selected client. */
function TagDialog({
  ids,
  disabled,
  suggestions,
  announce,
}: {
  ids: string[];
  disabled: boolean;
  suggestions: string[];
  announce: (m: string) => void;
}) {
  const { open, setOpen, round, onOpenChange } = useDialogRound();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" disabled={disabled}>
          <Tag aria-hidden="true" /> Add tag
        </Button>
      </DialogTrigger>
      <DialogContent>
        <TagForm
          key={round}
          ids={ids}
          suggestions={suggestions}
          onDone={(message) => {
            setOpen(false);
            announce(message);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

function TagForm({
  ids,
  suggestions,
  onDone,
}: {
  ids: string[];
  suggestions: string[];
  onDone: (message: string) => void;
}) {
  const [state, action] = useActionState(async (prev: BulkActionState, form: FormData) => {
    const next = await tagSelectedClientsAction(prev, form);
    if (next.ok) onDone(next.message ?? "Tagged.");
    return next;
  }, initialState);
  const id = useId();
  const errors = state.fieldErrors ?? {};

  return (
    <>
      <DialogHeader>
        <DialogTitle>Tag {clients(ids.length)}</DialogTitle>
        <DialogDescription>Clients who already have this tag keep it as it is.</DialogDescription>
      </DialogHeader>
      <form action={action} className="grid gap-4" noValidate>
        <SelectedIds ids={ids} />
        <FormMessage>{state.formError}</FormMessage>
        <Field label="Tag" htmlFor={`${id}-tag`} error={errors.tag} hint="Up to 50 characters, no commas." required>
          <Input
            name="tag"
            maxLength={50}
            defaultValue={state.values?.tag ?? ""}
            autoComplete="off"
            list={suggestions.length ? `${id}-tags` : undefined}
          />
        </Field>
        {suggestions.length ? (
          <datalist id={`${id}-tags`}>
            {suggestions.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="outline">
              Cancel
            </Button>
          </DialogClose>
          <SubmitButton pendingLabel="Tagging…">Add tag</SubmitButton>
        </DialogFooter>
      </form>
    </>
  );
}
