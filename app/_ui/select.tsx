import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";
import { controlClasses } from "./input";

export type NativeSelectProps = ComponentProps<"select"> & {
  /** Classes for the outer wrapper (use this for width, e.g. "w-48"). */
  wrapperClassName?: string;
};

/** A styled native <select>: keyboard, mobile and screen-reader behaviour come for free. */
export function NativeSelect({ className, wrapperClassName, children, ...props }: NativeSelectProps) {
  return (
    <div className={cn("relative w-full", wrapperClassName)}>
      <select className={cn(controlClasses, "h-9 appearance-none py-1 pr-9", className)} {...props}>
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-zinc-500"
      />
    </div>
  );
}
