import { and, count, eq, like, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { bookings, clients, rateLimits, studios } from "@/db/schema";
import { apiContext } from "@/lib/api/handler";
import { createApiKey, listApiKeys } from "@/lib/api-keys/api-keys";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { RateLimitedError } from "@/lib/core/errors";
import { hitRateLimit, LIMITS } from "@/lib/security/rate-limit";
import { makeSession } from "@/lib/testing/booking-fixtures";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/lib/testing/fixtures";

// Issue 9 "Abuse": the limits of every public door, tripped through the door itself (the server
// action a browser posts to, the API's key check), and sign-in that tells nobody which accounts exist.
// The database is real. Stood in for: the request's headers (server actions read them through
// next/headers), and Auth.js, which vitest cannot load (next-auth imports "next/server" without an
// extension); the doors below refuse before they would ever call it, and the stand-in throws if they do.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = "credentials";
  }
  return { AuthError, CredentialsSignin };
});
vi.mock("@/lib/auth/auth", async () => {
  const { clientIp } = await import("@/lib/auth/client-ip");
  const unreachable = () => {
    throw new Error("Auth.js is not reached by the doors under test");
  };
  return { clientIp, signIn: unreachable, signOut: unreachable, auth: async () => null };
});

const { clientIp } = await import("@/lib/auth/client-ip");
const { signUpStudioAction } = await import("@/app/(auth)/actions");
const { memberSignUpAction } = await import("@/app/s/[studio]/actions");
const { guestBookAction } = await import("@/app/s/[studio]/booking-actions");

const savedTrustProxy = process.env.TRUST_PROXY;
let visitor = 0;
/** A visitor's request headers, with whatever X-Forwarded-For it chooses to send. */
function visit(xff?: string) {
  request.headers = new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });
}
const randomIp = () => `203.0.113.${++visitor % 250}`;

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

beforeEach(async () => {
  // Per-address counters are shared by every test of this file's database: each test starts clean.
  const db = await getDb();
  await db.delete(rateLimits).where(sql`${rateLimits.key} like 'signup:%' or ${rateLimits.key} like 'signin:%' or ${rateLimits.key} like 'guestbook:%'`);
});
afterEach(() => {
  if (savedTrustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = savedTrustProxy;
});

describe("clientIp: whose address a per-IP limit counts", () => {
  it("issue 9: without TRUST_PROXY a visitor's own X-Forwarded-For and X-Real-IP are ignored", () => {
    delete process.env.TRUST_PROXY;
    const sent: Record<string, string>[] = [{}, { "x-forwarded-for": "198.51.100.7" }, { "x-forwarded-for": "1.1.1.1, 2.2.2.2" }, { "x-real-ip": "9.9.9.9" }];
    for (const h of sent) {
      expect(clientIp(new Headers(h))).toBe("local");
    }
    process.env.TRUST_PROXY = "0";
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }))).toBe("local");
  });

  it("issue 9: with TRUST_PROXY=1 the right-most hop (what our proxy appended) counts, not what the visitor prepended", () => {
    process.env.TRUST_PROXY = "1";
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 7.7.7.7,198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9:51234" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "[2001:DB8::1]:443" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.8" }))).toBe("198.51.100.8");
    // Garbage is nobody in particular, never a fresh key per request.
    expect(clientIp(new Headers({ "x-forwarded-for": "not-an-ip" }))).toBe("local");
    expect(clientIp(new Headers({}))).toBe("local");
    process.env.TRUST_PROXY = "true";
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7" }))).toBe("198.51.100.7");
  });

  it("issue 9: with TRUST_PROXY=2 (a CDN in front of a load balancer) the second hop from the right counts", () => {
    process.env.TRUST_PROXY = "2";
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" }))).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }))).toBe("198.51.100.7");
  });
});

