"use client";

import { useId, useState, type ReactNode } from "react";
import { Menu, X } from "lucide-react";
import { Button, cn, NavLink } from "@/app/_ui";

export type DashboardNavItem = { href: string; label: string; icon: ReactNode; exact?: boolean };

/**
 * The dashboard's side bar. From `md` up it is a column beside the page; on a phone it folds into a bar with a
 * Menu button that opens every nav item and the account links (Your account, Sign out), closing again on a choice.
 */
export function DashboardNav({
  brand,
  studio,
  items,
  account,
}: {
  /** The logo. */
  brand: ReactNode;
  /** The studio's name and, for staff of several studios, the switcher. */
  studio: ReactNode;
  items: DashboardNavItem[];
  /** Who is signed in, Your account and Sign out. */
  account: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  return (
    <aside className="border-b border-border bg-surface md:min-h-dvh md:border-r md:border-b-0">
      <div className="flex items-center gap-3 px-4 py-3 md:block md:py-4">
        <div className="shrink-0">{brand}</div>
        <div className="min-w-0 flex-1 md:mt-3">{studio}</div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="shrink-0 md:hidden"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? <X aria-hidden="true" /> : <Menu aria-hidden="true" />}
          {open ? "Close" : "Menu"}
        </Button>
      </div>
      <div
        id={menuId}
        className={cn(open ? "block" : "hidden", "border-t border-border md:block md:border-t-0")}
        // A choice in the menu takes the visitor away: fold it again (phones only; the column never folds).
        onClick={(e) => {
          if ((e.target as HTMLElement).closest("a")) setOpen(false);
        }}
      >
        <nav aria-label="Dashboard" className="px-2 py-2 md:pt-0 md:pb-3">
          <ul className="grid gap-0.5">
            {items.map(({ href, label, icon, exact }) => (
              <li key={href}>
                <NavLink
                  href={href}
                  exact={exact}
                  className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground hover:bg-muted hover:text-foreground"
                  activeClassName="bg-brand-50 text-brand-800 hover:bg-brand-50 hover:text-brand-800"
                >
                  {icon}
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="border-t border-border px-2 py-3">{account}</div>
      </div>
    </aside>
  );
}
