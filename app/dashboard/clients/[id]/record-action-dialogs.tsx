"use client";

import { useActionState, useId, useState, useTransition } from "react";
import { Merge, Search, ShieldAlert, Trash2 } from "lucide-react";
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
} from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import {
  deleteClientAction,
  eraseClientAction,
  mergeClientsAction,
  searchMergeCandidatesAction,
  type MergeChoice,
} from "./client-record-actions";

type Target = { id: string; name: string };

/** C5: find the duplicate, see what moves, confirm. The outcome is announced beside the button. */
export function MergeClientDialog({ target, suggestions }: { target: Target; suggestions: MergeChoice[] }) {
  const [open, setOpen] = useState(false);
  const [round, setRound] = useState(0);
  const [done, setDone] = useState("");
  return (
    <div className="grid gap-2">
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) {
            setRound((r) => r + 1);
            setDone("");
          }
        }}
      >
        <DialogTrigger asChild>
          <Button type="button" variant="outline">
            <Merge aria-hidden="true" /> Merge another client into this one
          </Button>
        </DialogTrigger>
        <DialogContent className="max-w-xl">
          <MergeSteps
            key={round}
            target={target}
            suggestions={suggestions}
            onDone={(message) => {
              setOpen(false);
              setDone(message);
            }}
          />
        </DialogContent>
      </Dialog>
      <FormMessage variant="success">{done || null}</FormMessage>
    </div>
  );
}

