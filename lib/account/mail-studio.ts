import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, staff, studios, type Studio } from "@/db/schema";

/**
 * Mail is sent and recorded (Sent mail) in a studio's name, but a login is
 * global. A mail about a login goes out in the name of the studio where the
 * person asked (`preferred`), else the oldest studio they are staff of, else
 * the oldest they are a client of; null when they belong to none.
 */
export async function mailStudioFor(db: Db, userId: string, preferred?: Studio | null): Promise<Studio | null> {
  if (preferred) return preferred;
  const [asStaff] = await db
    .select({ studio: studios })
    .from(staff)
    .innerJoin(studios, eq(studios.id, staff.studioId))
    .where(eq(staff.userId, userId))
    .orderBy(asc(staff.createdAt))
    .limit(1);
  if (asStaff) return asStaff.studio;
  const [asClient] = await db
    .select({ studio: studios })
    .from(clients)
    .innerJoin(studios, eq(studios.id, clients.studioId))
    .where(eq(clients.userId, userId))
    .orderBy(asc(clients.createdAt))
    .limit(1);
  return asClient?.studio ?? null;
}
