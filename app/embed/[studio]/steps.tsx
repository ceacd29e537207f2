import { Check } from "lucide-react";
import { cn } from "@/app/_ui";

const STEPS = ["Plan", "You", "Confirm", "Done"] as const;

/** Where the visitor is in the flow (plan → you → confirm → done), announced to screen readers. */
export function EmbedSteps({ current }: { current: 1 | 2 | 3 | 4 }) {
  return (
    <nav aria-label="Sign-up progress" className="mb-5">
      <ol className="flex items-center gap-2 text-xs sm:text-sm">
        {STEPS.map((label, i) => {
          const n = i + 1;
          const state = n < current ? "done" : n === current ? "current" : "todo";
          return (
            <li key={label} className="flex items-center gap-2" aria-current={state === "current" ? "step" : undefined}>
              <span
                className={cn(
                  "flex size-6 items-center justify-center rounded-full border text-xs font-medium",
                  state === "done" && "border-brand-700 bg-brand-700 text-white",
                  state === "current" && "border-brand-700 text-brand-700",
                  state === "todo" && "border-border text-muted-foreground",
                )}
              >
                {state === "done" ? <Check aria-hidden className="size-3.5" /> : n}
              </span>
              <span className={cn(state === "current" ? "font-medium text-foreground" : "text-muted-foreground")}>
                {label}
                {state === "done" ? <span className="sr-only"> (done)</span> : null}
              </span>
              {n < STEPS.length ? <span aria-hidden className="h-px w-4 bg-border sm:w-8" /> : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
