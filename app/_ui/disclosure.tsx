"use client";

import { useState, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A form or detail folded behind a button-like summary (native <details>, keyboard and screen-reader friendly).
 * `defaultOpen` is read once: a later render (after a server action revalidates the page) never folds it again, so
 * a message shown inside stays in view.
 */
export function Disclosure({
  summary,
  defaultOpen = false,
  id,
  className,
  children,
}: {
  summary: ReactNode;
  defaultOpen?: boolean;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <details id={id} open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className={className}>
      <summary
        className={cn(
          "inline-flex w-fit cursor-pointer list-none items-center gap-1.5 rounded-md border border-input bg-surface px-3 py-1.5 text-sm font-medium shadow-xs",
          "hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
          "[&::-webkit-details-marker]:hidden [&_svg]:size-4 [&_svg]:shrink-0",
        )}
      >
        {summary}
      </summary>
      <div className="mt-4">{children}</div>
    </details>
  );
}
