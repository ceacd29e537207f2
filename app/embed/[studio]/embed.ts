import { cache } from "react";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import type { Studio } from "@/db/schema";
import { systemContext, endSession, isSessionLive } from "@/lib/auth";
import { findStudioBySlug } from "@/lib/studios/find-studio";
import type { Ctx } from "@/lib/core/ctx";
import { embedMemberContext, EMBED_COOKIE, embedCookieOptions, openEmbedSession } from "@/lib/embed";

/** The studio of an embed URL, or 404. Cached per request. */
export const embedStudio = cache(async (slug: string): Promise<Studio> => {
  const studio = await findStudioBySlug(slug);
  if (!studio) notFound();
  return studio;
});

/** The system acting for the studio in the public flow (before anyone is known). */
export async function embedSystem(slug: string, reason: string): Promise<Ctx> {
  return systemContext(await embedStudio(slug), reason);
}

/** The member ctx of the visitor signed in inside this studio's embed (its own cookie), or null. Cached per request. */
export const embedVisitor = cache(async (slug: string): Promise<Ctx | null> => {
  const studio = await embedStudio(slug);
  const now = new Date();
  const session = openEmbedSession((await cookies()).get(EMBED_COOKIE)?.value, studio.id, now);
  if (!session) return null;
  // A3: a login's embed session ends with its server-side row (sign-out, sign out everywhere, a new password).
  if (session.userId && !(await isSessionLive(await getDb(), session.userId, session.sessionId, now))) return null;
  return embedMemberContext(await getDb(), studio, { clientId: session.clientId, userId: session.userId }, now);
});

export async function endEmbedSession(studio: Studio): Promise<void> {
  const session = openEmbedSession((await cookies()).get(EMBED_COOKIE)?.value, studio.id, new Date());
  if (session?.sessionId) await endSession(await getDb(), session.sessionId);
  (await cookies()).set(EMBED_COOKIE, "", { ...embedCookieOptions(studio.slug), maxAge: 0 });
}

/** The flow's own pages, for redirects: only paths inside this studio's embed. */
export function embedPath(slug: string, rest = ""): string {
  return `/embed/${slug}${rest}`;
}
