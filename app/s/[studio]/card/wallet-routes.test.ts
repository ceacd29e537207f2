import { decodeJwt } from "jose";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { clients, users } from "@/db/schema";
import { GOOGLE_SAVE_URL, cardQrContent, getClientCard } from "@/lib/cards";
import { makeStudio, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { actAs } from "@/test/support/request-context";
import { walletTestCredentials } from "@/test/support/wallet-certs";
import * as apple from "./apple-wallet/route";
import * as google from "./google-wallet/route";

vi.mock("next/headers", async () => (await import("@/test/support/request-context")).nextHeadersModule());
vi.mock("next-auth", async () => (await import("@/test/support/request-context")).nextAuthModule());
vi.mock("next-auth/providers/credentials", async () =>
  (await import("@/test/support/request-context")).credentialsModule(),
);
vi.mock("next/cache", async () => (await import("@/test/support/request-context")).nextCacheModule());

/** A client of the studio with a portal login: the login's user id and the card token. */
async function memberWithLogin(s: TestStudio, name: string) {
  const db = await getDb();
  const client = await makeClient(await s.owner(), name);
  const [login] = await db
    .insert(users)
    .values({ email: uniqueEmail("wallet"), passwordHash: "x", emailVerified: new Date() })
    .returning();
  await db.update(clients).set({ userId: login!.id }).where(eq(clients.id, client.id));
  return { userId: login!.id, token: (await getClientCard(await s.owner(), client.id)).token };
}

const call = (handler: typeof apple.GET, slug: string, path: string) =>
  handler(new Request(`http://localhost/s/${slug}/card/${path}`), { params: Promise.resolve({ studio: slug }) });

beforeEach(() => {
  for (const [k, v] of Object.entries(walletTestCredentials().env)) vi.stubEnv(k, v);
  vi.stubEnv("APP_URL", "https://roster.example");
});

afterEach(() => {
  vi.unstubAllEnvs();
  actAs(null);
});

describe("portal wallet routes (W1)", () => {
  it("W1: the signed-in member gets their own card: a .pkpass, and a redirect to Google's save link, both with the portal QR's token", async () => {
    const s = await makeStudio();
    const me = await memberWithLogin(s, "Rita Route");
    actAs({ userId: me.userId });

    const pass = await call(apple.GET, s.studio.slug, "apple-wallet");
    expect(pass.status).toBe(200);
    expect(pass.headers.get("content-type")).toBe("application/vnd.apple.pkpass");
    expect(pass.headers.get("cache-control")).toContain("no-store");
    const body = Buffer.from(await pass.arrayBuffer());
    expect(body.subarray(0, 2).toString()).toBe("PK");
    expect(body.includes(Buffer.from(cardQrContent(me.token)))).toBe(true); // pass.json is stored, not compressed

    const save = await call(google.GET, s.studio.slug, "google-wallet");
    expect(save.status).toBe(303);
    const location = save.headers.get("location")!;
    expect(location.startsWith(GOOGLE_SAVE_URL)).toBe(true);
    const claims = decodeJwt(location.slice(GOOGLE_SAVE_URL.length)) as {
      origins: string[];
      payload: { genericObjects: { barcode: { value: string } }[] };
    };
    expect(claims.origins).toEqual(["https://roster.example"]);
    expect(claims.payload.genericObjects[0]!.barcode.value).toBe(cardQrContent(me.token));
  });

  it("W1: signed out is refused; another studio's member and an unknown studio are not found; without settings, not found", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    await memberWithLogin(a, "Ann A");
    const other = await memberWithLogin(b, "Ben B");
    for (const [handler, path] of [
      [apple.GET, "apple-wallet"],
      [google.GET, "google-wallet"],
    ] as const) {
      actAs(null);
      expect((await call(handler, a.studio.slug, path)).status, path).toBe(401);
      actAs({ userId: other.userId });
      const res = await call(handler, a.studio.slug, path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(other.token);
      expect((await call(handler, "no-such-studio", path)).status, path).toBe(404);
      // Their own studio works; with the settings removed it is not found.
      expect((await call(handler, b.studio.slug, path)).status, path).toBeLessThan(400);
      for (const k of Object.keys(walletTestCredentials().env)) vi.stubEnv(k, "");
      expect((await call(handler, b.studio.slug, path)).status, path).toBe(404);
      for (const [k, v] of Object.entries(walletTestCredentials().env)) vi.stubEnv(k, v);
    }
  });
});
