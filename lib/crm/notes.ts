import { and, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { apiKeys, clientNotes, clients, users, type ClientNote } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";

const NoteBody = z
  .string({ error: "Write the note." })
  .trim()
  .min(1, { error: "Write the note." })
  .max(5000, { error: "Keep a note under 5,000 characters." });

export const AddNoteInput = z.object({
  clientId: z.string().max(100),
  body: NoteBody,
  /** R3: false (the default) keeps the note private to its author. */
  shared: z.boolean().default(false),
});
export type AddNoteInput = z.input<typeof AddNoteInput>;

export const UpdateNoteInput = z
  .object({ noteId: z.string().max(100), body: NoteBody.optional(), shared: z.boolean().optional() })
  .refine((v) => v.body !== undefined || v.shared !== undefined, { error: "Change the text or the sharing." });
export type UpdateNoteInput = z.input<typeof UpdateNoteInput>;

/** A note as staff see it: who wrote it (a staff member or an API key), and whether it is the caller's own. */
export type NoteView = {
  id: string;
  clientId: string;
  body: string;
  shared: boolean;
  author: { type: "staff" | "api"; id: string; name: string | null };
  /** Written by the caller: they may edit or delete it. */
  mine: boolean;
  createdAt: Date;
  updatedAt: Date | null;
};

/** The author columns of the caller: staff write as their user, an API key as itself. Nobody else writes notes (R3). */
function authorOf(ctx: Ctx): { authorUserId: string | null; authorApiKeyId: string | null } {
  const a = ctx.actor;
  if (a.kind === "staff") return { authorUserId: a.userId, authorApiKeyId: null };
  if (a.kind === "api") return { authorUserId: null, authorApiKeyId: a.keyId };
  throw new ForbiddenError("Notes are written by staff.");
}

/** R3: the caller's own notes. */
function writtenByCaller(ctx: Ctx): SQL {
  const { authorUserId, authorApiKeyId } = authorOf(ctx);
  return authorUserId ? eq(clientNotes.authorUserId, authorUserId) : eq(clientNotes.authorApiKeyId, authorApiKeyId!);
}

/** R3: what the caller may read: notes shared with the studio's staff, and the caller's own private ones. */
function visibleToCaller(ctx: Ctx): SQL {
  return or(eq(clientNotes.shared, true), writtenByCaller(ctx))!;
}

/** Locks the client row against erasure (P1) while a note is written, so no note lands on an erased client. */
async function lockLiveClient(ctx: Ctx, clientId: string): Promise<void> {
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const [row] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)))
    .for("share");
  if (!row) throw new NotFoundError("Client");
}

const noteColumns = {
  note: clientNotes,
  userName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
  keyName: apiKeys.name,
};

async function selectNotes(ctx: Ctx, where: SQL): Promise<NoteView[]> {
  const rows = await ctx.db
    .select(noteColumns)
    .from(clientNotes)
    .leftJoin(users, eq(users.id, clientNotes.authorUserId))
    .leftJoin(apiKeys, and(eq(apiKeys.studioId, clientNotes.studioId), eq(apiKeys.id, clientNotes.authorApiKeyId)))
    .where(and(eq(clientNotes.studioId, ctx.studio.id), where))
    .orderBy(desc(clientNotes.createdAt), desc(clientNotes.id));
  const me = authorOf(ctx);
  return rows.map(({ note, userName, keyName }) => toView(note, userName ?? keyName, me));
}

