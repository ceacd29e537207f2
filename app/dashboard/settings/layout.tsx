import type { ReactNode } from "react";
import { Alert, PageHeader, TabNav } from "@/app/_ui";
import { requireStaffContext } from "@/lib/auth";
import { can } from "@/lib/core/permissions";

const TABS = [
  { href: "/dashboard/settings", label: "General", exact: true },
  { href: "/dashboard/settings/team", label: "Team", exact: false },
  { href: "/dashboard/settings/api-keys", label: "API keys", exact: false },
  { href: "/dashboard/settings/webhooks", label: "Webhooks", exact: false },
  { href: "/dashboard/settings/mail", label: "Sent mail", exact: false },
  { href: "/dashboard/settings/automations", label: "Automations", exact: false },
  { href: "/dashboard/settings/jobs", label: "Jobs", exact: false },
  { href: "/dashboard/settings/payments", label: "Payments", exact: false },
  { href: "/dashboard/settings/embed", label: "Embed", exact: false },
  { href: "/dashboard/settings/promo-codes", label: "Promo codes", exact: false },
  { href: "/dashboard/settings/forms", label: "Forms", exact: false },
];

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requireStaffContext();
  // T2: front desk and instructors have no settings (SPEC "staff"); the verbs refuse them too.
  if (!can(ctx, "settings")) {
    return (
      <div className="max-w-5xl">
        <PageHeader title="Settings" />
        <Alert variant="warning" title="Your role has no access to settings">
          Ask your studio&apos;s owner or a manager if something needs to change.
        </Alert>
      </div>
    );
  }
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Settings"
        description="Your studio's details, its team, access to the API, payments, the sign-up on your website, the mail Roster sends for you, and its background jobs."
      />
      <TabNav label="Settings sections" tabs={TABS} className="mb-6" />
      {children}
    </div>
  );
}
