import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { studios, type Studio } from "@/db/schema";
import { SLUG_PATTERN } from "./studio-input";

/**
 * The studio of a public URL (`/s/<slug>`, `/embed/<slug>`), or null. What is
 * not a slug at all reads as no studio without asking the database.
 */
export async function findStudioBySlug(slug: string): Promise<Studio | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  const db = await getDb();
  const [studio] = await db.select().from(studios).where(eq(studios.slug, slug));
  return studio ?? null;
}
