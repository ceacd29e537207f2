import type { Metadata } from "next";
import { embedStudio } from "./embed";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ studio: string }> }): Promise<Metadata> {
  const studio = await embedStudio((await params).studio);
  return { title: `Join ${studio.name}`, robots: { index: false } };
}

/**
 * The embedded signup flow (E1): server-rendered, framed by the studio's own
 * site (E3, headers from proxy.ts). The root element is what the bridge
 * measures to size the iframe to its content.
 */
export default async function EmbedLayout({ children, params }: { children: React.ReactNode; params: Promise<{ studio: string }> }) {
  const studio = await embedStudio((await params).studio);
  return (
    <div id="roster-embed-root" className="mx-auto w-full max-w-2xl px-4 py-5 sm:px-6">
      <p className="mb-4 text-sm font-semibold text-foreground">{studio.name}</p>
      <main id="main">{children}</main>
      <p className="mt-6 text-xs text-muted-foreground">Secure sign-up by Roster · Your details go to {studio.name} only.</p>
    </div>
  );
}
