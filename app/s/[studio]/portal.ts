import { cache } from "react";
import { notFound } from "next/navigation";
import { getMemberContext, isPortalAccessDisabled } from "@/lib/auth";
import { findStudioBySlug } from "@/lib/studios/find-studio";

/** The studio of a portal URL, or 404. Cached per request so layout and page share one query. */
export const portalStudio = cache(async (slug: string) => {
  const studio = await findStudioBySlug(slug);
  if (!studio) notFound();
  return studio;
});

/** The signed-in member's ctx at this studio, or null. */
export const portalMember = cache(async (slug: string) => getMemberContext(await portalStudio(slug)));

/** H3: the signed-in user is a client here whose portal access staff turned off. */
export const portalAccessDisabled = cache(async (slug: string) => isPortalAccessDisabled(await portalStudio(slug)));
