import { asc, desc, eq, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { staff, studios, users, type Studio } from "@/db/schema";
import { findPortalClient, memberContextFor } from "@/lib/clients/portal-access";
import type { Ctx } from "@/lib/core/ctx";
import { auth } from "./auth";
import { isSessionLive } from "./sessions";

/**
 * The signed-in user's id, or null. A3: the session's server-side row is
 * checked on every call (one primary-key lookup), so a session that signed
 * out, was ended by "sign out everywhere" or a password change, or expired
 * is nobody from the next request on; every builder below starts here.
 */
export async function sessionUserId(): Promise<string | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const sid = (session as { sid?: unknown }).sid;
  return (await isSessionLive(await getDb(), userId, typeof sid === "string" ? sid : null, new Date())) ? userId : null;
}

/** A3: the server-side id of the signed-in session (for sign-out and "every other session"), or null. */
export async function sessionId(): Promise<string | null> {
  const sid = ((await auth()) as { sid?: unknown } | null)?.sid;
  return typeof sid === "string" ? sid : null;
}

/** T4: the cookie naming the studio a staff login of several studios acts in. */
export const STUDIO_COOKIE = "roster_studio";

/** How the T4 choice is kept: a name only, checked against the staff rows on every request. */
export function studioCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: process.env.NODE_ENV === "production",
    maxAge: 365 * 24 * 3600,
  };
}

/** T4: the studio id the switcher stored, when it looks like one (whether the login is staff there is checked by the caller). */
async function chosenStudioId(): Promise<string | null> {
  const v = (await cookies()).get(STUDIO_COOKIE)?.value;
  return v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : null;
}

/** The staff ctx of the signed-in user, or null when not signed in or not staff anywhere. */
export async function getStaffContext(): Promise<Ctx | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const db = await getDb();
  // T4: the studio chosen in the switcher (a cookie, checked against the staff rows on every request), else the oldest.
  const chosen = await chosenStudioId();
  const [row] = await db
    .select({ studio: studios, role: staff.role })
    .from(staff)
    .innerJoin(studios, eq(studios.id, staff.studioId))
    .where(eq(staff.userId, userId))
    .orderBy(...(chosen ? [desc(sql`${staff.studioId} = ${chosen}`)] : []), asc(staff.createdAt))
    .limit(1);
  if (!row) return null;
  return { db, studio: row.studio, actor: { kind: "staff", userId, role: row.role }, now: new Date() };
}

/** For dashboard pages and actions: the staff ctx, or off to sign-in. */
export async function requireStaffContext(): Promise<Ctx> {
  const ctx = await getStaffContext();
  if (!ctx) redirect("/signin");
  return ctx;
}

/**
 * The portal ctx of the signed-in user as a client of this studio, or null
 * when not signed in, not a client here, or portal access was disabled (H3).
 */
export async function getMemberContext(studio: Studio): Promise<Ctx | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  return memberContextFor(await getDb(), studio, userId, new Date());
}

/** H3: the signed-in user is a client of this studio whose portal access staff turned off. */
export async function isPortalAccessDisabled(studio: Studio): Promise<boolean> {
  const userId = await sessionUserId();
  if (!userId) return false;
  return (await findPortalClient(await getDb(), studio.id, userId)).status === "disabled";
}

/** The system acting for a studio (timers, sign-up flows before anyone is signed in). */
export async function systemContext(studio: Studio, reason: string): Promise<Ctx> {
  return { db: await getDb(), studio, actor: { kind: "system", reason }, now: new Date() };
}

/** The signed-in login's email, or null. */
export async function sessionUserEmail(): Promise<string | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const [me] = await (await getDb()).select({ email: users.email }).from(users).where(eq(users.id, userId));
  return me?.email ?? null;
}
