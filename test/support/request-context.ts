/**
 * The request a server action or route handler sees, for running them outside
 * Next.js in tests. Only the request context is replaced: `next/headers`
 * (headers(), cookies(), draftMode()) and the session Auth.js reads from the
 * cookie. lib/auth/auth.ts itself runs for real (its Credentials `authorize`,
 * clientIp, callbacks); only `NextAuth()` is a stand-in, because next-auth
 * loads Next's request internals (`next/server`), which exist only inside Next.
 * `next/cache`'s revalidatePath needs the render store of the request, so it
 * is recorded instead (`revalidated()`). The database, the verbs and the
 * context builders stay real.
 *
 * In a test file (vi.mock is hoisted, so the factories import this module):
 *
 *   vi.mock("next/headers", async () => (await import("@/test/support/request-context")).nextHeadersModule());
 *   vi.mock("next-auth", async () => (await import("@/test/support/request-context")).nextAuthModule());
 *   vi.mock("next-auth/providers/credentials", async () => (await import("@/test/support/request-context")).credentialsModule());
 *   vi.mock("next/cache", async () => (await import("@/test/support/request-context")).nextCacheModule());
 *
 * then `actAs({ userId })` (or `actAs(null)` for a visitor) before each call.
 */

// Auth.js reads its secret when lib/auth/auth.ts loads; without one it would write .data/auth-secret.
process.env.AUTH_SECRET ??= "request-context-test-secret-not-for-production";

export type RequestIdentity = {
  /** The signed-in user (the JWT's `sub`), or null for a visitor. */
  userId: string | null;
  /** Request headers (an x-forwarded-for for rate limits, an Origin, …). */
  headers?: Record<string, string>;
  /** Cookies the request carries (e.g. the embed's own session cookie). */
  cookies?: Record<string, string>;
  /**
   * A3: the server-side session id the JWT carries. Left out, the first auth()
   * opens a real session row for the user (as signing in would) and keeps it
   * here; give one (from startSession) to act as a particular session.
   */
  sessionId?: string;
};

type CookieValue = { name: string; value: string };

const state: { identity: RequestIdentity; cookies: Map<string, CookieValue>; revalidated: string[] } = {
  identity: { userId: null },
  cookies: new Map(),
  revalidated: [],
};

/** Sets who the next calls come from (null: a visitor with no session). Clears the cookies an earlier call set. */
export function actAs(identity: RequestIdentity | null): void {
  state.identity = identity ?? { userId: null };
  state.cookies = new Map(Object.entries(identity?.cookies ?? {}).map(([name, value]) => [name, { name, value }]));
  state.revalidated = [];
}

/** The paths revalidated since the last actAs(). */
export function revalidated(): string[] {
  return [...state.revalidated];
}

/** The replacement module of `next/cache`: revalidation is recorded, not performed. */
export function nextCacheModule() {
  return {
    revalidatePath: (path: string, type?: string) => void state.revalidated.push(type ? `${path} (${type})` : path),
    revalidateTag: (tag: string) => void state.revalidated.push(`tag:${tag}`),
  };
}

/** The identity calls currently run as. */
export function currentIdentity(): RequestIdentity {
  return state.identity;
}

function requestHeaders(): Headers {
  return new Headers({ host: "localhost", "x-forwarded-for": "203.0.113.9", ...state.identity.headers });
}

const cookieStore = {
  get: (name: string) => state.cookies.get(name),
  getAll: () => [...state.cookies.values()],
  has: (name: string) => state.cookies.has(name),
  set: (nameOrCookie: string | CookieValue, value?: string) => {
    const c = typeof nameOrCookie === "string" ? { name: nameOrCookie, value: value ?? "" } : nameOrCookie;
    state.cookies.set(c.name, { name: c.name, value: c.value });
    return cookieStore;
  },
  delete: (name: string) => {
    state.cookies.delete(name);
    return cookieStore;
  },
  get size() {
    return state.cookies.size;
  },
  toString: () => [...state.cookies.values()].map((c) => `${c.name}=${c.value}`).join("; "),
  [Symbol.iterator]: () => [...state.cookies.entries()][Symbol.iterator](),
};

