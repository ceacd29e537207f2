import type { ReactNode } from "react";
import { PageHeader, TabNav } from "@/app/_ui";

const TABS = [
  { href: "/dashboard/settings", label: "General", exact: true },
  { href: "/dashboard/settings/api-keys", label: "API keys", exact: false },
  { href: "/dashboard/settings/mail", label: "Sent mail", exact: false },
  { href: "/dashboard/settings/payments", label: "Payments", exact: false },
  { href: "/dashboard/settings/embed", label: "Embed", exact: false },
];

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="max-w-5xl">
      <PageHeader title="Settings" description="Your studio's details, access to the API, payments, the sign-up on your website, and the mail Roster sends for you." />
      <TabNav label="Settings sections" tabs={TABS} className="mb-6" />
      {children}
    </div>
  );
}
