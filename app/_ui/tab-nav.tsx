import { cn } from "./cn";
import { NavLink } from "./nav-link";

export type Tab = { href: string; label: string; exact?: boolean };

/** Sub-navigation drawn as tabs: a labelled nav of links, the current one marked with aria-current. */
export function TabNav({ label, tabs, className }: { label: string; tabs: Tab[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn("border-b border-border", className)}>
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {tabs.map((tab) => (
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
  );
}
