import Link from "next/link";
import { CircleCheck, Circle } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, CopyButton, Progress } from "@/app/_ui";
import type { Onboarding, OnboardingStep } from "@/lib/studios";

const STEPS: { step: OnboardingStep; title: string; done: string; href: string; action: string }[] = [
  {
    step: "plan",
    title: "Add a membership plan",
    done: "Members can buy a plan.",
    href: "/dashboard/memberships/new",
    action: "New plan",
  },
  {
    step: "class",
    title: "Add a class",
    done: "Your schedule has a class.",
    href: "/dashboard/schedule/classes#new-class",
    action: "New class",
  },
  {
    step: "instructor",
    title: "Invite an instructor",
    done: "An instructor is on your team.",
    href: "/dashboard/settings/team",
    action: "Invite",
  },
  {
    step: "portal",
    title: "Share your member portal",
    done: "Someone has signed up on your portal.",
    href: "",
    action: "",
  },
  {
    step: "payments",
    title: "Connect card payments",
    done: "Members can pay by card online.",
    href: "/dashboard/settings/payments",
    action: "Connect",
  },
];

/**
 * A new studio's first steps on the Overview, each ticked when the studio's data says so (`getOnboarding`), shown
 * until all are done. Card payments are left out when the platform has no Stripe to connect to.
 */
export function OnboardingChecklist({
  state,
  portalUrl,
  cardPayments,
}: {
  state: Onboarding;
  portalUrl: string;
  /** Whether Stripe is configured on this platform, so a studio can connect. */
  cardPayments: boolean;
}) {
  const steps = STEPS.filter((s) => s.step !== "payments" || cardPayments);
  const done = steps.filter((s) => state[s.step]).length;
  if (done === steps.length) return null;
  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle as="h2">Get your studio ready</CardTitle>
        <CardDescription>Each step ticks itself once it is done. This list goes away when all are.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Progress
          value={done}
          max={steps.length}
          label="Set-up progress"
          hideLabel
          valueText={`${done} of ${steps.length} steps done`}
        />
        <ol className="grid gap-1" aria-label="Set-up steps">
          {steps.map((s) => {
            const isDone = state[s.step];
            return (
              <li
                key={s.step}
                className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-md border border-border px-3 py-2"
              >
                <span className="flex min-w-0 items-start gap-2">
                  {isDone ? (
                    <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success-600" />
                  ) : (
                    <Circle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
                  )}
                  <span className="min-w-0">
                    <span className={isDone ? "text-muted-foreground line-through" : "font-medium"}>{s.title}</span>
                    <span className="sr-only">{isDone ? " (done)" : " (to do)"}</span>
                    {isDone ? <span className="block text-xs text-muted-foreground">{s.done}</span> : null}
                  </span>
                </span>
                {isDone ? null : s.step === "portal" ? (
                  <CopyButton text={portalUrl} label="Copy the link" size="sm" />
                ) : (
                  <Link
                    href={s.href}
                    className="text-sm font-medium text-brand-700 underline underline-offset-2"
                    aria-label={`${s.action}: ${s.title}`}
                  >
                    {s.action}
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
