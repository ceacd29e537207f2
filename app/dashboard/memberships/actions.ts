"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { redirect } from "next/navigation";
import { keepValues, type FormState } from "@/app/_lib/form";
import { FormId, ListText, staffAction } from "@/app/_lib/staff-action";
import { getClient } from "@/lib/clients";
import type { Ctx } from "@/lib/core/ctx";
import { MoneyText } from "@/lib/core/validation";
import {
  AdjustInput,
  adjustMembership,
  assignMembership,
  AssignMembershipFields,
  CancelMembershipInput,
  cancelMembership,
  ExtendInput,
  extendMembership,
  SuspendInput,
  suspendMembership,
} from "@/lib/memberships";
import { markPaymentPaid, RefundInput, refundPayment, StaffPaymentMethod } from "@/lib/payments";
import { archivePlan, createPlan, getPlan, PlanFields, planKindRules, updatePlan, UpdatePlanInput } from "@/lib/plans";
import { dayInZone, nextDay, zonedDayStart } from "@/lib/core/time";

type FieldErrors = Record<string, string[]>;

/** Refuses the form with messages beside its fields, keeping what was typed. */
function refuse(form: FormData, fieldErrors: FieldErrors): FormState {
  return { ok: false, formError: "Please correct the fields marked below.", fieldErrors, values: keepValues(form) };
}

/** A day typed in a date field (YYYY-MM-DD), read in the studio's zone by the action. */
const DayText = z.string().max(10).optional();

/** The desk's payment choice (P0): how it was paid, or "due". */
const PaymentChoice = z.union([StaffPaymentMethod, z.literal("due")], {
  error: "Choose how it was paid, or that the payment is due.",
});
const paymentMethodOf = (choice: z.output<typeof PaymentChoice>) => (choice === "due" ? null : choice);

/** The plan fields staff type, as the verbs read them: the price in major units ("120.00"), permissions as "a, b". */
const planFormFields = {
  priceCents: MoneyText,
  permissions: ListText(PlanFields.shape.permissions),
  /** B9: this plan's fees; empty = the studio's policy, 0 = forfeit (no fee). */
  lateCancelFee: MoneyText.optional(),
  noShowFee: MoneyText.optional(),
};

/** B9: the plan's own policies from its fee fields (empty = the studio's, 0 = forfeit). */
function planPolicies<T extends { lateCancelFee?: number; noShowFee?: number }>(input: T) {
  const { lateCancelFee, noShowFee, ...rest } = input;
  const policy = (fee: number | undefined) =>
    fee === undefined ? null : fee === 0 ? { kind: "forfeit" as const } : { kind: "fee" as const, feeCents: fee };
  return { ...rest, lateCancelPolicy: policy(lateCancelFee), noShowPolicy: policy(noShowFee) };
}
/** The form's name of the price field. */
const PLAN_NAMES = { priceCents: "price" } as const;
/** A plan field left empty has no value (for an edit: it is cleared, not kept). */
const EMPTY_PLAN_FIELDS = {
  description: null,
  interval: null,
  bookingLimitPerPeriod: null,
  durationDays: null,
  sessions: null,
  bookingOpensDaysBefore: null,
  bookingClosesMinutesBefore: null,
};

/** Owners create a plan (M1, M2); the new plan's page opens. */
export const createPlanAction = staffAction(
  PlanFields.extend(planFormFields).superRefine(planKindRules),
  async (ctx, input) => {
    const plan = await createPlan(ctx, { ...EMPTY_PLAN_FIELDS, ...planPolicies(input) });
    revalidatePath("/dashboard/memberships");
    redirect(`/dashboard/memberships/plans/${plan.id}?created=1`);
  },
  { names: PLAN_NAMES },
);

/** Owners change a plan; its kind stays, and memberships already sold keep what they were sold. */
export const updatePlanAction = staffAction(
  UpdatePlanInput.extend({
    id: FormId("Plan"),
    // The form always sends the name and the price: empty is refused, not left as it was.
    name: UpdatePlanInput.shape.name.unwrap(),
    ...planFormFields,
  }),
  async (ctx, { id, ...input }) => {
    await updatePlan(ctx, id, { ...EMPTY_PLAN_FIELDS, ...planPolicies(input) });
    revalidatePath("/dashboard/memberships", "layout");
    return { ok: true, message: "Plan saved." };
  },
  { names: PLAN_NAMES },
);

/** Archives (no longer sold; members keep their memberships) or brings a plan back. */
export const setPlanArchivedAction = staffAction(
  z.object({ id: FormId("Plan"), archived: z.enum(["0", "1"]) }),
  async (ctx, { id, archived }) => {
    const plan = await archivePlan(ctx, id, archived === "1");
    revalidatePath("/dashboard/memberships", "layout");
    return { ok: true, message: archived === "1" ? `${plan.name} is archived.` : `${plan.name} is on sale again.` };
  },
);

/** The start typed as a day: today means now; another day means its start in the studio's zone. */
function startInstant(ctx: Ctx, day: string | undefined, errors: FieldErrors): Date | undefined {
  if (!day || day === dayInZone(ctx.now, ctx.studio.timezone)) return undefined;
  const at = zonedDayStart(day, ctx.studio.timezone);
  if (!at) errors.startsAt = ["Enter a start date."];
  return at ?? undefined;
}

/** The hand-given membership's form: the verb's own fields, the start as a day and the desk's payment choice. */
const AddMemberForm = AssignMembershipFields.pick({
  planId: true,
  clientId: true,
  companyId: true,
  email: true,
  name: true,
  promoCode: true,
  overrideReason: true,
}).extend({ startDate: DayText, payment: PaymentChoice });

