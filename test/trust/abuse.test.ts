import { and, count, eq, like, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { bookings, clients, emailConfirmations, loginThrottles, rateLimits, studios } from "@/db/schema";
import { apiContext, errorResponse } from "@/lib/api/handler";
import { createApiKey, listApiKeys } from "@/lib/api-keys/api-keys";
import { STRANGERS_KEY, verifyCredentials } from "@/lib/auth/verify-credentials";
import { RateLimitedError } from "@/lib/core/errors";
import { deleteClient } from "@/lib/clients/delete-client";
import { eraseClient } from "@/lib/clients/erase-client";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { newDeviceCookie } from "@/lib/auth/device-cookie";
import { BACKOFFS, LIMITS, throttleKey } from "@/lib/security/rate-limit";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, TEST_PASSWORD, uniqueEmail } from "@/test/support/fixtures";

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
  // An injected clock: windowed limits never see their window turn mid-test (tests that need time to move pass `now`).
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-05-01T12:00:05Z") });
  // Per-address counters are shared by every test of this file's database: each test starts clean.
  const db = await getDb();
  await db
    .delete(rateLimits)
    .where(
      sql`${rateLimits.key} like 'signup:%' or ${rateLimits.key} like 'signin:%' or ${rateLimits.key} like 'guestbook:%' or ${rateLimits.key} like 'api:unknown:%'`,
    );
  await db.delete(loginThrottles);
});
afterEach(() => {
  vi.useRealTimers();
  if (savedTrustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = savedTrustProxy;
});

describe("clientIp: whose address a per-IP limit counts", () => {
  it("issue 9: without TRUST_PROXY a visitor's own X-Forwarded-For and X-Real-IP are ignored", () => {
    delete process.env.TRUST_PROXY;
    const sent: Record<string, string>[] = [
      {},
      { "x-forwarded-for": "198.51.100.7" },
      { "x-forwarded-for": "1.1.1.1, 2.2.2.2" },
      { "x-real-ip": "9.9.9.9" },
    ];
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
    const refused = await signUpStudioAction(
      { ok: false },
      form({ name: "Real Studio", ownerEmail: uniqueEmail(), ownerPassword: TEST_PASSWORD }),
    );
    expect(refused).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds\.$/),
    });
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
    const refused = await memberSignUpAction(
      { ok: false },
      form({ studio: s.studio.slug, name: "Late Member", email, password: TEST_PASSWORD }),
    );
    expect(refused.formError).toMatch(/^Too many requests/);
    const db = await getDb();
    expect(await db.select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(0);
  });
});

describe("guest booking is limited per address", () => {
  it("issue 9, C1, A5: LIMITS.guestBookingPerIp real guest booking requests go through, the next is refused and books nobody", async () => {
    process.env.TRUST_PROXY = "1";
    const s = await makeStudio();
    const { session } = await makeSession(await s.owner(), {
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      capacity: 50,
    });
    const book = (email: string) =>
      guestBookAction(
        { ok: false },
        form({ studio: s.studio.slug, sessionId: session.id, email, name: "Guest Person" }),
      );
    for (let i = 0; i < LIMITS.guestBookingPerIp.max; i++) {
      visit(`${randomIp()}, 198.51.100.40`);
      const state = await book(uniqueEmail(`guest${i}`));
      expect(state, `booking ${i + 1}`).toMatchObject({ ok: true });
    }
    visit(`${randomIp()}, 198.51.100.40`);
    const refused = await book(uniqueEmail("one-too-many"));
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/^Too many requests/) });
    const db = await getDb();
    // A5: each accepted request is held for its email's confirmation (nothing is booked before it); the refused one holds nothing.
    const [{ n }] = (await db
      .select({ n: count() })
      .from(emailConfirmations)
      .where(eq(emailConfirmations.studioId, s.studio.id))) as [{ n: number }];
    expect(n).toBe(LIMITS.guestBookingPerIp.max);
    expect(await db.select().from(bookings).where(eq(bookings.sessionId, session.id))).toHaveLength(0);
    expect(
      await db
        .select()
        .from(clients)
        .where(and(eq(clients.studioId, s.studio.id), like(clients.email, "one-too-many.%"))),
    ).toHaveLength(0);
  });
});

