import type { ReactNode } from "react";
import { NavLink, PageHeader } from "@/app/_ui";

const TABS = [
  { href: "/dashboard/settings", label: "General", exact: true },
  { href: "/dashboard/settings/api-keys", label: "API keys", exact: false },
  { href: "/dashboard/settings/mail", label: "Sent mail", exact: false },
];

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="max-w-5xl">
      <PageHeader title="Settings" description="Your studio's details, access to the API, and the mail Roster sends for you." />
      <nav aria-label="Settings sections" className="mb-6 border-b border-border">
        <ul className="-mb-px flex gap-1 overflow-x-auto">
          {TABS.map((tab) => (
            <li key={tab.href}>
              <NavLink
                href={tab.href}
                exact={tab.exact}
                className="whitespace-nowrap rounded-none rounded-t-md border-b-2 border-transparent"
                activeClassName="border-brand-700 bg-transparent text-brand-800 hover:bg-muted"
              >
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </div>
  );
}
