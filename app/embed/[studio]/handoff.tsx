"use client";

import { useEffect, useRef } from "react";

/**
 * Carries a fresh sign-in to the embed's session step as a real form post (a
 * navigation of the frame), never in a URL. See session/route.ts for why.
 */
export function EmbedHandoff({ slug, handoff, next }: { slug: string; handoff: string; next: string }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.submit(), []);
  return (
    <form ref={form} method="post" action={`/embed/${slug}/session`} className="grid gap-2">
      <input type="hidden" name="handoff" value={handoff} />
      <input type="hidden" name="next" value={next} />
      <p role="status" className="text-sm text-muted-foreground">
        Signed in. Loading the next step…
      </p>
      <noscript>
        <button type="submit">Continue</button>
      </noscript>
    </form>
  );
}
