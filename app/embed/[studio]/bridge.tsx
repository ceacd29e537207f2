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

export type EmbedBridgeProps = {
  slug: string;
  /** The studio's allowed framing origins (E3). */
  origins: string[];
  signedIn: boolean;
  /** On the last step: what to tell the host page. */
  signup?: { plan: { id: string; name: string }; status: "joined" };
};

/**
 * The frame's half of the embed protocol (the host's half is public/embed.js):
 * reports its content height so the iframe fits it (E1), says it is ready
 * (and whether someone is signed in) so the host may hand over a sign-in token
 * (E2), accepts that token once, tells the host when a signup completes, and
 * takes the result of a sign-in that had to continue in a popup.
 */
export function EmbedBridge({ slug, origins, signedIn, signup }: EmbedBridgeProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [handoff, setHandoff] = useState<{ handoff: string; next: string } | null>(null);

  useEffect(() => {
    const popupOpener = window.opener && window.opener !== window && new URLSearchParams(location.search).get("popup") === "1";
    // A popup that finished the flow hands the last step back to the frame that opened it, then closes.
    if (popupOpener && signup) {
      const url = new URL(location.href);
      url.searchParams.delete("popup");
      try {
        (window.opener as Window).postMessage({ type: "roster:popup-done", path: url.pathname + url.search }, location.origin);
        window.close();
      } catch {
        // The opener is gone: the popup simply shows the last step.
      }
    }

    const parent = parentOrigin(origins);
    const send = (message: Record<string, unknown>) => {
      if (parent) window.parent.postMessage(message, parent);
    };
    const root = document.getElementById("roster-embed-root");
    const resize = () => send({ type: "roster:resize", height: Math.ceil((root ?? document.body).getBoundingClientRect().height) });
    const observer = new ResizeObserver(resize);
    observer.observe(root ?? document.body);
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
            if (result.ok) {
              const url = new URL(location.href);
              url.searchParams.delete("signed");
              setHandoff({ handoff: result.handoff, next: url.pathname + url.search });
            } else {
              setBusy(false);
              setError(result.error);
            }
          },
          () => {
            setBusy(false);
            setError("We could not sign you in automatically. Sign in or create an account below.");
          },
        );
      }
    };
    window.addEventListener("message", onMessage);
    send({ type: "roster:ready", signedIn });
    if (signup) send({ type: "roster:signup", studio: slug, ...signup });
    return () => {
      observer.disconnect();
      window.removeEventListener("message", onMessage);
    };
  }, [slug, origins, signedIn, signup]);

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
