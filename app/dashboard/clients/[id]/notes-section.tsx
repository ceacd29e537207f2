"use client";

import { useActionState, useState } from "react";
import { Lock, Users } from "lucide-react";
import { Badge, Button, Checkbox, Field, FormMessage, Label, SubmitButton, Textarea } from "@/app/_ui";
import { initialFormState, type FormState } from "@/app/_lib/form";
import { addNoteAction, deleteNoteAction, updateNoteAction } from "./crm-actions";

/** A note as the page hands it to the browser: dates already written in the studio's zone. */
export type NoteItem = {
  id: string;
  body: string;
  shared: boolean;
  mine: boolean;
  authorName: string;
  createdAt: string;
  createdAtIso: string;
  edited: string | null;
};

/**
 * R3: the add form and the notes the signed-in staff member may read. A note is private to its author unless "Share
 * with staff" (beside the text) is ticked; the line under the text says plainly who will read it either way.
 */
export function NotesSection({ clientId, notes }: { clientId: string; notes: NoteItem[] }) {
  const [state, action] = useActionState(addNoteAction, initialFormState);
  const typed = state.ok ? undefined : state.values;
  const [shared, setShared] = useState(false);
  // Each answer resets the choice: private again after a note is added (R3), as typed after a refusal.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setShared(typed?.shared !== undefined);
  }

  return (
    <div className="grid gap-5">
      <form action={action} className="grid gap-3" noValidate>
        <input type="hidden" name="clientId" value={clientId} />
        <FormMessage>{state.formError}</FormMessage>
        <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
        <div className="grid gap-1.5">
          <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
            <Label htmlFor="note-body">New note</Label>
            <Checkbox
              name="shared"
              label="Share with staff"
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
              aria-describedby="note-readers"
            />
          </div>
          <Textarea
            id="note-body"
            name="body"
            rows={3}
            maxLength={5000}
            defaultValue={typed?.body ?? ""}
            key={typed?.body ?? "empty"}
            aria-invalid={state.fieldErrors?.body ? true : undefined}
            aria-describedby={state.fieldErrors?.body ? "note-body-error note-readers" : "note-readers"}
          />
          {state.fieldErrors?.body ? (
            <p id="note-body-error" className="text-xs font-medium text-danger-700">
              {state.fieldErrors.body.join(" ")}
            </p>
          ) : null}
          <p id="note-readers" className="flex items-start gap-1.5 text-xs text-muted-foreground" aria-live="polite">
            {shared ? (
              <>
                <Users aria-hidden="true" className="mt-px size-3.5 shrink-0" />
                <span>
                  <strong className="font-medium text-foreground">Everyone on the staff</strong> will read this note:
                  the owner, managers, front desk and instructors. The client never sees it.
                </span>
              </>
            ) : (
              <>
                <Lock aria-hidden="true" className="mt-px size-3.5 shrink-0" />
                <span>
                  <strong className="font-medium text-foreground">Only you</strong> will read this note, not even the
                  owner. Tick &ldquo;Share with staff&rdquo; for something every instructor should know, such as an
                  injury. The client never sees notes.
                </span>
              </>
            )}
          </p>
        </div>
        <div>
          <SubmitButton size="sm" pendingLabel="Adding…">
            Add note
          </SubmitButton>
        </div>
      </form>

      {notes.length === 0 ? (
        <p className="rounded-md border border-dashed border-input px-4 py-6 text-center text-sm text-muted-foreground">
          No notes you can see yet. Write the first one above.
        </p>
      ) : (
        <ul className="grid gap-3" aria-label="Notes">
          {notes.map((n) => (
            <NoteRow key={n.id} clientId={clientId} note={n} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NoteRow({ clientId, note }: { clientId: string; note: NoteItem }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const [editState, edit] = useActionState(async (prev: FormState, form: FormData) => {
    const result = await updateNoteAction(prev, form);
    if (result.ok) setMode("view");
    return result;
  }, initialFormState);
  const [deleteState, remove] = useActionState(deleteNoteAction, initialFormState);
  const fieldId = `note-${note.id}`;

  return (
    <li className="grid gap-2 rounded-md border border-border p-3" data-testid="note">
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <span className="font-medium text-foreground">{note.mine ? "You" : note.authorName}</span>
        <time dateTime={note.createdAtIso}>{note.createdAt}</time>
        {note.edited ? <span>(edited {note.edited})</span> : null}
        {note.shared ? (
          <Badge variant="neutral">
            <Users aria-hidden="true" /> Shared with staff
          </Badge>
        ) : (
          <Badge variant="warning">
            <Lock aria-hidden="true" /> Private
          </Badge>
        )}
      </div>

      {mode === "edit" ? (
        <form action={edit} className="grid gap-2" noValidate>
          <input type="hidden" name="clientId" value={clientId} />
          <input type="hidden" name="noteId" value={note.id} />
          <FormMessage>{editState.formError}</FormMessage>
          <Field label="Edit note" htmlFor={fieldId} error={editState.fieldErrors?.body}>
            <Textarea name="body" rows={3} maxLength={5000} defaultValue={note.body} autoFocus />
          </Field>
          <div className="flex flex-wrap items-center gap-2">
            <Checkbox name="shared" label="Share with staff" defaultChecked={note.shared} />
            <div className="ml-auto flex gap-2">
              <Button type="button" variant="ghost" size="sm" onClick={() => setMode("view")}>
                Cancel
              </Button>
              <SubmitButton size="sm" pendingLabel="Saving…">
                Save note
              </SubmitButton>
            </div>
          </div>
        </form>
      ) : (
        <p className="whitespace-pre-wrap break-words text-sm text-foreground">{note.body}</p>
      )}

      {note.mine && mode !== "edit" ? (
        mode === "delete" ? (
          <form action={remove} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="noteId" value={note.id} />
            <span className="text-sm">Delete this note for good?</span>
            <SubmitButton size="sm" variant="danger" pendingLabel="Deleting…">
              Delete
            </SubmitButton>
            <Button type="button" variant="ghost" size="sm" onClick={() => setMode("view")}>
              Keep it
            </Button>
            <FormMessage className="basis-full">{deleteState.formError}</FormMessage>
          </form>
        ) : (
          <div className="flex gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={() => setMode("edit")}>
              Edit
            </Button>
            <Button type="button" variant="ghost" size="sm" onClick={() => setMode("delete")}>
              Delete
            </Button>
          </div>
        )
      ) : null}
    </li>
  );
}
