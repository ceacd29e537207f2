"use client";

import type { ComponentProps, MouseEvent } from "react";
import Link from "next/link";

/** A plain left click, which the page may handle itself; a modified one (new tab, download) is left to the browser. */
export function isPlainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && !e.defaultPrevented;
}

export type ListLinkProps = Omit<ComponentProps<typeof Link>, "href"> & {
  href: string;
  /** Moves the list to `href` inside the list's transition, so it can show that it is loading. */
  navigate: (href: string) => void;
};

/**
 * A link to another view of the clients list (a page, no filters): a real
 * address to bookmark or open in a new tab, followed inside the list's
 * transition on a plain click.
 */
export function ListLink({ href, navigate, onClick, ...props }: ListLinkProps) {
  return (
    <Link
      href={href}
      {...props}
      onClick={(e) => {
        onClick?.(e);
        if (!isPlainClick(e)) return;
        e.preventDefault();
        navigate(href);
      }}
    />
  );
}
