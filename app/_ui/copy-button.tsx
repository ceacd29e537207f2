"use client";

import { useEffect, useRef, useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button, type ButtonProps } from "./button";

export type CopyButtonProps = Omit<ButtonProps, "onClick" | "asChild" | "children"> & {
  /** Text written to the clipboard. */
  text: string;
  /** Button text (also the accessible name when iconOnly). */
  label?: string;
  copiedLabel?: string;
  /** Show just the icon; `label` becomes the aria-label. */
  iconOnly?: boolean;
};

type CopyState = "idle" | "copied" | "failed";

export function CopyButton({
  text,
  label = "Copy",
  copiedLabel = "Copied",
  iconOnly = false,
  variant = "outline",
  size,
  ...props
}: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  }

  const copied = state === "copied";
  const Icon = copied ? Check : Copy;
  const visible = copied ? copiedLabel : label;

  return (
    <>
      <Button
        type="button"
        variant={variant}
        size={size ?? (iconOnly ? "icon" : "sm")}
        onClick={copy}
        aria-label={iconOnly ? label : undefined}
        {...props}
      >
        <Icon aria-hidden="true" className={copied ? "text-success-600" : undefined} />
        {iconOnly ? null : visible}
      </Button>
      {/* Live region stays mounted so the change is reliably announced. */}
      <span aria-live="polite" className="sr-only">
        {state === "copied" ? copiedLabel : state === "failed" ? "Copy failed" : ""}
      </span>
    </>
  );
}
