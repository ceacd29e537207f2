import { z } from "zod";
import { billingInterval, planKind, type MembershipPlan } from "@/db/schema";
import { Currency, Money } from "@/lib/core/validation";
import { FeePolicyInput } from "@/lib/studios/settings";

const Permission = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/i, { error: "Use letters, digits and . _ : - in permission keys." });

/** A count a plan holds (days, sessions, bookings per period): a whole number from 1 to `max`. */
const Count = (max: number) =>
  z
    .number({ error: "Enter a whole number." })
    .int({ error: "Enter a whole number." })
    .min(1, { error: "Enter 1 or more." })
    .max(max, { error: `Enter at most ${max}.` });

/** A plan's fields; CreatePlanInput adds the kind rules (M1), forms extend it with how they type a field. */
export const PlanFields = z.object({
  name: z.string().trim().min(1, { error: "Name the plan." }).max(120),
  description: z.string().trim().max(2000).nullish(),
  kind: z.enum(planKind.enumValues, { error: "Choose recurring, fixed or sessions." }),
  priceCents: Money,
  currency: Currency.optional(),
  interval: z.enum(billingInterval.enumValues).nullish(),
  bookingLimitPerPeriod: Count(1000).nullish(),
  durationDays: Count(3660).nullish(),
  sessions: Count(1000).nullish(),
  permissions: z.array(Permission).max(50).default([]),
  memberOnlyAccess: z.boolean().default(false),
  public: z.boolean().default(false),
  /** B8: its holders may book from this many days before a session (earlier than the studio); null = the studio's. */
  bookingOpensDaysBefore: z
    .number({ error: "Enter a whole number of days from 0 to 365." })
    .int({ error: "Enter a whole number of days from 0 to 365." })
    .min(0, { error: "Enter a whole number of days from 0 to 365." })
    .max(365, { error: "Enter a whole number of days from 0 to 365." })
    .nullish(),
  /** B8: its holders may book until this many minutes before a session (later than the studio); null = the studio's. */
  bookingClosesMinutesBefore: z
    .number({ error: "Enter a whole number of minutes from 0 to 10080." })
    .int({ error: "Enter a whole number of minutes from 0 to 10080." })
    .min(0, { error: "Enter a whole number of minutes from 0 to 10080." })
    .max(10080, { error: "Enter a whole number of minutes from 0 to 10080." })
    .nullish(),
  /** B9: this plan's own policies; null = the studio's. */
  lateCancelPolicy: FeePolicyInput.nullish(),
  noShowPolicy: FeePolicyInput.nullish(),
  /** M11: an intro offer, sold once and only to new clients. */
  newClientsOnly: z.boolean().default(false),
});

type PlanShape = Partial<z.output<typeof PlanFields>>;

/** M1: each kind needs its own fields and refuses the others'. Returns the problems, field by field. */
export function planKindIssues(p: PlanShape): { field: keyof PlanShape; message: string }[] {
  const issues: { field: keyof PlanShape; message: string }[] = [];
  const need = (field: keyof PlanShape, message: string) => {
    if (p[field] === null || p[field] === undefined) issues.push({ field, message });
  };
  const forbid = (field: keyof PlanShape, message: string) => {
    if (p[field] !== null && p[field] !== undefined) issues.push({ field, message });
  };
  if (p.kind === "recurring") {
    need("interval", "A recurring plan bills every week, month or year.");
    forbid("sessions", "Only session packs have a session count.");
  } else {
    need(
      "durationDays",
      p.kind === "sessions" ? "Say how many days the pack is valid." : "Say how many days a fixed plan lasts.",
    );
    if (p.kind === "sessions") need("sessions", "Say how many sessions the pack holds.");
    else forbid("sessions", "Only session packs have a session count.");
    forbid("interval", "Only recurring plans bill on an interval.");
    forbid("bookingLimitPerPeriod", "Only recurring plans limit bookings per period.");
  }
  return issues;
}

/** M1's kind rules as a refinement, for CreatePlanInput and any schema extended from PlanFields. */
export function planKindRules(p: PlanShape, ctx: z.RefinementCtx): void {
  for (const i of planKindIssues(p)) ctx.addIssue({ code: "custom", path: [i.field], message: i.message });
}

export const CreatePlanInput = PlanFields.superRefine(planKindRules);
export type CreatePlanInput = z.input<typeof CreatePlanInput>;

/** The kind of a plan never changes (its memberships depend on it); everything else may. */
export const UpdatePlanInput = PlanFields.omit({ kind: true }).partial().strict();
export type UpdatePlanInput = z.input<typeof UpdatePlanInput>;

/** A plan as the API shows it (API.md "Plans"). */
export function toApiPlan(p: MembershipPlan, memberCount?: number) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    kind: p.kind,
    priceCents: p.priceCents,
    currency: p.currency,
    interval: p.interval,
    bookingLimitPerPeriod: p.bookingLimitPerPeriod,
    durationDays: p.durationDays,
    sessions: p.sessions,
    permissions: p.permissions,
    memberOnlyAccess: p.memberOnlyAccess,
    public: p.public,
    bookingOpensDaysBefore: p.bookingOpensDaysBefore,
    bookingClosesMinutesBefore: p.bookingClosesMinutesBefore,
    newClientsOnly: p.newClientsOnly,
    archived: p.archivedAt !== null,
    lateCancelPolicy: p.lateCancelPolicy ?? null,
    noShowPolicy: p.noShowPolicy ?? null,
    createdAt: p.createdAt.toISOString(),
    ...(memberCount !== undefined && { memberCount }),
  };
}
