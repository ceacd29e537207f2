import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { clients } from "@/db/schema";
import { endSessionsOf, isSessionLive } from "@/lib/auth";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { EMBED_COOKIE, openEmbedSession, sealEmbedSession } from "@/lib/embed";
import { makeStudio, TEST_PASSWORD } from "@/test/support/fixtures";
import { actAs } from "@/test/support/request-context";

vi.mock("next/headers", async () => (await import("@/test/support/request-context")).nextHeadersModule());
vi.mock("next-auth", async () => (await import("@/test/support/request-context")).nextAuthModule());
vi.mock("next-auth/providers/credentials", async () =>
  (await import("@/test/support/request-context")).credentialsModule(),
);
vi.mock("next/cache", async () => (await import("@/test/support/request-context")).nextCacheModule());

const { embedSignInAction } = await import("./actions");
const { embedVisitor } = await import("./embed");

describe("A3: the embed's own session is revocable like the others", () => {
  it("A3: a sign-in inside the frame opens a server-side session; signing out everywhere (or a new password) ends it at the next step", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const { client } = await findOrCreateClient(await s.owner(), {
      email: s.ownerEmail,
      name: "Owner as member",
      source: "staff",
    });
    await db.update(clients).set({ userId: s.ownerId }).where(eq(clients.id, client.id));
    actAs(null);
    const form = new FormData();
    for (const [k, v] of Object.entries({ studio: s.studio.slug, email: s.ownerEmail, password: TEST_PASSWORD }))
      form.set(k, v);
    const state = await embedSignInAction({ ok: false }, form);
    const handoff = openEmbedSession(state.handoff, s.studio.id, new Date(), "handoff");
    expect(handoff).toMatchObject({ clientId: client.id, userId: s.ownerId, sessionId: expect.any(String) });
    expect(await isSessionLive(db, s.ownerId, handoff!.sessionId, new Date())).toBe(true);

    // The frame's cookie, as the session step sets it.
    actAs({ userId: null, cookies: { [EMBED_COOKIE]: sealEmbedSession(handoff!, new Date()) } });
    expect((await embedVisitor(s.studio.slug))?.actor).toMatchObject({ kind: "member", clientId: client.id });
    await endSessionsOf(db, s.ownerId);
    actAs({ userId: null, cookies: { [EMBED_COOKIE]: sealEmbedSession(handoff!, new Date()) } });
    expect(await embedVisitor(s.studio.slug)).toBeNull();
  });

  it("A3: a token-injected visitor (no login) has no server-side session and stays signed in", async () => {
    const s = await makeStudio();
    const { client } = await findOrCreateClient(await s.owner(), {
      email: "tok@example.test",
      name: "Tok",
      source: "embed",
    });
    actAs({
      userId: null,
      cookies: {
        [EMBED_COOKIE]: sealEmbedSession({ studioId: s.studio.id, clientId: client.id, userId: null }, new Date()),
      },
    });
    expect((await embedVisitor(s.studio.slug))?.actor).toMatchObject({
      kind: "member",
      userId: null,
      clientId: client.id,
    });
  });
});
