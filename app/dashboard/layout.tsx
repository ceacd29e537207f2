import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import {
  BarChart3,
  Building2,
  Banknote,
  CalendarCheck,
  CalendarDays,
  CreditCard,
  Layers,
  LayoutDashboard,
  LogOut,
  ScanLine,
  Settings,
  UserRound,
  Users,
} from "lucide-react";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, NativeSelect } from "@/app/_ui";
import { getDb } from "@/db";
import { can, ROLE_LABELS, type Permission } from "@/lib/core/permissions";
import { listMyStudios } from "@/lib/team/team";
import { DashboardNav } from "./nav";
import { switchStudioAction } from "./studio-actions";
import { Logo } from "@/app/_components/logo";
import { getStaffContext, sessionUserId } from "@/lib/auth";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Roster" } };

/** T2: each entry shows to the roles holding its permission (the pages and verbs check it again). */
const NAV: { href: string; label: string; icon: typeof Users; exact?: boolean; permission: Permission }[] = [
  { href: "/dashboard", label: "Overview", icon: LayoutDashboard, exact: true, permission: "clients.read" },
  { href: "/dashboard/my-sessions", label: "My sessions", icon: CalendarCheck, permission: "schedule.read" },
  { href: "/dashboard/clients", label: "Clients", icon: Users, permission: "clients.read" },
  { href: "/dashboard/memberships", label: "Memberships", icon: CreditCard, permission: "memberships.read" },
  { href: "/dashboard/schedule", label: "Schedule", icon: CalendarDays, permission: "schedule.read" },
  { href: "/dashboard/payments", label: "Payments", icon: Banknote, permission: "payments.take" },
  { href: "/dashboard/companies", label: "Companies", icon: Building2, permission: "clients.read" },
  { href: "/dashboard/scan", label: "Scan card", icon: ScanLine, permission: "clients.read" },
  { href: "/dashboard/reports", label: "Reports", icon: BarChart3, permission: "reports.view" },
  { href: "/dashboard/operations", label: "Bulk work", icon: Layers, permission: "messages.send" },
  { href: "/dashboard/settings", label: "Settings", icon: Settings, permission: "settings" },
];

/** T4: a login on the staff of several studios picks the one it acts in. */
async function StudioSwitcher({ userId, current }: { userId: string; current: string }) {
  const mine = await listMyStudios(await getDb(), userId);
  if (mine.length < 2) return null;
  return (
    <form action={switchStudioAction} className="mt-2 flex items-center gap-2">
      <NativeSelect name="studio" defaultValue={current} aria-label="Studio" wrapperClassName="min-w-0 flex-1">
        {mine.map(({ studio, role }) => (
          <option key={studio.id} value={studio.slug}>
            {studio.name} ({ROLE_LABELS[role].toLowerCase()})
          </option>
        ))}
      </NativeSelect>
      <Button type="submit" variant="outline" size="sm">
        Switch
      </Button>
    </form>
  );
}

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
      <DashboardNav
        brand={<Logo href="/dashboard" />}
        studio={
          <>
            <p className="truncate text-sm text-muted-foreground" title={ctx.studio.name}>
              {ctx.studio.name}
            </p>
            {ctx.actor.kind === "staff" ? <StudioSwitcher userId={ctx.actor.userId} current={ctx.studio.slug} /> : null}
          </>
        }
        items={NAV.filter((n) => can(ctx, n.permission)).map(({ href, label, icon: Icon, exact }) => ({
          href,
          label,
          exact,
          icon: <Icon aria-hidden="true" className="size-4" />,
        }))}
        account={
          <>
            <p className="px-3 pb-2 text-xs text-muted-foreground">
              Signed in as {ctx.actor.kind === "staff" ? ROLE_LABELS[ctx.actor.role].toLowerCase() : "staff"}
            </p>
            <Button asChild variant="ghost" size="sm" className="w-full justify-start">
              <Link href="/dashboard/account">
                <UserRound aria-hidden="true" /> Your account
              </Link>
            </Button>
            <SignOutButton />
          </>
        }
      />
      <main id="main" className="min-w-0 px-4 py-6 sm:px-8">
        {children}
      </main>
    </div>
  );
}
