import { Check } from "lucide-react";
import { cn } from "@/app/_ui";

const STEPS = ["Plan", "You", "Confirm", "Done"] as const;

/**
 * Where the visitor is in the flow (plan → you → confirm → done), announced to screen readers. Four equal columns,
 * the number above its label, so every step fits however narrow the frame (a phone's embed can be under 320 px).
 */
export function EmbedSteps({ current }: { current: 1 | 2 | 3 | 4 }) {
  return (
    <nav aria-label="Sign-up progress" className="mb-5">
      <ol className="grid grid-cols-4 text-xs sm:text-sm">
        {STEPS.map((label, i) => {
          const n = i + 1;
          const state = n < current ? "done" : n === current ? "current" : "todo";
          return (
            <li
              key={label}
              className="relative flex min-w-0 flex-col items-center gap-1 text-center"
              aria-current={state === "current" ? "step" : undefined}
            >
              {/* The line to the next step, from this circle's edge to the next one's. */}
              {n < STEPS.length ? (
                <span
                  aria-hidden
                  className={cn(
                    "absolute top-3 left-[calc(50%+1rem)] h-px w-[calc(100%-2rem)]",
                    n < current ? "bg-brand-700" : "bg-border",
                  )}
                />
              ) : null}
              <span
                className={cn(
                  "relative flex size-6 items-center justify-center rounded-full border bg-surface text-xs font-medium",
                  state === "done" && "border-brand-700 bg-brand-700 text-white",
                  state === "current" && "border-brand-700 text-brand-700",
                  state === "todo" && "border-border text-muted-foreground",
                )}
              >
                {state === "done" ? <Check aria-hidden className="size-3.5" /> : n}
              </span>
              <span
                className={cn(
                  "max-w-full truncate",
                  state === "current" ? "font-medium text-foreground" : "text-muted-foreground",
                )}
              >
                {label}
                {state === "done" ? <span className="sr-only"> (done)</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
