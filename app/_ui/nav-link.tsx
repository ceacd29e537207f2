"use client";

import type { ComponentProps } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./cn";

export type NavLinkProps = Omit<ComponentProps<typeof Link>, "href"> & {
  href: string;
  /** Only active on an exact path match (default: also active on sub-paths). */
  exact?: boolean;
  activeClassName?: string;
};

/** True when `pathname` is `href` or (unless exact) a sub-path of it, segment-aware. */
export function isActivePath(pathname: string, href: string, exact = false): boolean {
  const target = stripTrailingSlash(href.split(/[?#]/)[0] ?? "");
  const current = stripTrailingSlash(pathname);
  if (current === target) return true;
  // "/" would otherwise match every page.
  if (exact || target === "/") return false;
  return current.startsWith(`${target}/`);
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path || "/";
}

export function NavLink({ href, exact = false, className, activeClassName, ...props }: NavLinkProps) {
  const pathname = usePathname() ?? "";
  const active = isActivePath(pathname, href, exact);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      data-active={active || undefined}
      className={cn(
        "inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors",
        "hover:bg-muted hover:text-foreground [&_svg]:size-4 [&_svg]:shrink-0",
        active && "bg-brand-50 text-brand-800 hover:bg-brand-100 hover:text-brand-900",
        className,
        active && activeClassName,
      )}
      {...props}
    />
  );
}
