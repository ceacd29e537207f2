"use client";

import { useEffect } from "react";

/** Moves the focus to an element once, when the page arrives at a result (a card read, a name chosen). */
export function FocusOnArrival({ targetId }: { targetId: string }) {
  useEffect(() => {
    document.getElementById(targetId)?.focus();
  }, [targetId]);
  return null;
}
