"use client";

import { useEffect, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Alert } from "@/app/_ui";
import { embedTokenAction } from "./actions";

const PARENT_KEY = "roster-embed-parent";

/**
 * The origin of the page framing us, if it is one the studio lists (E3): the
 * browser's ancestorOrigins where it has them, else the referrer of the
 * frame's first page (kept for the frame's later pages). Messages go to this
 * exact origin and are accepted only from it; never to "*".
 */
function parentOrigin(allowed: readonly string[]): string | null {
  if (window.parent === window) return null;
  const candidates = [
    window.location.ancestorOrigins?.[0],
    document.referrer ? new URL(document.referrer).origin : undefined,
  ];
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
  const [landed, setLanded] = useState(false);
  const router = useRouter();
  const pathname = usePathname();

  // Once the token's sign-in has landed, whatever the visitor is looking at is shown signed in: refreshed where they
  // are, and again after any step they moved to meanwhile (a navigation replaces a pending refresh, and renders
  // only its own page, not this layout), until the layout itself says someone is signed in.
  useEffect(() => {
    if (landed && !signedIn) router.refresh();
  }, [landed, signedIn, pathname, router]);

  useEffect(() => {
    const parent = parentOrigin(origins);
    const root = document.getElementById("roster-embed-root") ?? document.body;
    const resize = () =>
      toHost(origins, { type: "roster:resize", height: Math.ceil(root.getBoundingClientRect().height) });
    const observer = new ResizeObserver(resize);
    observer.observe(root);
    resize();

    let tokenTaken = false;
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: unknown; token?: unknown; path?: unknown } | null;
      if (!data || typeof data.type !== "string") return;
      if (
        e.origin === location.origin &&
        data.type === "roster:popup-done" &&
        typeof data.path === "string" &&
        data.path.startsWith(`/embed/${slug}/`)
      ) {
        location.assign(data.path);
        return;
      }
      if (!parent || e.origin !== parent || e.source !== window.parent) return;
      if (data.type === "roster:token" && typeof data.token === "string" && !signedIn && !tokenTaken) {
        tokenTaken = true;
        setBusy(true);
        embedTokenAction(slug, data.token)
          .then(async (result) => {
            if (!result.ok) return setError(result.error);
            // The handoff lands in the background: the visitor may click on while it does, and nothing here navigates
            // the frame, so no click is lost (see landHandoff).
            if (await landHandoff(slug, result.handoff)) return setLanded(true);
            // The browser refused the frame's cookie: the step the visitor is on now, marked signed, offers the popup.
            const url = new URL(location.href);
            url.searchParams.set("signed", "1");
            location.assign(url.pathname + url.search);
          })
          .catch(() => setError("We could not sign you in automatically. Sign in or create an account below."))
          .finally(() => setBusy(false));
      }
    };
    window.addEventListener("message", onMessage);
    toHost(origins, { type: "roster:ready", signedIn });
    return () => {
      observer.disconnect();
      window.removeEventListener("message", onMessage);
    };
  }, [slug, origins, signedIn]);

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
 * E2: posts a token's handoff to the session step in the background (the answer
 * sets the frame's cookie; its redirect is not followed), then asks the step
 * whether the browser sent that cookie back. The frame is never navigated to
 * a page chosen when the sign-in started, which used to undo a click the
 * visitor made meanwhile (issue 15: "Choose" lost while "Tom Token" landed).
 */
async function landHandoff(slug: string, handoff: string): Promise<boolean> {
  const body = new URLSearchParams({ handoff, next: `/embed/${slug}` });
  await fetch(`/embed/${slug}/session`, { method: "POST", body, redirect: "manual", credentials: "same-origin" });
  const who = await fetch(`/embed/${slug}/session`, { cache: "no-store", credentials: "same-origin" });
  return who.ok && ((await who.json()) as { signedIn?: unknown }).signedIn === true;
}

/**
 * On the last step: tells the host page that someone joined (roster:signup),
 * or, in the first-party popup, hands the last step back to the frame that
 * opened it and closes.
 */
export function EmbedSignupNotice({
  slug,
  origins,
  signup,
}: {
  slug: string;
  origins: string[];
  signup: { plan: { id: string; name: string }; status: "joined" };
}) {
  useEffect(() => {
    const inPopup =
      window.opener && window.opener !== window && new URLSearchParams(location.search).get("popup") === "1";
    if (inPopup) {
      const url = new URL(location.href);
      url.searchParams.delete("popup");
      try {
        (window.opener as Window).postMessage(
          { type: "roster:popup-done", path: url.pathname + url.search },
          location.origin,
        );
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