/**
 * Staff give a plan by hand (M6): to an existing client (by id or email), to
 * a new client (email and name, created through C1), or to a company (M7).
 * A sale records its payment or a payment due (P0).
 */
export const addMemberAction = staffAction(AddMemberForm, async (ctx, input, form) => {
  const errors: FieldErrors = {};
  const startsAt = startInstant(ctx, input.startDate, errors);
  const { planId, clientId, companyId, email } = input;
  if (!clientId && !companyId && !email) errors.email = ["Enter the client's email address."];
  if (Object.keys(errors).length) return refuse(form, errors);

  const { membership, created } = await assignMembership(ctx, {
    planId,
    ...(clientId ? { clientId } : companyId ? { companyId } : { email, name: input.name }),
    startsAt,
    paymentMethod: paymentMethodOf(input.payment),
    source: "staff",
    // M12 a promo code typed at the desk; M11 the reason to sell an intro offer to a client who is not new.
    ...(input.promoCode ? { promoCode: input.promoCode } : {}),
    ...(input.overrideReason ? { overrideReason: input.overrideReason } : {}),
  });
  const plan = await getPlan(ctx, planId);
  const holder = membership.clientId ? (await getClient(ctx, membership.clientId)).name : "The company";
  if (!created) {
    return {
      ok: false,
      formError: `${holder} already has ${plan.name} starting on that day.`,
      values: keepValues(form),
    };
  }
  revalidatePath("/dashboard", "layout");
  return {
    ok: true,
    message: `${holder} now has ${plan.name}${input.promoCode ? ` (promo code ${input.promoCode.toUpperCase()})` : ""}.`,
  };
});

/** M8: cancels; the client and the history stay. */
export const cancelMembershipAction = staffAction(
  CancelMembershipInput.extend({ id: FormId("Membership") }),
  async (ctx, { id, ...input }) => {
    await cancelMembership(ctx, id, input);
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership cancelled." };
  },
);

/** M9: suspends from the first day through the last day typed (both in the studio's zone). */
export const suspendMembershipAction = staffAction(
  z.object({ id: FormId("Membership"), fromDate: DayText, untilDate: DayText, reason: SuspendInput.shape.reason }),
  async (ctx, { id, fromDate, untilDate, reason }, form) => {
    const tz = ctx.studio.timezone;
    const errors: FieldErrors = {};
    const from = fromDate ? zonedDayStart(fromDate, tz) : null;
    const afterLast = untilDate ? nextDay(untilDate) : null;
    const until = afterLast ? zonedDayStart(afterLast, tz) : null;
    if (!from) errors.from = ["Enter the first day of the suspension."];
    if (!until) errors.until = ["Enter the last day of the suspension."];
    if (from && until && until <= from) errors.until = ["The last day cannot be before the first."];
    if (!from || !until || Object.keys(errors).length) return refuse(form, errors);
    await suspendMembership(ctx, id, { from, until, reason });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership suspended; its end moved later by the same length." };
  },
);

/** S5: staff extend at any time; a pack starts afresh and its unused sessions are forfeited. Records the sale (P0). */
export const extendMembershipAction = staffAction(
  ExtendInput.pick({ reason: true }).extend({ id: FormId("Membership"), payment: PaymentChoice }),
  async (ctx, { id, payment, reason }) => {
    await extendMembership(ctx, id, { paymentMethod: paymentMethodOf(payment), reason });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership extended." };
  },
);

/** Staff correct the end date or the session count, with a reason kept in the history (S2). */
export const adjustMembershipAction = staffAction(
  z.object({
    id: FormId("Membership"),
    endDate: DayText,
    originalEndDate: DayText,
    sessionsDelta: AdjustInput.shape.sessionsDelta,
    reason: AdjustInput.shape.reason,
  }),
  async (ctx, { id, endDate, originalEndDate, sessionsDelta, reason }, form) => {
    const errors: FieldErrors = {};
    let endsAt: Date | undefined;
    if (endDate && endDate !== originalEndDate) {
      const after = nextDay(endDate);
      endsAt = (after && zonedDayStart(after, ctx.studio.timezone)) || undefined;
      if (!endsAt) errors.endsAt = ["Enter a date."];
    }
    if (!Object.keys(errors).length && endsAt === undefined && sessionsDelta === undefined) {
      const nothing = ["Change the last day or the sessions."];
      return refuse(form, { endsAt: nothing, sessionsDelta: nothing });
    }
    if (Object.keys(errors).length) return refuse(form, errors);
    await adjustMembership(ctx, id, { endsAt, sessionsDelta, reason });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership adjusted." };
  },
);

/** P0: staff mark a due payment as paid, saying how. */
export const markPaymentPaidAction = staffAction(
  z.object({ id: FormId("Payment"), method: StaffPaymentMethod }),
  async (ctx, { id, method }) => {
    await markPaymentPaid(ctx, id, { method });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Payment marked as paid." };
  },
);

/** Owners refund part or all of a paid payment (R1); the amount is typed in major units ("20.00"). */
export const refundPaymentAction = staffAction(
  RefundInput.extend({ id: FormId("Payment"), amountCents: MoneyText.pipe(RefundInput.shape.amountCents) }),
  async (ctx, { id, ...input }) => {
    await refundPayment(ctx, id, input);
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Refund recorded." };
  },
  { names: { amountCents: "amount" } },
);
