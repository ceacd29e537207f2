"use client";

import { Button } from "@/app/_ui";

/** Unknown errors land here, never on the person's screen as raw messages (STYLE.md). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-muted-foreground">
        It has been logged{error.digest ? ` (reference ${error.digest})` : ""}. Try again, and if it keeps happening,
        contact support.
      </p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