function MergeSteps({
  target,
  suggestions,
  onDone,
}: {
  target: Target;
  suggestions: MergeChoice[];
  onDone: (message: string) => void;
}) {
  const ids = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState(suggestions);
  const [searched, setSearched] = useState<string | null>(null);
  const [chosen, setChosen] = useState<MergeChoice | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [searching, startSearch] = useTransition();
  const [state, run] = useActionState(async (prev: FormState, form: FormData) => {
    const next = await mergeClientsAction(prev, form);
    if (next.ok) onDone(next.message ?? "Merged.");
    return next;
  }, initialFormState);

  function search() {
    const q = query.trim();
    startSearch(async () => {
      const found = q ? await searchMergeCandidatesAction(target.id, q) : suggestions;
      setResults(found);
      setSearched(q || null);
      setChosen((c) => (c && found.some((f) => f.id === c.id) ? c : null));
    });
  }

  if (confirming && chosen) {
    return (
      <>
        <DialogHeader>
          <DialogTitle>
            Merge {chosen.name} into {target.name}?
          </DialogTitle>
          <DialogDescription>
            {chosen.name}
            {chosen.email ? ` (${chosen.email})` : ""} is removed, and everything about them moves to {target.name}
            &apos;s record.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-2 text-sm">
          <p className="font-medium">What moves to {target.name}:</p>
          <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
            <li>bookings ({chosen.totalBookings}), memberships, payments and waitlist places;</li>
            <li>notes, tags, company links, household members and sent mail;</li>
            <li>
              contact details {target.name} has no value for (phone, emergency contact, picture, questionnaire, email),
              and the portal login if {target.name} has none.
            </li>
          </ul>
          <p className="text-muted-foreground">
            If both are booked on the same class, {chosen.name}&apos;s booking is cancelled and its session returns to
            its pack. Totals add up.
          </p>
        </div>
        <Alert variant="warning">A merge cannot be undone.</Alert>
        <form action={run} className="grid gap-4">
          <input type="hidden" name="targetClientId" value={target.id} />
          <input type="hidden" name="sourceClientId" value={chosen.id} />
          <FormMessage>{state.formError}</FormMessage>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setConfirming(false)}>
              Back
            </Button>
            <SubmitButton variant="danger" pendingLabel="Merging…">
              Merge into {target.name}
            </SubmitButton>
          </DialogFooter>
        </form>
      </>
    );
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>Merge another client into {target.name}</DialogTitle>
        <DialogDescription>
          Find the duplicate record. You will see what moves before anything changes; {target.name} is the record that
          stays.
        </DialogDescription>
      </DialogHeader>
      <div className="flex items-end gap-2">
        <Field label="Name, email or phone" htmlFor={`${ids}-q`} className="flex-1">
          <Input
            type="search"
            value={query}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                search();
              }
            }}
          />
        </Field>
        <Button
          type="button"
          variant="secondary"
          onClick={search}
          disabled={searching}
          aria-busy={searching || undefined}
        >
          <Search aria-hidden="true" /> {searching ? "Searching…" : "Search"}
        </Button>
      </div>
      <fieldset className="grid gap-2" aria-busy={searching || undefined}>
        <legend className="mb-1 text-sm font-medium">
          {searched ? `Clients matching “${searched}”` : "Possible duplicates"}
        </legend>
        {results.length === 0 ? (
          <p className="rounded-md border border-dashed border-input p-4 text-sm text-muted-foreground" role="status">
            {searched
              ? `No other client matches “${searched}”. Try part of the name, the email or a phone number.`
              : "No client with the same name or phone. Search above by name, email or phone."}
          </p>
        ) : (
          <div className="grid max-h-72 gap-2 overflow-y-auto">
            {results.map((c) => (
              <label
                key={c.id}
                className="flex cursor-pointer gap-3 rounded-md border border-input p-3 text-sm has-checked:border-brand-700 has-checked:bg-brand-50 has-focus-visible:outline-2 has-focus-visible:outline-ring"
              >
                <input
                  type="radio"
                  name={`${ids}-choice`}
                  value={c.id}
                  checked={chosen?.id === c.id}
                  onChange={() => setChosen(c)}
                  className="mt-0.5 size-4 accent-brand-700"
                />
                <span className="grid min-w-0 gap-0.5">
                  <span className="font-medium">{c.name}</span>
                  <span className="truncate text-xs text-muted-foreground">
                    {[c.email ?? "no email", c.phone, `${c.totalBookings} booking${c.totalBookings === 1 ? "" : "s"}`]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="button" disabled={!chosen} onClick={() => setConfirming(true)}>
          Continue
        </Button>
      </DialogFooter>
    </>
  );
}

/** C4, H2: asks first, says where the history goes; on success the page moves to the clients list. */
export function DeleteClientDialog({
  clientId,
  clientName,
  primaryName,
}: {
  clientId: string;
  clientName: string;
  primaryName: string | null;
}) {
  const [state, run] = useActionState(deleteClientAction, initialFormState);
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button type="button" variant="outline">
          <Trash2 aria-hidden="true" /> Delete client
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {clientName}?</DialogTitle>
          <DialogDescription>
            {primaryName
              ? `${clientName} is an additional user of ${primaryName}'s household. Their bookings, memberships, payments and waitlist places move to ${primaryName}; their notes and company links are deleted with the record.`
              : `${clientName} has no bookings, memberships or payments. The record is deleted with its notes and company links.`}{" "}
            This cannot be undone.
          </DialogDescription>
        </DialogHeader>
        <form action={run} className="grid gap-4">
          <input type="hidden" name="clientId" value={clientId} />
          <FormMessage>{state.formError}</FormMessage>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Keep client
              </Button>
            </DialogClose>
            <SubmitButton variant="danger" pendingLabel="Deleting…">
              Delete client
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const CONFIRM_WORD = "ERASE";

/** P1: owners only; typing the word makes the irreversible step deliberate. On success the page moves to the list. */
export function EraseClientDialog({ clientId, clientName }: { clientId: string; clientName: string }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button type="button" variant="danger">
          <ShieldAlert aria-hidden="true" /> Erase personal data
        </Button>
      </DialogTrigger>
      <DialogContent>
        <EraseForm clientId={clientId} clientName={clientName} />
      </DialogContent>
    </Dialog>
  );
}

function EraseForm({ clientId, clientName }: { clientId: string; clientName: string }) {
  const id = useId();
  const [typed, setTyped] = useState("");
  const [state, run] = useActionState(eraseClientAction, initialFormState);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Erase {clientName}&apos;s personal data?</DialogTitle>
        <DialogDescription>
          This is permanent and cannot be undone. Their name, email, phone, emergency contact, picture, questionnaire,
          notes, tags and marketing consent are removed, and the mails sent to them are redacted. Their bookings,
          memberships and payments stay without a name, so your totals do not change. The studio&apos;s owners are
          emailed that it happened.
        </DialogDescription>
      </DialogHeader>
      <form action={run} className="grid gap-4" noValidate>
        <input type="hidden" name="clientId" value={clientId} />
        <FormMessage>{state.formError}</FormMessage>
        <Field
          label={`Type ${CONFIRM_WORD} to confirm`}
          htmlFor={`${id}-confirm`}
          error={state.fieldErrors?.confirm}
          required
        >
          <Input
            name="confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="outline">
              Cancel
            </Button>
          </DialogClose>
          <SubmitButton variant="danger" pendingLabel="Erasing…" disabled={typed !== CONFIRM_WORD}>
            Erase for good
          </SubmitButton>
        </DialogFooter>
      </form>
    </>
  );
}