describe("the API is limited per key", () => {
  it("issue 9: the last requests of a key's window pass, the next is rate_limited with a Retry-After; another key is unaffected", async () => {
    const s = await makeStudio();
    const { key } = await createApiKey(await s.owner(), { name: "busy" });
    const { key: other } = await createApiKey(await s.owner(), { name: "quiet" });
    const at = new Date("2026-05-01T12:00:10Z");
    const req = (k: string) =>
      new Request("http://localhost/api/v1/studio", { headers: { authorization: `Bearer ${k}` } });
    // The window is nearly used up (a whole window's worth of requests would only slow the suite)...
    const [busy] = (await listApiKeys(await s.owner())).filter((k) => k.name === "busy");
    const left = 5;
    await (await getDb()).insert(rateLimits).values({
      key: `api:${busy!.id}`,
      windowStart: new Date("2026-05-01T12:00:00Z"),
      count: LIMITS.apiPerKey.max - left,
    });
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

  for (const proxy of [undefined, "1"] as const) {
    it(`A4 (${proxy ? "with" : "without"} TRUST_PROXY): unknown API keys are throttled per address (429 rate_limited), and a real key from the same address still works`, async () => {
      if (proxy) process.env.TRUST_PROXY = proxy;
      else delete process.env.TRUST_PROXY;
      const s = await makeStudio();
      const { key } = await createApiKey(await s.owner(), { name: "real" });
      const at = new Date("2026-05-01T12:05:10Z");
      const req = (k: string, xff: string) =>
        new Request("http://localhost/api/v1/studio", {
          headers: { authorization: `Bearer ${k}`, "x-forwarded-for": xff },
        });
      for (let i = 0; i < LIMITS.apiUnknownKeyPerIp.max; i++) {
        await expect(apiContext(req(`rk_live_guess${i}`, "198.51.100.90"), at)).rejects.toMatchObject({
          code: "unauthenticated",
        });
      }
      const refused = await apiContext(req("rk_live_one_more", "198.51.100.90"), at).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect(errorResponse(refused as RateLimitedError).status).toBe(429);
      expect((await apiContext(req(key, "198.51.100.90"), at)).studio.id).toBe(s.studio.id);
      // Behind the proxy another address is not refused for the first one's guesses.
      if (proxy)
        await expect(apiContext(req("rk_live_other", "198.51.100.91"), at)).rejects.toMatchObject({
          code: "unauthenticated",
        });
    });
  }
});

describe("A4: sign-in throttles cannot be turned against others", () => {
  // The Auth.js credentials provider (lib/auth/auth.ts authorize) is
  // verifyCredentials(db, { email, password, ip: clientIp(headers), device: the roster_device cookie }).
  const attempt = (email: string, password: string, opts: { xff?: string; device?: string | null; now: Date }) =>
    getDb().then((db) =>
      verifyCredentials(
        db,
        {
          email,
          password,
          ip: clientIp(new Headers(opts.xff ? { "x-forwarded-for": opts.xff } : {})),
          device: opts.device,
        },
        opts.now,
      ),
    );
  const T0 = new Date("2026-05-01T12:00:00Z");
  const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
  /** A stranger fails on `email` for as long as it is let in, moving the clock past each delay: `rounds` refusals waited out. */
  async function hammer(
    email: string,
    opts: { xff?: string; rounds: number },
  ): Promise<{ failures: number; now: Date }> {
    let now = T0;
    let failures = 0;
    for (let refusals = 0; refusals < opts.rounds;) {
      try {
        expect(await attempt(email, "wrong-password-guess", { xff: opts.xff, now })).toBeNull();
        failures++;
      } catch (e) {
        expect(e).toBeInstanceOf(RateLimitedError);
        // The last refusal is not waited out: the stranger is being refused at `now`.
        if (++refusals < opts.rounds) now = new Date(now.getTime() + (e as RateLimitedError).retryAfterSeconds * 1000);
      }
    }
    return { failures, now };
  }

  for (const proxy of [undefined, "1"] as const) {
    const mode = proxy ? "with TRUST_PROXY" : "without TRUST_PROXY";
    describe(mode, () => {
      beforeEach(() => {
        if (proxy) process.env.TRUST_PROXY = proxy;
        else delete process.env.TRUST_PROXY;
      });

      it(`A4 (${mode}): failed sign-ins with made-up emails from one visitor lock out nobody else, not even a first sign-in of the owner`, async () => {
        // (The attack that found this used 44; each costs a full password hash, and no number of them shares a key with the owner's.)
        const s = await makeStudio();
        for (let i = 0; i < 12; i++)
          expect(
            await attempt(uniqueEmail(`spray${i}`), "wrong-password", { xff: "198.51.100.66", now: T0 }),
          ).toBeNull();
        expect((await attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.77", now: T0 }))?.id).toBe(s.ownerId);
      });

      it(`A4 (${mode}): a stranger guessing the owner's password meets growing delays, never a lock that keeps the owner (right password, a browser that signed in before) out`, async () => {
        const s = await makeStudio();
        // The owner signed in from this browser before: it holds the device cookie the sign-in gave it.
        const ownerBrowser = newDeviceCookie(s.ownerEmail);
        expect(
          (await attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.8", device: ownerBrowser, now: T0 }))?.id,
        ).toBe(s.ownerId);
        // The stranger: the first BACKOFFS.account.free guesses are free, then each waits 1 s, 2 s, 4 s…
        const waits: number[] = [];
        let now = T0;
        for (let i = 0; waits.length < 4; i++) {
          try {
            await attempt(s.ownerEmail, `guess-${i}-wrong`, { xff: "198.51.100.7", now });
          } catch (e) {
            waits.push((e as RateLimitedError).retryAfterSeconds);
            if (waits.length < 4) now = later(waits.reduce((a, b) => a + b, 0));
            if (waits.length === 1) expect(i).toBe(BACKOFFS.account.free);
          }
        }
        expect(waits).toEqual([1, 2, 4, 8]);
        // While the stranger is refused (a device cookie of another account, or a forged one, changes nothing)...
        await expect(attempt(s.ownerEmail, "another-wrong-guess", { xff: "198.51.100.7", now })).rejects.toBeInstanceOf(
          RateLimitedError,
        );
        await expect(
          attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.7", device: newDeviceCookie(uniqueEmail()), now }),
        ).rejects.toBeInstanceOf(RateLimitedError);
        await expect(
          attempt(s.ownerEmail, TEST_PASSWORD, {
            xff: "198.51.100.7",
            device: `${ownerBrowser.split(".")[0]}.forged`,
            now,
          }),
        ).rejects.toBeInstanceOf(RateLimitedError);
        // ...the owner's browser gets in with the right password...
        expect(
          (await attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.8", device: ownerBrowser, now }))?.id,
        ).toBe(s.ownerId);
        // ...and a wrong password from the owner's browser is not refused for the stranger's failures.
        expect(
          await attempt(s.ownerEmail, "owner-typo-here", { xff: "198.51.100.8", device: ownerBrowser, now }),
        ).toBeNull();
      });

      it(`A4 (${mode}): a successful sign-in does not count, and resets the account's failures`, async () => {
        const s = await makeStudio();
        for (let i = 0; i < BACKOFFS.account.free - 1; i++)
          expect(await attempt(s.ownerEmail, "wrong-password", { xff: "198.51.100.9", now: T0 })).toBeNull();
        expect((await attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.9", now: T0 }))?.id).toBe(s.ownerId);
        for (let i = 0; i < BACKOFFS.account.free; i++)
          expect(await attempt(s.ownerEmail, "wrong-password", { xff: "198.51.100.9", now: T0 })).toBeNull();
        await expect(attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.9", now: T0 })).rejects.toBeInstanceOf(
          RateLimitedError,
        );
      });
    });
  }

  it("A4 (with TRUST_PROXY): one address's failures on an account never delay another address, even the owner's first sign-in anywhere", async () => {
    process.env.TRUST_PROXY = "1";
    const s = await makeStudio();
    const { now } = await hammer(s.ownerEmail, { xff: "6.6.6.6, 198.51.100.7", rounds: 3 });
    await expect(attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.7", now })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    // Another visitor, behind the same proxy, who never signed in before.
    expect((await attempt(s.ownerEmail, TEST_PASSWORD, { xff: "198.51.100.21", now }))?.id).toBe(s.ownerId);
    expect(await attempt(s.ownerEmail, "wrong-password", { xff: "198.51.100.22", now })).toBeNull();
  });

  it("A4 (without TRUST_PROXY): a made-up X-Forwarded-For is no way around an account's delays", async () => {
    delete process.env.TRUST_PROXY;
    const s = await makeStudio();
    const { now } = await hammer(s.ownerEmail, { rounds: 1 });
    await expect(attempt(s.ownerEmail, "wrong-password", { xff: randomIp(), now })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    // Other accounts are untouched.
    const other = await makeStudio();
    expect((await attempt(other.ownerEmail, TEST_PASSWORD, { xff: randomIp(), now }))?.id).toBe(other.ownerId);
  });

  it("A4: erasing or deleting a client never touches a login's throttle", async () => {
    delete process.env.TRUST_PROXY;
    const s = await makeStudio();
    const owner = await s.owner();
    await hammer(s.ownerEmail, { rounds: 1 });
    const db = await getDb();
    const key = throttleKey("signin:account", s.ownerEmail);
    const before = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
    expect(before).toHaveLength(1);
    // Another studio's owner makes a client with that email and erases it.
    const other = await makeStudio();
    const { client } = await findOrCreateClient(await other.owner(), {
      email: s.ownerEmail,
      name: "Decoy",
      source: "staff",
    });
    await eraseClient(await other.owner(), { clientId: client.id });
    const { client: again } = await findOrCreateClient(owner, {
      email: uniqueEmail("x"),
      name: "Other",
      source: "staff",
    });
    await deleteClient(owner, { clientId: again.id }).catch(() => undefined);
    expect(await db.select().from(loginThrottles).where(eq(loginThrottles.key, key))).toEqual(before);
  });

  it("A4: the global ceiling counts strangers' failures only, and never a known device", async () => {
    delete process.env.TRUST_PROXY;
    const s = await makeStudio();
    const db = await getDb();
    const at = new Date("2026-05-01T12:30:00Z");
    // The ceiling is nearly reached (a full minute of guesses would only slow the suite)...
    await db.insert(rateLimits).values({
      key: STRANGERS_KEY,
      windowStart: new Date("2026-05-01T12:30:00Z"),
      count: LIMITS.signInStrangersGlobal.max - 1,
    });
    // ...a success takes its hit back...
    expect((await attempt(s.ownerEmail, TEST_PASSWORD, { now: at }))?.id).toBe(s.ownerId);
    expect(await attempt(uniqueEmail("ghost"), "wrong-password", { now: at })).toBeNull();
    await expect(attempt(s.ownerEmail, TEST_PASSWORD, { now: at })).rejects.toBeInstanceOf(RateLimitedError);
    // ...and the owner's known browser is not under it.
    expect((await attempt(s.ownerEmail, TEST_PASSWORD, { device: newDeviceCookie(s.ownerEmail), now: at }))?.id).toBe(
      s.ownerId,
    );
  });

  it("issue 9: an unknown email and a wrong password both answer null after one full password hash (no enumeration by timing)", async () => {
    const s = await makeStudio();
    process.env.TRUST_PROXY = "1";
    const time = async (email: string) => {
      const t = performance.now();
      expect(await attempt(email, "not the password", { xff: "198.51.100.52", now: T0 })).toBeNull();
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
