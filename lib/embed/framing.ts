import { findStudioBySlug } from "@/lib/studios/find-studio";
import { studioSettings } from "@/lib/studios/settings";

/**
 * E3: the origins that may frame a studio's embedded flow — exactly the list in
 * its settings (already normalised to scheme://host[:port] when saved), or none
 * for an unknown studio. Read on every request, so a change in Settings → Embed
 * applies to the next page load.
 */
export async function embedFrameAncestors(slug: string): Promise<string[]> {
  const studio = await findStudioBySlug(slug);
  return studio ? studioSettings(studio).embedOrigins : [];
}
