"use client";

import { useEffect, useRef, useState, type ComponentProps } from "react";
import { cn } from "./cn";

/**
 * The box a table scrolls sideways in. Its own width never widens the page (inline-size containment: a wide table
 * scrolls here instead of stretching the grid or card around it), and while it does scroll it takes keyboard focus,
 * so the hidden columns can be reached without a mouse (axe `scrollable-region-focusable`).
 */
export function TableScroller({ className, ...props }: ComponentProps<"div">) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    // The observer reports once at the start, then on every change of the box or of the table inside it.
    const observer = new ResizeObserver(() => setScrolls(box.scrollWidth > box.clientWidth + 1));
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      tabIndex={scrolls ? 0 : undefined}
      className={cn(
        "[contain:inline-size] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        className,
      )}
      {...props}
    />
  );
}
