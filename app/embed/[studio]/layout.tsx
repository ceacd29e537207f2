import type { Metadata } from "next";
import { embedVisitorProfile } from "@/lib/embed";
import { studioSettings } from "@/lib/studios";
import { EmbedBridge } from "./bridge";
import { embedStudio, embedVisitor } from "./embed";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ studio: string }> }): Promise<Metadata> {
  const studio = await embedStudio((await params).studio);
  return { title: `Join ${studio.name}`, robots: { index: false } };
}

/**
 * The embedded signup flow (E1): server-rendered, framed by the studio's own
 * site (E3, headers from proxy.ts). The root element is what the bridge
 * measures to size the iframe to its content; the bridge lives here so it
 * outlasts the flow's client-side steps (a token's sign-in may finish after
 * the visitor has moved on).
 */
export default async function EmbedLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ studio: string }>;
}) {
  const studio = await embedStudio((await params).studio);
  const visitor = await embedVisitor(studio.slug);
  const me = visitor ? await embedVisitorProfile(visitor) : null;
  return (
    <div id="roster-embed-root" className="mx-auto w-full max-w-2xl px-4 py-5 sm:px-6">
      <header className="mb-4 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="min-w-0 font-semibold break-words text-foreground">{studio.name}</p>
        {me ? <p className="min-w-0 break-words text-muted-foreground">Signed in as {me.name}</p> : null}
      </header>
      <EmbedBridge slug={studio.slug} origins={studioSettings(studio).embedOrigins} signedIn={Boolean(visitor)} />
      <main id="main">{children}</main>
      <footer className="mt-6 text-xs text-muted-foreground">
        Secure sign-up by Roster · Your details go to {studio.name} only.
      </footer>
    </div>
  );
}
