import { and, asc, eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { clients, staff, studios, type Studio } from "@/db/schema";
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

export async function findStudioBySlug(slug: string): Promise<Studio | null> {
  const db = await getDb();
  const [studio] = await db.select().from(studios).where(eq(studios.slug, slug));
  return studio ?? null;
}

/**
 * The portal ctx of the signed-in user as a client of this studio, or null
 * when not signed in, not a client here, or portal access was disabled (H3).
 */
export async function getMemberContext(studio: Studio): Promise<Ctx | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const db = await getDb();
  const [client] = await db
    .select({ id: clients.id, portalDisabled: clients.portalDisabled })
    .from(clients)
    .where(and(eq(clients.studioId, studio.id), eq(clients.userId, userId)));
  if (!client || client.portalDisabled) return null;
  return { db, studio, actor: { kind: "member", userId, clientId: client.id }, now: new Date() };
}

/** The system acting for a studio (timers, sign-up flows before anyone is signed in). */
export async function systemContext(studio: Studio, reason: string): Promise<Ctx> {
  return { db: await getDb(), studio, actor: { kind: "system", reason }, now: new Date() };
}
