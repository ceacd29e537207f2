import Link from "next/link";
import { Button, NavLink } from "@/app/_ui";
import { sessionUserId } from "@/lib/auth";
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
  const portalLinks = [
    { href: `/s/${studio.slug}/schedule`, label: "Schedule" },
    { href: `/s/${studio.slug}/plans`, label: "Plans" },
    ...(signedIn
      ? [
          { href: `/s/${studio.slug}/bookings`, label: "My bookings" },
          { href: `/s/${studio.slug}/memberships`, label: "My memberships" },
        ]
      : []),
  ];
  return (
    <div className="min-h-dvh">
      <header className="border-b border-border bg-surface">
        {/* Two rows on a phone (name and account; then the portal's pages), one row from md up. */}
        <div className="mx-auto grid max-w-4xl grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-2 px-4 py-3 md:grid-cols-[auto_minmax(0,1fr)_auto] md:py-4">
          <Link
            href={`/s/${studio.slug}`}
            className="min-w-0 truncate rounded-md text-lg font-semibold tracking-tight"
            title={studio.name}
          >
            {studio.name}
          </Link>
          <nav
            aria-label="Portal"
            className="order-last col-span-2 -mx-2 flex flex-wrap items-center gap-1 text-sm md:order-none md:col-span-1 md:mx-0"
          >
            {portalLinks.map(({ href, label }) => (
              <NavLink key={href} href={href} exact={href === `/s/${studio.slug}`} className="px-2.5 py-1.5">
                {label}
              </NavLink>
            ))}
          </nav>
          <nav aria-label="Account" className="flex items-center gap-1">
            {signedIn ? (
              <>
                <NavLink href={`/s/${studio.slug}/account`} className="px-2.5 py-1.5">
                  Account
                </NavLink>
                <form action={signOutAction}>
                  <input type="hidden" name="next" value={`/s/${studio.slug}`} />
                  <Button type="submit" variant="ghost" size="sm">
                    Sign out
                  </Button>
                </form>
              </>
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
