"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/app/_ui";
import { embedTokenAction } from "./actions";
import { EmbedHandoff } from "./handoff";

const PARENT_KEY = "roster-embed-parent";

/**
 * The origin of the page framing us, if it is one the studio lists (E3): the
 * browser's ancestorOrigins where it has them, else the referrer of the
 * frame's first page (kept for the frame's later pages). Messages go to this
 * exact origin and are accepted only from it; never to "*".
 */
function parentOrigin(allowed: readonly string[]): string | null {
  if (window.parent === window) return null;
  const candidates = [window.location.ancestorOrigins?.[0], document.referrer ? new URL(document.referrer).origin : undefined];
  try {
    candidates.push(sessionStorage.getItem(PARENT_KEY) ?? undefined);
  } catch {
    // Storage blocked in a third-party frame: the other sources still work.
  }
  const found = candidates.find((o): o is string => Boolean(o && allowed.includes(o)));
  if (found) {
    try {
      sessionStorage.setItem(PARENT_KEY, found);
    } catch {
      // as above
    }
  }
  return found ?? null;
}

/** Sends a message to the framing page, if the studio lists it. */
function toHost(origins: readonly string[], message: Record<string, unknown>) {
  const parent = parentOrigin(origins);
  if (parent) window.parent.postMessage(message, parent);
}

/**
 * The frame's half of the embed protocol (the host's half is public/embed.js),
 * rendered once by the layout so it lives across the flow's client-side steps:
 * reports the content's height so the iframe fits it (E1), says it is ready
 * (and whether someone is signed in) so the host may hand over a sign-in token
 * (E2), accepts that token once, and takes the last step back from a popup
 * that finished the flow first-party.
 */
export function EmbedBridge({ slug, origins, signedIn }: { slug: string; origins: string[]; signedIn: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [handoff, setHandoff] = useState<{ handoff: string; next: string } | null>(null);

  useEffect(() => {
    const parent = parentOrigin(origins);
    const root = document.getElementById("roster-embed-root") ?? document.body;
    const resize = () => toHost(origins, { type: "roster:resize", height: Math.ceil(root.getBoundingClientRect().height) });
    const observer = new ResizeObserver(resize);
    observer.observe(root);
    resize();

    let tokenTaken = false;
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: unknown; token?: unknown; path?: unknown } | null;
      if (!data || typeof data.type !== "string") return;
      if (e.origin === location.origin && data.type === "roster:popup-done" && typeof data.path === "string" && data.path.startsWith(`/embed/${slug}/`)) {
        location.assign(data.path);
        return;
      }
      if (!parent || e.origin !== parent || e.source !== window.parent) return;
      if (data.type === "roster:token" && typeof data.token === "string" && !signedIn && !tokenTaken) {
        tokenTaken = true;
        setBusy(true);
        embedTokenAction(slug, data.token).then(
          (result) => {
            setBusy(false);
            if (!result.ok) return setError(result.error);
            // Signed in where the visitor is now (they may have moved on while the token was checked).
            const url = new URL(location.href);
            url.searchParams.delete("signed");
            setHandoff({ handoff: result.handoff, next: url.pathname + url.search });
          },
          () => {
            setBusy(false);
            setError("We could not sign you in automatically. Sign in or create an account below.");
          },
        );
      }
    };
    window.addEventListener("message", onMessage);
    toHost(origins, { type: "roster:ready", signedIn });
    return () => {
      observer.disconnect();
      window.removeEventListener("message", onMessage);
    };
  }, [slug, origins, signedIn]);

  if (handoff) return <EmbedHandoff slug={slug} {...handoff} />;
  if (busy) {
    return (
      <p role="status" className="mb-4 text-sm text-muted-foreground">
        Signing you in…
      </p>
    );
  }
  return error ? (
    <Alert variant="warning" className="mb-4" role="alert">
      {error}
    </Alert>
  ) : null;
}

/**
 * On the last step: tells the host page that someone joined (roster:signup),
 * or, in the first-party popup, hands the last step back to the frame that
 * opened it and closes.
 */
export function EmbedSignupNotice({ slug, origins, signup }: { slug: string; origins: string[]; signup: { plan: { id: string; name: string }; status: "joined" } }) {
  useEffect(() => {
    const inPopup = window.opener && window.opener !== window && new URLSearchParams(location.search).get("popup") === "1";
    if (inPopup) {
      const url = new URL(location.href);
      url.searchParams.delete("popup");
      try {
        (window.opener as Window).postMessage({ type: "roster:popup-done", path: url.pathname + url.search }, location.origin);
        window.close();
      } catch {
        // The opener is gone: the popup simply shows the last step.
      }
      return;
    }
    toHost(origins, { type: "roster:signup", studio: slug, ...signup });
  }, [slug, origins, signup]);
  return null;
}
