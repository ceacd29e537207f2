import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { studios, type Studio } from "@/db/schema";
import { studioSettings } from "@/lib/studios/settings";

/** A slug as the URLs use it; anything else is no studio. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * E3: the origins that may frame a studio's embedded flow — exactly the list in
 * its settings (already normalised to scheme://host[:port] when saved), or none
 * for an unknown studio. Read on every request, so a change in Settings → Embed
 * applies to the next page load.
 */
export async function embedFrameAncestors(slug: string): Promise<string[]> {
  const studio = await findEmbedStudio(slug);
  return studio ? studioSettings(studio).embedOrigins : [];
}

/** The studio of an embed URL, or null (also for anything that is not a slug). */
export async function findEmbedStudio(slug: string): Promise<Studio | null> {
  if (!SLUG.test(slug)) return null;
  const db = await getDb();
  const [studio] = await db.select().from(studios).where(eq(studios.slug, slug));
  return studio ?? null;
}
