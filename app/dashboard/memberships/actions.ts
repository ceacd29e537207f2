"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { checked, formAction, keepValues, optional, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth/context";
import { getClient } from "@/lib/clients/get-client";
import type { BillingInterval } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { adjustMembership, cancelMembership, extendMembership, suspendMembership } from "@/lib/memberships/change-membership";
import { markPaymentPaid, refundPayment } from "@/lib/payments/payments";
import type { CreatePlanInput, UpdatePlanInput } from "@/lib/plans/plan-input";
import { archivePlan, createPlan, getPlan, updatePlan } from "@/lib/plans/plans";
import { dayInZone, nextDay, zonedDayStart } from "@/lib/core/time";

type StaffMethod = "cash" | "bank" | "card_terminal";
type FieldErrors = Record<string, string[]>;

/** Refuses the form with messages beside its fields, keeping what was typed. */
function refuse(form: FormData, fieldErrors: FieldErrors): FormState {
  return { ok: false, formError: "Please correct the fields marked below.", fieldErrors, values: keepValues(form) };
}

/** An id from a hidden field; anything else is "not found", like another studio's id. */
function idField(form: FormData, name: string, what: string): string {
  const id = text(form, name);
  if (!isUuid(id)) throw new NotFoundError(what);
  return id;
}

/** Money typed in major units ("120", "120.5", "1 200,00") → integer minor units; null when it is not money. */
function parseMoney(value: string): number | null {
  const v = value.replace(/[\s\u00a0]/g, "");
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** A whole number field: null when empty, NaN when not a whole number. */
function wholeNumber(form: FormData, name: string): number | null {
  const v = text(form, name);
  if (!v) return null;
  return /^\d{1,7}$/.test(v) ? Number(v) : NaN;
}

/** The desk's payment choice: a method, or null for "payment due" (P0). */
function paymentChoice(form: FormData, errors: FieldErrors): StaffMethod | null {
  const v = text(form, "payment");
  if (v === "cash" || v === "bank" || v === "card_terminal") return v;
  if (v === "due") return null;
  errors.payment = ["Choose how it was paid, or that the payment is due."];
  return null;
}

/** "sauna, member-area , sauna" → ["sauna", "member-area"]. */
function parsePermissions(value: string): string[] {
  return [...new Set(value.split(",").map((p) => p.trim()).filter(Boolean))];
}

/** The plan fields staff type, shared by create and edit; number problems are found here, the rest by the verb. */
function planFields(form: FormData, errors: FieldErrors) {
  const priceText = text(form, "price");
  const priceCents = priceText ? parseMoney(priceText) : null;
  if (priceCents === null) errors.priceCents = [priceText ? "Enter a price such as 120.00." : "Enter a price (0 for a free plan)."];
  const numbers = {
    bookingLimitPerPeriod: wholeNumber(form, "bookingLimitPerPeriod"),
    durationDays: wholeNumber(form, "durationDays"),
    sessions: wholeNumber(form, "sessions"),
  };
  for (const [field, n] of Object.entries(numbers)) if (Number.isNaN(n)) errors[field] = ["Enter a whole number."];
  const interval = text(form, "interval");
  return {
    name: text(form, "name"),
    description: optional(form, "description") ?? null,
    priceCents: priceCents ?? 0,
    currency: optional(form, "currency"),
    interval: interval === "week" || interval === "month" || interval === "year" ? (interval as BillingInterval) : null,
    ...numbers,
    permissions: parsePermissions(text(form, "permissions")),
    memberOnlyAccess: checked(form, "memberOnlyAccess"),
    public: checked(form, "public"),
  };
}

/** Owners create a plan (M1, M2); the new plan's page opens. */
export async function createPlanAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const errors: FieldErrors = {};
    const fields = planFields(form, errors);
    if (Object.keys(errors).length) return refuse(form, errors);
    const plan = await createPlan(ctx, { ...fields, kind: text(form, "kind") as CreatePlanInput["kind"] });
    revalidatePath("/dashboard/memberships");
    redirect(`/dashboard/memberships/plans/${plan.id}?created=1`);
  });
}

/** Owners change a plan; its kind stays, and memberships already sold keep what they were sold. */
export async function updatePlanAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = idField(form, "id", "Plan");
    const errors: FieldErrors = {};
    const fields: UpdatePlanInput = planFields(form, errors);
    if (Object.keys(errors).length) return refuse(form, errors);
    await updatePlan(ctx, id, fields);
    revalidatePath("/dashboard/memberships", "layout");
    return { ok: true, message: "Plan saved." };
  });
}

/** Archives (no longer sold; members keep their memberships) or brings a plan back. */
export async function setPlanArchivedAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const archived = text(form, "archived") === "1";
    const plan = await archivePlan(ctx, idField(form, "id", "Plan"), archived);
    revalidatePath("/dashboard/memberships", "layout");
    return { ok: true, message: archived ? `${plan.name} is archived.` : `${plan.name} is on sale again.` };
  });
}

/** The start typed as a day: today means now; another day means its start in the studio's zone. */
function startInstant(ctx: Ctx, form: FormData, errors: FieldErrors): Date | undefined {
  const day = text(form, "startDate");
  if (!day || day === dayInZone(ctx.now, ctx.studio.timezone)) return undefined;
  const at = zonedDayStart(day, ctx.studio.timezone);
  if (!at) errors.startsAt = ["Enter a start date."];
  return at ?? undefined;
}