function toView(
  note: ClientNote,
  authorName: string | null,
  me: { authorUserId: string | null; authorApiKeyId: string | null },
): NoteView {
  const author = note.authorUserId
    ? { type: "staff" as const, id: note.authorUserId, name: authorName }
    : { type: "api" as const, id: note.authorApiKeyId!, name: authorName };
  return {
    id: note.id,
    clientId: note.clientId,
    body: note.body,
    shared: note.shared,
    author,
    mine:
      (me.authorUserId !== null && me.authorUserId === note.authorUserId) ||
      (me.authorApiKeyId !== null && me.authorApiKeyId === note.authorApiKeyId),
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}

async function loadView(ctx: Ctx, noteId: string): Promise<NoteView> {
  const [view] = await selectNotes(ctx, eq(clientNotes.id, noteId));
  if (!view) throw new NotFoundError("Note");
  return view;
}

/**
 * R3: staff (instructors and owners) or an API key write a note on a client of
 * the studio; it is private to its author unless `shared` with the studio's
 * staff. The audit records that a note was written, never its text (P1 must be
 * able to erase it).
 */
export async function addNote(ctx: Ctx, raw: AddNoteInput): Promise<NoteView> {
  requirePermission(ctx, "notes.write");
  const author = authorOf(ctx);
  const input = parseInput(AddNoteInput, raw);
  const id = await inTransaction(ctx, async (tx) => {
    await lockLiveClient(tx, input.clientId);
    const [note] = await tx.db
      .insert(clientNotes)
      .values({
        studioId: ctx.studio.id,
        clientId: input.clientId,
        ...author,
        body: input.body,
        shared: input.shared,
        createdAt: ctx.now,
      })
      .returning({ id: clientNotes.id });
    await audit(tx, {
      action: "client.note_added",
      table: "client_notes",
      rowId: note!.id,
      data: { clientId: input.clientId, shared: input.shared },
    });
    return note!.id;
  });
  return loadView(ctx, id);
}

/**
 * R3: the notes on a client that the caller may read, newest first: every
 * shared note plus the caller's own private ones. Another author's private
 * note stays hidden even from an owner. Members never read notes.
 */
export async function listNotes(ctx: Ctx, clientId: string): Promise<NoteView[]> {
  requirePermission(ctx, "clients.read");
  authorOf(ctx);
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const [client] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)));
  if (!client) throw new NotFoundError("Client");
  return selectNotes(ctx, and(eq(clientNotes.clientId, clientId), visibleToCaller(ctx))!);
}

/** Finds a note the caller can see and may change (its author); others' notes are "not found" or forbidden (R3). */
async function ownNoteForUpdate(ctx: Ctx, noteId: string): Promise<ClientNote> {
  if (!isUuid(noteId)) throw new NotFoundError("Note");
  const [note] = await ctx.db
    .select()
    .from(clientNotes)
    .where(and(eq(clientNotes.studioId, ctx.studio.id), eq(clientNotes.id, noteId), visibleToCaller(ctx)))
    .for("update");
  if (!note) throw new NotFoundError("Note");
  const me = authorOf(ctx);
  const mine = me.authorUserId ? note.authorUserId === me.authorUserId : note.authorApiKeyId === me.authorApiKeyId;
  if (!mine) throw new ForbiddenError("Only the author of a note can change or delete it.");
  return note;
}

/** R3: the author edits their note's text or its sharing. */
export async function updateNote(ctx: Ctx, raw: UpdateNoteInput): Promise<NoteView> {
  requirePermission(ctx, "notes.write");
  authorOf(ctx);
  const input = parseInput(UpdateNoteInput, raw);
  await inTransaction(ctx, async (tx) => {
    const note = await ownNoteForUpdate(tx, input.noteId);
    await tx.db
      .update(clientNotes)
      .set({ body: input.body ?? note.body, shared: input.shared ?? note.shared, updatedAt: ctx.now })
      .where(and(eq(clientNotes.studioId, ctx.studio.id), eq(clientNotes.id, note.id)));
    await audit(tx, {
      action: "client.note_updated",
      table: "client_notes",
      rowId: note.id,
      data: { clientId: note.clientId, shared: input.shared ?? note.shared },
    });
  });
  return loadView(ctx, input.noteId);
}

/** R3: the author deletes their note. */
export async function deleteNote(ctx: Ctx, noteId: string): Promise<{ clientId: string }> {
  requirePermission(ctx, "notes.write");
  authorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const note = await ownNoteForUpdate(tx, noteId);
    await tx.db.delete(clientNotes).where(and(eq(clientNotes.studioId, ctx.studio.id), eq(clientNotes.id, note.id)));
    await audit(tx, {
      action: "client.note_deleted",
      table: "client_notes",
      rowId: note.id,
      data: { clientId: note.clientId },
    });
    return { clientId: note.clientId };
  });
}

/** The API's form of a note (API.md conventions: ISO times). */
export function toApiNote(n: NoteView) {
  return {
    id: n.id,
    clientId: n.clientId,
    body: n.body,
    shared: n.shared,
    author: n.author,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt?.toISOString() ?? null,
  };
}
