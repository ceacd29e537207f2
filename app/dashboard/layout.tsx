import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Building2, CalendarDays, CreditCard, LayoutDashboard, LogOut, ScanLine, Settings, Users } from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, NavLink } from "@/app/_ui";
import { Logo } from "@/app/_components/logo";
import { getStaffContext, sessionUserId } from "@/lib/auth/context";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Roster" } };

const NAV = [
  { href: "/dashboard", label: "Overview", icon: LayoutDashboard, exact: true },
  { href: "/dashboard/clients", label: "Clients", icon: Users },
  { href: "/dashboard/memberships", label: "Memberships", icon: CreditCard },
  { href: "/dashboard/schedule", label: "Schedule", icon: CalendarDays },
  { href: "/dashboard/companies", label: "Companies", icon: Building2 },
  { href: "/dashboard/scan", label: "Scan card", icon: ScanLine },
  { href: "/dashboard/settings", label: "Settings", icon: Settings },
];

function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="ghost" size="sm" className="w-full justify-start">
        <LogOut aria-hidden="true" /> Sign out
      </Button>
    </form>
  );
}

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const ctx = await getStaffContext();
  if (!ctx) {
    if (!(await sessionUserId())) redirect("/signin");
    // Signed in, but staff of no studio (a member of some studio's portal, say).
    return (
      <main id="main" className="mx-auto mt-20 max-w-md px-4">
        <Card>
          <CardHeader>
            <CardTitle as="h1">No studio yet</CardTitle>
            <CardDescription>
              This login is not staff of any studio. Create your own studio, or ask a studio owner to add you.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex gap-2">
            <Button asChild>
              <Link href="/signup">Create a studio</Link>
            </Button>
            <SignOutButton />
          </CardContent>
        </Card>
      </main>
    );
  }

  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <aside className="border-b border-border bg-surface md:min-h-dvh md:border-b-0 md:border-r">
        <div className="flex items-center justify-between gap-2 px-4 py-4 md:block">
          <Logo href="/dashboard" />
          <p className="truncate text-sm text-muted-foreground md:mt-3" title={ctx.studio.name}>
            {ctx.studio.name}
          </p>
        </div>
        <nav aria-label="Dashboard" className="px-2 pb-3">
          <ul className="flex gap-1 overflow-x-auto md:flex-col">
            {NAV.map(({ href, label, icon: Icon, exact }) => (
              <li key={href}>
                <NavLink
                  href={href}
                  exact={exact}
                  className="flex items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-muted hover:text-foreground"
                  activeClassName="bg-brand-50 text-brand-800 hover:bg-brand-50 hover:text-brand-800"
                >
                  <Icon aria-hidden="true" className="size-4" />
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="hidden border-t border-border px-2 py-3 md:block">
          <p className="px-3 pb-2 text-xs text-muted-foreground">
            Signed in as {ctx.actor.kind === "staff" ? ctx.actor.role : "staff"}
          </p>
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className="min-w-0 px-4 py-6 sm:px-8">
        {children}
      </main>
    </div>
  );
}
