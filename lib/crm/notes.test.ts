import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, clientNotes, staff, users } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { hashPassword } from "@/lib/auth/password";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { makeStudio, TEST_PASSWORD, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { addNote, deleteNote, listNotes, updateNote } from "./notes";

/** A second instructor of the studio (the fixture makes one). */
async function anotherInstructor(s: TestStudio, name: string): Promise<Ctx> {
  const owner = await s.owner();
  const [u] = await owner.db
    .insert(users)
    .values({ email: uniqueEmail("instructor"), name, passwordHash: await hashPassword(TEST_PASSWORD) })
    .returning();
  await owner.db.insert(staff).values({ studioId: s.studio.id, userId: u!.id, role: "instructor" });
  return s.ctx({ kind: "staff", userId: u!.id, role: "instructor" });
}

async function setup() {
  const s = await makeStudio();
  const owner = await s.owner();
  const anna = await s.instructor();
  const ben = await anotherInstructor(s, "Ben");
  const client = await makeClient(owner, "Maja");
  return { s, owner, anna, ben, client };
}

const bodies = (notes: { body: string }[]) => notes.map((n) => n.body).sort();

describe("client notes (R3)", () => {
  it("R3: a private note is seen only by its author — not by another instructor, not by the owner; a shared one by all staff", async () => {
    const { owner, anna, ben, client } = await setup();
    const annaPrivate = await addNote(anna, { clientId: client.id, body: "Anna private: knee injury" });
    await addNote(anna, { clientId: client.id, body: "Anna shared: prefers mornings", shared: true });
    await addNote(ben, { clientId: client.id, body: "Ben private" });
    await addNote(owner, { clientId: client.id, body: "Owner private" });
    expect(annaPrivate).toMatchObject({
      shared: false,
      mine: true,
      author: { type: "staff", id: (anna.actor as { userId: string }).userId },
    });

    expect(bodies(await listNotes(anna, client.id))).toEqual([
      "Anna private: knee injury",
      "Anna shared: prefers mornings",
    ]);
    expect(bodies(await listNotes(ben, client.id))).toEqual(["Anna shared: prefers mornings", "Ben private"]);
    expect(bodies(await listNotes(owner, client.id))).toEqual(["Anna shared: prefers mornings", "Owner private"]);

    const benView = await listNotes(ben, client.id);
    expect(benView.find((n) => n.body.startsWith("Anna shared"))).toMatchObject({
      mine: false,
      author: { type: "staff", name: expect.stringContaining("@") },
    });
    expect(benView.find((n) => n.body === "Ben private")).toMatchObject({ mine: true, author: { name: "Ben" } });
  });

  it("R3: notes come newest first with author and date; the audit keeps no text", async () => {
    const { s, anna, client } = await setup();
    const t0 = new Date("2026-03-01T09:00:00Z");
    const early = await s.ctx(anna.actor, t0);
    const late = await s.ctx(anna.actor, new Date(t0.getTime() + 3600_000));
    await addNote(early, { clientId: client.id, body: "first" });
    const second = await addNote(late, { clientId: client.id, body: "second", shared: true });
    expect(second.createdAt).toEqual(new Date(t0.getTime() + 3600_000));
    expect((await listNotes(anna, client.id)).map((n) => n.body)).toEqual(["second", "first"]);
    const audits = await anna.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.action, "client.note_added")));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits.map((a) => a.data))).not.toContain("second");
  });

  it("R3: an API key writes notes as itself: private to the key unless shared", async () => {
    const { s, owner, anna, client } = await setup();
    const { apiKey } = await createApiKey(owner, { name: "Website" });
    const api = await s.ctx({ kind: "api", keyId: apiKey.id, role: "owner" });
    const note = await addNote(api, { clientId: client.id, body: "From the website" });
    expect(note.author).toEqual({ type: "api", id: apiKey.id, name: "Website" });
    await addNote(api, { clientId: client.id, body: "Key shared", shared: true });
    expect(bodies(await listNotes(api, client.id))).toEqual(["From the website", "Key shared"]);
    expect(bodies(await listNotes(owner, client.id))).toEqual(["Key shared"]);
    expect(bodies(await listNotes(anna, client.id))).toEqual(["Key shared"]);
  });

  it("R3: only the author edits or deletes a note; another's private note is not found", async () => {
    const { owner, anna, ben, client } = await setup();
    const privateNote = await addNote(anna, { clientId: client.id, body: "draft" });
    const sharedNote = await addNote(anna, { clientId: client.id, body: "for everyone", shared: true });

    await expect(updateNote(ben, { noteId: privateNote.id, body: "hijack" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(updateNote(owner, { noteId: sharedNote.id, body: "hijack" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(deleteNote(ben, sharedNote.id)).rejects.toMatchObject({ code: "forbidden" });

    const edited = await updateNote(anna, { noteId: privateNote.id, body: "  final text ", shared: true });
    expect(edited).toMatchObject({ body: "final text", shared: true, updatedAt: expect.any(Date) });
    expect(bodies(await listNotes(ben, client.id))).toEqual(["final text", "for everyone"]);

    await deleteNote(anna, sharedNote.id);
    expect(bodies(await listNotes(owner, client.id))).toEqual(["final text"]);
    await expect(updateNote(anna, { noteId: privateNote.id })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("R3: members never read or write notes; bad input and other studios' clients change nothing", async () => {
    const { s, owner, client } = await setup();
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id });
    await expect(listNotes(member, client.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(addNote(member, { clientId: client.id, body: "hi" })).rejects.toMatchObject({ code: "forbidden" });

    await expect(addNote(owner, { clientId: client.id, body: "   " })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { body: expect.any(Array) },
    });
    await expect(addNote(owner, { clientId: client.id, body: "x".repeat(5001) })).rejects.toMatchObject({
      code: "invalid_input",
    });

    const other = await makeStudio();
    const stranger = await makeClient(await other.owner(), "Stranger");
    await expect(addNote(owner, { clientId: stranger.id, body: "hello" })).rejects.toMatchObject({ code: "not_found" });
    await expect(listNotes(owner, stranger.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(listNotes(owner, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    const rows = await owner.db.select().from(clientNotes).where(eq(clientNotes.studioId, s.studio.id));
    expect(rows).toHaveLength(0);
  });
});
