"use client";

import { useActionState, useState } from "react";
import { Lock, Users } from "lucide-react";
import { Badge, Button, Checkbox, Field, FormMessage, SubmitButton, Textarea } from "@/app/_ui";
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

/** R3: the add form ("Share with staff") and the notes the signed-in staff member may read. */
export function NotesSection({ clientId, notes }: { clientId: string; notes: NoteItem[] }) {
  const [state, action] = useActionState(addNoteAction, initialFormState);
  const typed = state.ok ? undefined : state.values;

  return (
    <div className="grid gap-5">
      <form action={action} className="grid gap-3" noValidate>
        <input type="hidden" name="clientId" value={clientId} />
        <FormMessage>{state.formError}</FormMessage>
        <FormMessage variant="success">{state.ok ? state.message : null}</FormMessage>
        <Field label="New note" htmlFor="note-body" error={state.fieldErrors?.body} hint="Staff only: clients never see notes.">
          <Textarea name="body" rows={3} maxLength={5000} defaultValue={typed?.body ?? ""} key={typed?.body ?? "empty"} />
        </Field>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Checkbox name="shared" label="Share with staff" defaultChecked={typed?.shared !== undefined} />
          <SubmitButton size="sm" pendingLabel="Adding…">
            Add note
          </SubmitButton>
        </div>
        <p className="text-xs text-muted-foreground">An unshared note is private: only you will see it, not even the owner.</p>
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