describe("sign-up is limited per address", () => {
  const badSignUp = () => form({ name: "Spam Studio", ownerEmail: "not-an-email", ownerPassword: "short" });

  it("issue 9: studio sign-up trips after LIMITS.signUpPerIp attempts, and a made-up X-Forwarded-For does not reset it", async () => {
    delete process.env.TRUST_PROXY;
    for (let i = 0; i < LIMITS.signUpPerIp.max; i++) {
      visit(randomIp());
      const state = await signUpStudioAction({ ok: false }, badSignUp());
      expect(state.fieldErrors, `attempt ${i + 1}`).toBeDefined();
    }
    visit(randomIp());
    const refused = await signUpStudioAction({ ok: false }, form({ name: "Real Studio", ownerEmail: uniqueEmail(), ownerPassword: TEST_PASSWORD }));
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds\.$/) });
    const db = await getDb();
    expect(await db.select().from(studios).where(eq(studios.name, "Real Studio"))).toHaveLength(0);
  });

  it("issue 9: behind a trusted proxy each visitor has its own count, and prepending addresses does not escape it", async () => {
    process.env.TRUST_PROXY = "1";
    for (let i = 0; i < LIMITS.signUpPerIp.max; i++) {
      visit(`${randomIp()}, 198.51.100.20`);
      expect((await signUpStudioAction({ ok: false }, badSignUp())).fieldErrors).toBeDefined();
    }
    visit(`${randomIp()}, 198.51.100.20`);
    expect((await signUpStudioAction({ ok: false }, badSignUp())).formError).toMatch(/^Too many requests/);
    // Another visitor behind the same proxy is not blocked by the first.
    visit("198.51.100.21");
    expect((await signUpStudioAction({ ok: false }, badSignUp())).fieldErrors).toBeDefined();
  });

  it("issue 9: portal sign-up shares the per-address sign-up count and writes no client once refused", async () => {
    process.env.TRUST_PROXY = "1";
    const s = await makeStudio();
    const bad = () => form({ studio: s.studio.slug, name: "Spam", email: "not-an-email", password: "short" });
    for (let i = 0; i < LIMITS.signUpPerIp.max; i++) {
      visit("198.51.100.30");
      expect((await memberSignUpAction({ ok: false }, bad())).fieldErrors).toBeDefined();
    }
    visit("198.51.100.30");
    const email = uniqueEmail("late");
    const refused = await memberSignUpAction({ ok: false }, form({ studio: s.studio.slug, name: "Late Member", email, password: TEST_PASSWORD }));
    expect(refused.formError).toMatch(/^Too many requests/);
    const db = await getDb();
    expect(await db.select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(0);
  });
});

describe("guest booking is limited per address", () => {
  it("issue 9, C1: LIMITS.guestBookingPerIp real guest bookings go through, the next is refused and books nobody", async () => {
    process.env.TRUST_PROXY = "1";
    const s = await makeStudio();
    const { session } = await makeSession(await s.owner(), { startsAt: new Date(Date.now() + 7 * 86_400_000), capacity: 50 });
    const book = (email: string) =>
      guestBookAction({ ok: false }, form({ studio: s.studio.slug, sessionId: session.id, email, name: "Guest Person" }));
    for (let i = 0; i < LIMITS.guestBookingPerIp.max; i++) {
      visit(`${randomIp()}, 198.51.100.40`);
      const state = await book(uniqueEmail(`guest${i}`));
      expect(state, `booking ${i + 1}`).toMatchObject({ ok: true });
    }
    visit(`${randomIp()}, 198.51.100.40`);
    const refused = await book(uniqueEmail("one-too-many"));
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/^Too many requests/) });
    const db = await getDb();
    const [{ n }] = (await db.select({ n: count() }).from(bookings).where(eq(bookings.sessionId, session.id))) as [{ n: number }];
    expect(n).toBe(LIMITS.guestBookingPerIp.max);
    expect(await db.select().from(clients).where(and(eq(clients.studioId, s.studio.id), like(clients.email, "one-too-many.%")))).toHaveLength(0);
  });
});

