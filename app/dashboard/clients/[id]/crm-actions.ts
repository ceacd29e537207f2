"use server";

import { revalidatePath } from "next/cache";
import { checked, formAction, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { messageClients, addNote, deleteNote, updateNote, addTag, removeTag } from "@/lib/crm";

/** The client this form is about; the verbs re-check that it is of the caller's studio. */
function clientIdOf(form: FormData): string {
  const id = text(form, "clientId");
  if (!isUuid(id)) throw new NotFoundError("Client");
  return id;
}

const refresh = (clientId: string) => revalidatePath(`/dashboard/clients/${clientId}`);

/** R3: staff write a note, private to them unless "Share with staff" is ticked. */
export async function addNoteAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = clientIdOf(form);
    const note = await addNote(ctx, { clientId, body: text(form, "body"), shared: checked(form, "shared") });
    refresh(clientId);
    return {
      ok: true,
      message: note.shared ? "Note added and shared with staff." : "Note added. Only you can see it.",
    };
  });
}

/** R3: the author edits their note or its sharing. */
export async function updateNoteAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = clientIdOf(form);
    await updateNote(ctx, { noteId: text(form, "noteId"), body: text(form, "body"), shared: checked(form, "shared") });
    refresh(clientId);
    return { ok: true, message: "Note saved." };
  });
}

/** R3: the author deletes their note. */
export async function deleteNoteAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const { clientId } = await deleteNote(ctx, text(form, "noteId"));
    refresh(clientId);
    return { ok: true, message: "Note deleted." };
  });
}

/** R4: tags the client; a tag it already has (in any case) changes nothing. */
export async function addTagAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = clientIdOf(form);
    const tag = text(form, "tag");
    await addTag(ctx, { clientId, tag });
    refresh(clientId);
    return { ok: true, message: `Tagged “${tag}”.` };
  });
}

/** R4: removes a tag from the client. */
export async function removeTagAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = clientIdOf(form);
    const tag = text(form, "tag");
    await removeTag(ctx, { clientId, tag });
    refresh(clientId);
    return { ok: true, message: `Removed “${tag}”.` };
  });
}

/** R8: emails the client, with Reply-To the signed-in staff member. */
export async function messageClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const clientId = clientIdOf(form);
    const result = await messageClients(ctx, {
      clientIds: [clientId],
      subject: text(form, "subject"),
      body: text(form, "body"),
    });
    refresh(clientId);
    if (result.queued > 0)
      return {
        ok: true,
        message: "Email on its way. Replies go to your own address; it is listed under Settings → Sent mail.",
      };
    const values = { subject: text(form, "subject"), body: text(form, "body") };
    return { ok: false, formError: "This client has no email address, so nothing was sent.", values };
  });
}
