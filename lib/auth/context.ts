import { asc, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { staff, studios, type Studio } from "@/db/schema";
import { findPortalClient, memberContextFor } from "@/lib/clients/portal-access";
import type { Ctx } from "@/lib/core/ctx";
import { auth } from "./auth";

/** The signed-in user's id, or null. */
export async function sessionUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}

/** The staff ctx of the signed-in user, or null when not signed in or not staff anywhere. */
export async function getStaffContext(): Promise<Ctx | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const db = await getDb();
  const [row] = await db
    .select({ studio: studios, role: staff.role })
    .from(staff)
    .innerJoin(studios, eq(studios.id, staff.studioId))
    .where(eq(staff.userId, userId))
    .orderBy(asc(staff.createdAt))
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