describe("the API is limited per key", () => {
  it("issue 9: the last requests of a key's window pass, the next is rate_limited with a Retry-After; another key is unaffected", async () => {
    const s = await makeStudio();
    const { key } = await createApiKey(await s.owner(), { name: "busy" });
    const { key: other } = await createApiKey(await s.owner(), { name: "quiet" });
    const at = new Date("2026-05-01T12:00:10Z");
    const req = (k: string) => new Request("http://localhost/api/v1/studio", { headers: { authorization: `Bearer ${k}` } });
    // The window is nearly used up (a whole window's worth of requests would only slow the suite)...
    const [busy] = (await listApiKeys(await s.owner())).filter((k) => k.name === "busy");
    const left = 5;
    await (await getDb()).insert(rateLimits).values({ key: `api:${busy!.id}`, windowStart: new Date("2026-05-01T12:00:00Z"), count: LIMITS.apiPerKey.max - left });
    // ...the last requests of it pass, through the same check every route runs first...
    for (let i = 0; i < left; i++) expect((await apiContext(req(key), at)).studio.id).toBe(s.studio.id);
    // ...and the next is refused.
    const err = await apiContext(req(key), at).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).code).toBe("rate_limited");
    expect((err as RateLimitedError).retryAfterSeconds).toBe(50);
    expect((await apiContext(req(other), at)).studio.id).toBe(s.studio.id);
    // The next window serves the busy key again.
    expect((await apiContext(req(key), new Date("2026-05-01T12:01:00Z"))).studio.id).toBe(s.studio.id);
  });
});

describe("sign-in is limited per address and per email, and tells nobody which accounts exist", () => {
  // The Auth.js credentials provider (lib/auth/auth.ts authorize) is verifyCredentials(db, { email, password, ip: clientIp(headers) }).
  const attempt = (email: string, password: string, xff: string, now?: Date) =>
    getDb().then((db) => verifyCredentials(db, { email, password, ip: clientIp(new Headers({ "x-forwarded-for": xff })) }, now));

  it("issue 9: past LIMITS.signInPerIp attempts from one address, whatever the emails and made-up X-Forwarded-For, even the right password is refused", async () => {
    delete process.env.TRUST_PROXY;
    const s = await makeStudio();
    const db = await getDb();
    const at = new Date("2026-05-01T12:00:00Z");
    // The address's window is nearly used up (a full run of 50 wrong passwords costs 50 password hashes)...
    const left = 3;
    for (let i = 0; i < LIMITS.signInPerIp.max - left; i++) await hitRateLimit(db, "signin:ip:local", LIMITS.signInPerIp, at);
    // ...and each further attempt counts against it however the visitor dresses its headers.
    for (let i = 0; i < left; i++) expect(await attempt(uniqueEmail(`spray${i}`), "wrong-password", randomIp(), at)).toBeNull();
    await expect(attempt(s.ownerEmail, TEST_PASSWORD, randomIp(), at)).rejects.toBeInstanceOf(RateLimitedError);
    // Behind a trusted proxy, another visitor is not locked out by the first.
    process.env.TRUST_PROXY = "1";
    expect((await attempt(s.ownerEmail, TEST_PASSWORD, "198.51.100.51", at))?.id).toBe(s.ownerId);
  });

  it("issue 9: an unknown email and a wrong password both answer null after one full password hash (no enumeration by timing)", async () => {
    const s = await makeStudio();
    process.env.TRUST_PROXY = "1";
    const time = async (email: string) => {
      const t = performance.now();
      expect(await attempt(email, "not the password", "198.51.100.52")).toBeNull();
      return performance.now() - t;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 3; i++) {
      unknown.push(await time(uniqueEmail("ghost")));
      wrong.push(await time(s.ownerEmail));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    expect(median(unknown)).toBeGreaterThan(median(wrong) / 3);
    expect(median(wrong)).toBeGreaterThan(median(unknown) / 3);
  });
});
