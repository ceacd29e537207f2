import Link from "next/link";
import { Button } from "@/app/_ui";
import { sessionUserId } from "@/lib/auth/context";
import { signOutAction } from "@/app/(auth)/actions";
import { portalStudio } from "./portal";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ studio: string }> }) {
  const studio = await portalStudio((await params).studio);
  return { title: { default: studio.name, template: `%s · ${studio.name}` } };
}

export default async function PortalLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ studio: string }>;
}) {
  const { studio: slug } = await params;
  const studio = await portalStudio(slug);
  const signedIn = Boolean(await sessionUserId());
  return (
    <div className="min-h-dvh">
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-4 px-4 py-4">
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/s/${studio.slug}`} className="rounded-md text-lg font-semibold tracking-tight">
              {studio.name}
            </Link>
            <nav aria-label="Portal" className="flex items-center gap-1 text-sm">
              <Button asChild variant="ghost" size="sm">
                <Link href={`/s/${studio.slug}/schedule`}>Schedule</Link>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <Link href={`/s/${studio.slug}/plans`}>Plans</Link>
              </Button>
              {signedIn ? (
                <>
                  <Button asChild variant="ghost" size="sm">
                    <Link href={`/s/${studio.slug}/bookings`}>My bookings</Link>
                  </Button>
                  <Button asChild variant="ghost" size="sm">
                    <Link href={`/s/${studio.slug}/memberships`}>My memberships</Link>
                  </Button>
                </>
              ) : null}
            </nav>
          </div>
          <nav aria-label="Account" className="flex items-center gap-2">
            {signedIn ? (
              <form action={signOutAction}>
                <input type="hidden" name="next" value={`/s/${studio.slug}`} />
                <Button type="submit" variant="ghost" size="sm">
                  Sign out
                </Button>
              </form>
            ) : (
              <>
                <Button asChild variant="ghost" size="sm">
                  <Link href={`/s/${studio.slug}/signin`}>Sign in</Link>
                </Button>
                <Button asChild size="sm">
                  <Link href={`/s/${studio.slug}/signup`}>Join</Link>
                </Button>
              </>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-4xl px-4 py-8">
        {children}
      </main>
      <footer className="mx-auto max-w-4xl px-4 pb-8 text-xs text-muted-foreground">Powered by Roster</footer>
    </div>
  );
}