/** The replacement module of `next/headers`. */
export function nextHeadersModule() {
  return {
    headers: async () => requestHeaders(),
    cookies: async () => cookieStore,
    draftMode: async () => ({ isEnabled: false, enable: () => {}, disable: () => {} }),
  };
}

/**
 * Opens the current identity's server-side session now (A3), as its sign-in
 * did before the request, so that a suite watching for writes does not count
 * it against the action under test.
 */
export async function openSession(): Promise<void> {
  await mockAuth();
}

/** The session `auth()` answers for the current identity (the shape lib/auth/auth.ts's callbacks produce, with its A3 session id). */
export async function mockAuth() {
  const identity = state.identity;
  const userId = identity.userId;
  if (!userId) return null;
  if (identity.sessionId === undefined) {
    const { getDb } = await import("@/db");
    const { startSession } = await import("@/lib/auth/sessions");
    identity.sessionId = await startSession(await getDb(), userId, new Date());
  }
  return { user: { id: userId }, sid: identity.sessionId, expires: new Date(Date.now() + 3600_000).toISOString() };
}

type CredentialsProvider = {
  id: "credentials";
  type: "credentials";
  authorize: (credentials: Record<string, unknown>, request: Request) => Promise<{ id?: string } | null>;
};
type AuthConfig = {
  providers: CredentialsProvider[];
  events?: { signOut?: (message: { token: Record<string, unknown> | null }) => Promise<void> | void };
};

/** The configs the app gave the stand-in NextAuth(), so a test can run Auth.js's real handlers on the app's own config. */
export const authConfigs: unknown[] = [];

/**
 * The stand-in of `next-auth`: `NextAuth(config)` answers `auth()` from the
 * current identity, and `signIn("credentials", …)` runs the config's real
 * `authorize` (credentials check, rate limits) and then redirects as Auth.js
 * does; no cookie is written. The error classes are Auth.js's own.
 */
export async function nextAuthModule() {
  const errors = await import("@auth/core/errors");
  const { redirect } = await import("next/navigation");
  function NextAuth(config: AuthConfig) {
    authConfigs.push(config);
    const credentials = config.providers.find((p) => p.type === "credentials");
    return {
      auth: mockAuth,
      async signIn(_provider: string, options: Record<string, unknown> = {}) {
        const { redirectTo, ...fields } = options;
        if (!credentials) throw new errors.AuthError("no credentials provider");
        const headers = requestHeaders();
        if (cookieStore.size) headers.set("cookie", cookieStore.toString());
        const request = new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers });
        const user = await credentials.authorize(fields, request);
        if (!user) throw new errors.CredentialsSignin();
        redirect(typeof redirectTo === "string" ? redirectTo : "/");
      },
      async signOut(options: { redirectTo?: string } = {}) {
        // Auth.js calls events.signOut with the JWT being cleared (A3: the app ends its server-side session there).
        const session = await mockAuth();
        if (session) await config.events?.signOut?.({ token: { sub: session.user.id, sid: session.sid } });
        redirect(options.redirectTo ?? "/");
      },
      handlers: {
        GET: async () => new Response("Auth.js runs only inside Next.js", { status: 501 }),
        POST: async () => new Response("Auth.js runs only inside Next.js", { status: 501 }),
      },
    };
  }
  return { ...errors, default: NextAuth };
}

/** The stand-in of `next-auth/providers/credentials`: the provider object with the app's own `authorize`. */
export function credentialsModule() {
  return {
    default: (options: Omit<CredentialsProvider, "id" | "type">) => ({
      id: "credentials",
      type: "credentials",
      ...options,
    }),
  };
}
