import { z } from "zod";
import { billingInterval, planKind, type MembershipPlan } from "@/db/schema";
import { Currency } from "@/lib/core/validation";

const Permission = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/i, { error: "Use letters, digits and . _ : - in permission keys." });

const PlanFields = z.object({
  name: z.string().trim().min(1, { error: "Name the plan." }).max(120),
  description: z.string().trim().max(2000).nullish(),
  kind: z.enum(planKind.enumValues, { error: "Choose recurring, fixed or sessions." }),
  priceCents: z.number({ error: "Enter a price." }).int({ error: "Price is in whole cents." }).min(0).max(100_000_000),
  currency: Currency.optional(),
  interval: z.enum(billingInterval.enumValues).nullish(),
  bookingLimitPerPeriod: z.number().int().min(1).max(1000).nullish(),
  durationDays: z.number().int().min(1).max(3660).nullish(),
  sessions: z.number().int().min(1).max(1000).nullish(),
  permissions: z.array(Permission).max(50).default([]),
  memberOnlyAccess: z.boolean().default(false),
  public: z.boolean().default(false),
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
    need("durationDays", p.kind === "sessions" ? "Say how many days the pack is valid." : "Say how many days a fixed plan lasts.");
    if (p.kind === "sessions") need("sessions", "Say how many sessions the pack holds.");
    else forbid("sessions", "Only session packs have a session count.");
    forbid("interval", "Only recurring plans bill on an interval.");
    forbid("bookingLimitPerPeriod", "Only recurring plans limit bookings per period.");
  }
  return issues;
}

export const CreatePlanInput = PlanFields.superRefine((p, ctx) => {
  for (const i of planKindIssues(p)) ctx.addIssue({ code: "custom", path: [i.field], message: i.message });
});
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
    archived: p.archivedAt !== null,
    createdAt: p.createdAt.toISOString(),
    ...(memberCount !== undefined && { memberCount }),
  };
}