/**
 * Staff give a plan by hand (M6): to an existing client (by id or email), to
 * a new client (email and name, created through C1), or to a company (M7).
 * A sale records its payment or a payment due (P0).
 */
export async function addMemberAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const errors: FieldErrors = {};
    const planId = text(form, "planId");
    if (!isUuid(planId)) errors.planId = ["Choose a plan."];
    const startsAt = startInstant(ctx, form, errors);
    const paymentMethod = paymentChoice(form, errors);
    const clientId = optional(form, "clientId");
    const companyId = optional(form, "companyId");
    const email = clientId || companyId ? undefined : text(form, "email");
    if (email === "") errors.email = ["Enter the client's email address."];
    if (Object.keys(errors).length) return refuse(form, errors);

    const { membership, created } = await assignMembership(ctx, {
      planId,
      ...(clientId ? { clientId } : companyId ? { companyId } : { email, name: optional(form, "name") }),
      startsAt,
      paymentMethod,
      source: "staff",
    });
    const plan = await getPlan(ctx, planId);
    const holder = membership.clientId ? (await getClient(ctx, membership.clientId)).name : "The company";
    if (!created) {
      return { ok: false, formError: `${holder} already has ${plan.name} starting on that day.`, values: keepValues(form) };
    }
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: `${holder} now has ${plan.name}.` };
  });
}

/** M8: cancels; the client and the history stay. */
export async function cancelMembershipAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    await cancelMembership(ctx, idField(form, "id", "Membership"), { reason: optional(form, "reason") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership cancelled." };
  });
}

/** M9: suspends from the first day through the last day typed (both in the studio's zone). */
export async function suspendMembershipAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = idField(form, "id", "Membership");
    const tz = ctx.studio.timezone;
    const errors: FieldErrors = {};
    const from = zonedDayStart(text(form, "fromDate"), tz);
    const afterLast = nextDay(text(form, "untilDate"));
    const until = afterLast ? zonedDayStart(afterLast, tz) : null;
    if (!from) errors.from = ["Enter the first day of the suspension."];
    if (!until) errors.until = ["Enter the last day of the suspension."];
    if (from && until && until <= from) errors.until = ["The last day cannot be before the first."];
    if (!from || !until || Object.keys(errors).length) return refuse(form, errors);
    await suspendMembership(ctx, id, { from, until, reason: optional(form, "reason") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership suspended; its end moved later by the same length." };
  });
}

/** S5: staff extend at any time; a pack starts afresh and its unused sessions are forfeited. Records the sale (P0). */
export async function extendMembershipAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = idField(form, "id", "Membership");
    const errors: FieldErrors = {};
    const paymentMethod = paymentChoice(form, errors);
    if (Object.keys(errors).length) return refuse(form, errors);
    await extendMembership(ctx, id, { paymentMethod, reason: optional(form, "reason") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership extended." };
  });
}

/** Staff correct the end date or the session count, with a reason kept in the history (S2). */
export async function adjustMembershipAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = idField(form, "id", "Membership");
    const errors: FieldErrors = {};
    const endDay = text(form, "endDate");
    let endsAt: Date | undefined;
    if (endDay && endDay !== text(form, "originalEndDate")) {
      const after = nextDay(endDay);
      endsAt = (after && zonedDayStart(after, ctx.studio.timezone)) || undefined;
      if (!endsAt) errors.endsAt = ["Enter a date."];
    }
    const deltaText = text(form, "sessionsDelta");
    let sessionsDelta: number | undefined;
    if (deltaText) {
      if (/^[+-]?\d{1,4}$/.test(deltaText)) sessionsDelta = Number(deltaText);
      else errors.sessionsDelta = ["Enter a whole number, e.g. 2 to add or -2 to take away."];
    }
    if (!Object.keys(errors).length && endsAt === undefined && sessionsDelta === undefined) {
      const nothing = ["Change the last day or the sessions."];
      return refuse(form, { endsAt: nothing, sessionsDelta: nothing });
    }
    if (Object.keys(errors).length) return refuse(form, errors);
    await adjustMembership(ctx, id, { endsAt, sessionsDelta, reason: text(form, "reason") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Membership adjusted." };
  });
}

/** P0: staff mark a due payment as paid, saying how. */
export async function markPaymentPaidAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = idField(form, "id", "Payment");
    const method = text(form, "method");
    if (method !== "cash" && method !== "bank" && method !== "card_terminal") {
      return refuse(form, { method: ["Choose cash, bank transfer or card terminal."] });
    }
    await markPaymentPaid(ctx, id, { method });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Payment marked as paid." };
  });
}

/** Owners refund part or all of a paid payment (R1). */
export async function refundPaymentAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const id = idField(form, "id", "Payment");
    const amountCents = parseMoney(text(form, "amount"));
    if (!amountCents) return refuse(form, { amountCents: ["Enter the amount to refund, e.g. 20.00."] });
    await refundPayment(ctx, id, { amountCents, reason: optional(form, "reason") });
    revalidatePath("/dashboard", "layout");
    return { ok: true, message: "Refund recorded." };
  });
}
