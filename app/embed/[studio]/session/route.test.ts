import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { makeStudio } from "@/test/support/fixtures";
import { EMBED_COOKIE, openEmbedSession, sealEmbedSession } from "@/lib/embed";
import { GET, POST } from "./route";

const CLIENT = "5d1f6a7e-2b1c-4f8e-8a0e-2c9d5b7e3f10";

function post(slug: string, body: Record<string, string> | string, origin: string | null = "http://localhost:3000") {
  const headers: Record<string, string> = { host: "localhost:3000" };
  if (origin) headers.origin = origin;
  const form = typeof body === "string" ? body : new URLSearchParams(body);
  if (typeof body !== "string") headers["content-type"] = "application/x-www-form-urlencoded";
  return POST(new NextRequest(`http://localhost:3000/embed/${slug}/session`, { method: "POST", headers, body: form }), {
    params: Promise.resolve({ studio: slug }),
  });
}

describe("E2: the embed's session step", () => {
  it("turns a fresh handoff into the frame's cookie and sends the browser on to the same step, marked signed", async () => {
    const s = await makeStudio();
    const handoff = sealEmbedSession({ studioId: s.studio.id, clientId: CLIENT, userId: null }, new Date(), "handoff");
    const res = await post(s.studio.slug, { handoff, next: `/embed/${s.studio.slug}/plans/${CLIENT}?popup=1` });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/embed/${s.studio.slug}/plans/${CLIENT}?popup=1&signed=1`);
    const cookie = res.cookies.get(EMBED_COOKIE)!;
    expect(cookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: "none",
      partitioned: true,
      path: `/embed/${s.studio.slug}`,
    });
    expect(openEmbedSession(cookie.value, s.studio.id, new Date())).toMatchObject({ clientId: CLIENT, userId: null });
  });

  it("refuses other origins (login CSRF), another studio's or an expired handoff, and never sends the browser outside the flow", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    const handoff = sealEmbedSession({ studioId: s.studio.id, clientId: CLIENT, userId: null }, new Date(), "handoff");
    expect((await post(s.studio.slug, { handoff }, "https://evil.example")).status).toBe(403);
    expect((await post(s.studio.slug, { handoff }, null)).status).toBe(403);
    expect((await post(s.studio.slug, { handoff }, "null")).status).toBe(403);
    expect((await post("no-such-studio", { handoff })).status).toBe(404);

    const elsewhere = await post(other.studio.slug, { handoff, next: `/embed/${other.studio.slug}` });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.cookies.get(EMBED_COOKIE)).toBeUndefined();
    const stale = sealEmbedSession(
      { studioId: s.studio.id, clientId: CLIENT, userId: null },
      new Date(Date.now() - 5 * 60_000),
      "handoff",
    );
    expect((await post(s.studio.slug, { handoff: stale })).cookies.get(EMBED_COOKIE)).toBeUndefined();
    // A session cookie's value is not a handoff.
    const session = sealEmbedSession({ studioId: s.studio.id, clientId: CLIENT, userId: null }, new Date());
    expect((await post(s.studio.slug, { handoff: session })).cookies.get(EMBED_COOKIE)).toBeUndefined();

    for (const next of [
      "https://evil.example/x",
      "//evil.example/x",
      `/embed/${s.studio.slug}/../../dashboard`,
      `/embed/${s.studio.slug}-other`,
      "/dashboard",
    ]) {
      expect((await post(s.studio.slug, { handoff, next })).headers.get("location")).toBe(
        `/embed/${s.studio.slug}?signed=1`,
      );
    }
    expect((await post(s.studio.slug, "{not a form", "http://localhost:3000")).status).toBe(400);
  });

  it("answers whether the browser sent back a valid sign-in cookie of this studio, nothing more (the token handoff's check)", async () => {
    const s = await makeStudio();
    const other = await makeStudio();
    const ask = async (slug: string, cookie?: string) => {
      const res = await GET(
        new NextRequest(`http://localhost:3000/embed/${slug}/session`, {
          headers: cookie ? { cookie: `${EMBED_COOKIE}=${cookie}` } : {},
        }),
        {
          params: Promise.resolve({ studio: slug }),
        },
      );
      expect(res.headers.get("cache-control")).toBe("no-store");
      return { status: res.status, body: await res.json() };
    };
    const session = sealEmbedSession({ studioId: s.studio.id, clientId: CLIENT, userId: null }, new Date());
    expect(await ask(s.studio.slug, session)).toEqual({ status: 200, body: { signedIn: true } });
    expect(await ask(s.studio.slug)).toEqual({ status: 200, body: { signedIn: false } });
    expect(await ask(other.studio.slug, session)).toEqual({ status: 200, body: { signedIn: false } });
    // A handoff is not a session, and a tampered cookie is nobody.
    expect(
      await ask(
        s.studio.slug,
        sealEmbedSession({ studioId: s.studio.id, clientId: CLIENT, userId: null }, new Date(), "handoff"),
      ),
    ).toEqual({ status: 200, body: { signedIn: false } });
    expect(await ask(s.studio.slug, `${session}x`)).toEqual({ status: 200, body: { signedIn: false } });
    expect((await ask("no-such-studio", session)).status).toBe(404);
  });
});
