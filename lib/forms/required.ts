import { and, eq, inArray, isNull, max, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { formRequirements, forms, formSignatures, formVersions, type FormResign, type FormVersion } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";

/** What a booking or purchase is of: a plan, or a class (a session of it). */
export type FormTarget = { planId?: string | null; classId?: string | null; planIds?: string[] };

/** A form a client still has to sign: its current version. */
export type FormToSign = FormVersion & { signedVersion: number | null };

/**
 * F1: whether a client whose best signature is of version `signed` (null: never
 * signed) must sign the form now. Never signed: yes. Otherwise only when a
 * later version was published for everyone; a version published for "only new
 * clients" keeps earlier signatures valid.
 */
export function needsSignature(versions: { version: number; resign: FormResign }[], signed: number | null): boolean {
  if (signed === null) return true;
  return versions.some((v) => v.version > signed && v.resign === "everyone");
}

/** The forms (not archived) that require the plan or the class, with all their versions. */
async function requiredForms(ctx: Ctx, target: FormTarget | "all"): Promise<Map<string, FormVersion[]>> {
  let formIds: string[];
  if (target === "all") {
    const rows = await ctx.db
      .selectDistinct({ formId: formRequirements.formId })
      .from(formRequirements)
      .innerJoin(forms, and(eq(forms.studioId, formRequirements.studioId), eq(forms.id, formRequirements.formId)))
      .where(and(eq(formRequirements.studioId, ctx.studio.id), isNull(forms.archivedAt)));
    formIds = rows.map((r) => r.formId);
  } else {
    const conds = [
      target.planId ? eq(formRequirements.planId, target.planId) : undefined,
      target.classId ? eq(formRequirements.classId, target.classId) : undefined,
      target.planIds?.length ? inArray(formRequirements.planId, target.planIds) : undefined,
    ].filter(Boolean);
    if (conds.length === 0) return new Map();
    const rows = await ctx.db
      .selectDistinct({ formId: formRequirements.formId })
      .from(formRequirements)
      .innerJoin(forms, and(eq(forms.studioId, formRequirements.studioId), eq(forms.id, formRequirements.formId)))
      .where(and(eq(formRequirements.studioId, ctx.studio.id), isNull(forms.archivedAt), or(...conds)));
    formIds = rows.map((r) => r.formId);
  }
  if (formIds.length === 0) return new Map();
  const versions = await ctx.db
    .select()
    .from(formVersions)
    .where(and(eq(formVersions.studioId, ctx.studio.id), inArray(formVersions.formId, formIds)));
  const out = new Map<string, FormVersion[]>();
  for (const v of versions) out.set(v.formId, [...(out.get(v.formId) ?? []), v]);
  for (const vs of out.values()) vs.sort((a, b) => a.version - b.version);
  return out;
}

/** Each client's best signed version of each form: `${clientId}:${formId}` → version. */
async function signedVersions(ctx: Ctx, clientIds: string[], formIds: string[]): Promise<Map<string, number>> {
  if (!clientIds.length || !formIds.length) return new Map();
  const rows = await ctx.db
    .select({ clientId: formSignatures.clientId, formId: formSignatures.formId, version: max(formVersions.version) })
    .from(formSignatures)
    .innerJoin(
      formVersions,
      and(eq(formVersions.studioId, formSignatures.studioId), eq(formVersions.id, formSignatures.versionId)),
    )
    .where(
      and(
        eq(formSignatures.studioId, ctx.studio.id),
        inArray(formSignatures.clientId, clientIds),
        inArray(formSignatures.formId, formIds),
      ),
    )
    .groupBy(formSignatures.clientId, formSignatures.formId);
  return new Map(rows.map((r) => [`${r.clientId}:${r.formId}`, r.version ?? 0]));
}

/**
 * F1 (internal): whether a form (not archived) requires the class, as a boolean column for a caller's own query
 * (issue 20: a booking reads it with its session; requireSignedForms's `known` then skips its own read when none does).
 */
export function classRequiresForm(ctx: Ctx, classId: SQL | AnyColumn | string): SQL<boolean> {
  const requirement = ctx.db
    .select({ formId: formRequirements.formId })
    .from(formRequirements)
    .innerJoin(forms, and(eq(forms.studioId, formRequirements.studioId), eq(forms.id, formRequirements.formId)))
    .where(
      and(
        eq(formRequirements.studioId, ctx.studio.id),
        isNull(forms.archivedAt),
        eq(formRequirements.classId, classId),
      ),
    );
  return sql<boolean>`exists(${requirement})`;
}

/** F1 (internal): whether booking a session of this class needs any form signed, whoever books (a guest's quick booking). */
export async function classNeedsForm(ctx: Ctx, classId: string): Promise<boolean> {
  return (await requiredForms(ctx, { classId })).size > 0;
}

/**
 * F1 (internal: no permission check): the forms this client must sign before
 * buying the plan or booking a session of the class (`"all"`: any form some
 * plan or class requires), each as its current version.
 */
export async function loadFormsToSign(ctx: Ctx, clientId: string, target: FormTarget | "all"): Promise<FormToSign[]> {
  return (await loadUnsignedForms(ctx, [clientId], target)).get(clientId) ?? [];
}

/** loadFormsToSign for several clients at once (the attendance list's badges). */
export async function loadUnsignedForms(
  ctx: Ctx,
  clientIds: string[],
  target: FormTarget | "all",
): Promise<Map<string, FormToSign[]>> {
  const required = await requiredForms(ctx, target);
  const out = new Map<string, FormToSign[]>();
  if (required.size === 0 || clientIds.length === 0) return out;
  const signed = await signedVersions(ctx, clientIds, [...required.keys()]);
  for (const clientId of clientIds) {
    for (const [formId, versions] of required) {
      const best = signed.get(`${clientId}:${formId}`) ?? null;
      if (!needsSignature(versions, best)) continue;
      const current = versions[versions.length - 1]!;
      out.set(clientId, [...(out.get(clientId) ?? []), { ...current, signedVersion: best }]);
    }
  }
  return out;
}

/**
 * F1, the one enforcement: a booking (`classId`) or a purchase (`planId`) for a
 * client who has not signed a form it requires is refused with
 * `form_required`, carrying the form (its current version) to sign. Members,
 * staff at the desk and API keys are asked alike; the system (a paid Stripe
 * checkout being granted, a waitlist promotion) is not, as the person was asked
 * before paying or queueing.
 */
export async function requireSignedForms(
  ctx: Ctx,
  clientId: string,
  target: FormTarget,
  /** `required`: classRequiresForm's answer for the target's class, read earlier in this transaction. False: no read. */
  known?: { required: boolean },
): Promise<void> {
  if (ctx.actor.kind === "system") return;
  if (known?.required === false) return;
  const [first] = await loadFormsToSign(ctx, clientId, target);
  if (!first) return;
  const self = ctx.actor.kind === "member" && ctx.actor.clientId === clientId;
  const again = first.signedVersion !== null;
  const message =
    ctx.actor.kind === "member"
      ? `${self ? "Please" : "As their primary customer, please"} ${again ? "sign the new version of" : "sign"} “${first.title}” first.`
      : `This client has ${again ? "not signed the new version of" : "not signed"} “${first.title}”. Have them sign it (or record it at the desk on their client page), then try again.`;
  throw new RuleError("form_required", message, {
    form: { id: first.formId, versionId: first.id, title: first.title },
  });
}
