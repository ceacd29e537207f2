import { describe, expect, it } from "vitest";
import { makeStudio } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import { makeClient } from "@/test/support/membership-fixtures";
import * as notesRoute from "@/app/api/v1/clients/[id]/notes/route";
import * as tagsRoute from "@/app/api/v1/clients/[id]/tags/route";
import * as tagRoute from "@/app/api/v1/clients/[id]/tags/[tag]/route";
import * as clientRoute from "@/app/api/v1/clients/[id]/route";
import { addNote, listNotes } from "./notes";

async function setup() {
  const s = await makeStudio();
  const owner = await s.owner();
  const client = await makeClient(owner, "Maja");
  const other = await makeStudio();
  const stranger = await makeClient(await other.owner(), "Stranger");
  return { s, owner, client, stranger, key: await keyFor(s) };
}

describe("client notes and tags API", () => {
  it("R3: POST /clients/{id}/notes → 201 with the note; GET lists shared notes and the key's own, not staff's private ones", async () => {
    const { owner, client, key } = await setup();
    await addNote(owner, { clientId: client.id, body: "owner private" });
    await addNote(owner, { clientId: client.id, body: "owner shared", shared: true });

    const res = await call(notesRoute.POST, {
      key,
      method: "POST",
      params: { id: client.id },
      body: { body: "  Called about a refund  " },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      clientId: client.id,
      body: "Called about a refund",
      shared: false,
      author: { type: "api", id: expect.any(String), name: "test" },
      createdAt: expect.any(String),
      updatedAt: null,
    });
    const shared = await call(notesRoute.POST, {
      key,
      method: "POST",
      params: { id: client.id },
      body: { body: "Shared", shared: true },
    });
    expect(shared.body.shared).toBe(true);

    const list = await call(notesRoute.GET, { key, params: { id: client.id } });
    expect(list.status).toBe(200);
    expect(list.body.data.map((n: { body: string }) => n.body).sort()).toEqual([
      "Called about a refund",
      "Shared",
      "owner shared",
    ]);
    // The key's private note stays private to the key: the owner does not see it.
    expect((await listNotes(owner, client.id)).map((n) => n.body).sort()).toEqual([
      "Shared",
      "owner private",
      "owner shared",
    ]);
  });

  it("R3: notes on another studio's client are 404; bad input is 400 and writes nothing", async () => {
    const { client, stranger, key } = await setup();
    const foreign = await call(notesRoute.POST, {
      key,
      method: "POST",
      params: { id: stranger.id },
      body: { body: "hi" },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await call(notesRoute.GET, { key, params: { id: stranger.id } })).status).toBe(404);
    expect((await call(notesRoute.GET, { key, params: { id: "not-a-uuid" } })).status).toBe(404);

    for (const body of [
      {},
      { body: "" },
      { body: "   " },
      { body: 42 },
      { body: "ok", shared: "yes" },
      { body: "ok", extra: 1 },
    ]) {
      const res = await call(notesRoute.POST, { key, method: "POST", params: { id: client.id }, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
    }
    expect((await call(notesRoute.GET, { key, params: { id: client.id } })).body.data).toEqual([]);
    expect(
      (await call(notesRoute.POST, { params: { id: client.id }, method: "POST", body: { body: "x" } })).status,
    ).toBe(401);
  });

  it("R4: POST /clients/{id}/tags adds (deduped case-insensitively) and DELETE /clients/{id}/tags/{tag} removes", async () => {
    const { client, key } = await setup();
    const add = (tag: unknown) =>
      call(tagsRoute.POST, { key, method: "POST", params: { id: client.id }, body: { tag } });
    expect((await add(" Prenatal ")).body).toEqual({ clientId: client.id, tags: ["Prenatal"] });
    expect((await add("morning class")).body.tags).toEqual(["Prenatal", "morning class"]);
    const again = await add("PRENATAL");
    expect(again.status).toBe(200);
    expect(again.body.tags).toEqual(["Prenatal", "morning class"]);

    const removed = await call(tagRoute.DELETE, { key, method: "DELETE", params: { id: client.id, tag: "prenatal" } });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ clientId: client.id, tags: ["morning class"] });
    const fetched = await call(clientRoute.GET, { key, params: { id: client.id } });
    expect(fetched.body.tags).toEqual(["morning class"]);
  });

  it("R4: tags on another studio's client are 404; a bad tag is 400 and changes nothing", async () => {
    const { client, stranger, key } = await setup();
    const foreign = await call(tagsRoute.POST, {
      key,
      method: "POST",
      params: { id: stranger.id },
      body: { tag: "x" },
    });
    expect(foreign.status).toBe(404);
    expect((await call(tagRoute.DELETE, { key, method: "DELETE", params: { id: stranger.id, tag: "x" } })).status).toBe(
      404,
    );

    for (const tag of ["", "   ", "x".repeat(51), "a,b", 7, null]) {
      const res = await call(tagsRoute.POST, { key, method: "POST", params: { id: client.id }, body: { tag } });
      expect(res.status, JSON.stringify(tag)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_input", fields: { tag: expect.any(Array) } });
    }
    expect((await call(tagRoute.DELETE, { key, method: "DELETE", params: { id: client.id, tag: "   " } })).status).toBe(
      400,
    );
    expect((await call(clientRoute.GET, { key, params: { id: client.id } })).body.tags).toEqual([]);
  });
});
