import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import {
  classes,
  formRequirements,
  forms,
  formVersions,
  membershipPlans,
  type FormQuestion,
  type FormResign,
} from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { actorId, inTransaction, type Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { requirePermission } from "@/lib/core/permissions";
import { isUuid, parseInput } from "@/lib/core/validation";
import { CreateFormInput, PublishFormVersionInput, SetFormRequirementsInput, toStoredQuestions } from "./form-input";

/** A form as the dashboard and the API show it: its current version and what requires it. */
export type FormSummary = {
  id: string;
  title: string;
  body: string;
  version: number;
  versionId: string;
  resign: FormResign;
  questions: FormQuestion[];
  publishedAt: Date;
  requiredFor: { planIds: string[]; classIds: string[] };
  createdAt: Date;
};

/** The current (highest) version of each of these forms of the studio (internal read). */
export async function loadCurrentVersions(ctx: Ctx, formIds: string[]) {
  if (formIds.length === 0) return new Map<string, typeof formVersions.$inferSelect>();
  const rows = await ctx.db
    .selectDistinctOn([formVersions.formId])
    .from(formVersions)
    .where(and(eq(formVersions.studioId, ctx.studio.id), inArray(formVersions.formId, formIds)))
    .orderBy(formVersions.formId, desc(formVersions.version));
  return new Map(rows.map((r) => [r.formId, r]));
}

/** Every plan and class id given exists in this studio; another studio's reads as not found. */
async function checkTargets(ctx: Ctx, planIds: string[], classIds: string[]): Promise<void> {
  if (planIds.length) {
    const found = await ctx.db
      .select({ id: membershipPlans.id })
      .from(membershipPlans)
      .where(and(eq(membershipPlans.studioId, ctx.studio.id), inArray(membershipPlans.id, planIds)));
    if (found.length !== new Set(planIds).size) throw new NotFoundError("Plan");
  }
  if (classIds.length) {
    const found = await ctx.db
      .select({ id: classes.id })
      .from(classes)
      .where(and(eq(classes.studioId, ctx.studio.id), inArray(classes.id, classIds)));
    if (found.length !== new Set(classIds).size) throw new NotFoundError("Class");
  }
}

async function writeRequirements(ctx: Ctx, formId: string, planIds: string[], classIds: string[]): Promise<void> {
  await checkTargets(ctx, planIds, classIds);
  await ctx.db
    .delete(formRequirements)
    .where(and(eq(formRequirements.studioId, ctx.studio.id), eq(formRequirements.formId, formId)));
  const rows = [
    ...[...new Set(planIds)].map((planId) => ({ studioId: ctx.studio.id, formId, planId })),
    ...[...new Set(classIds)].map((classId) => ({ studioId: ctx.studio.id, formId, classId })),
  ];
  if (rows.length) await ctx.db.insert(formRequirements).values(rows);
}

/**
 * F1: a new form with its first version (the text kept as sanitized Markdown,
 * optional questions, health ones flagged) and the plans and classes that
 * require it. Owners and managers (`settings`).
 */
export async function createForm(ctx: Ctx, raw: CreateFormInput): Promise<FormSummary> {
  requirePermission(ctx, "settings");
  const input = parseInput(CreateFormInput, raw);
  const id = await inTransaction(ctx, async (tx) => {
    const [form] = await tx.db.insert(forms).values({ studioId: ctx.studio.id, createdAt: ctx.now }).returning();
    const [version] = await tx.db
      .insert(formVersions)
      .values({
        studioId: ctx.studio.id,
        formId: form!.id,
        version: 1,
        title: input.title,
        body: input.body,
        questions: toStoredQuestions(input.questions),
        resign: "everyone",
        publishedByUserId: ctx.actor.kind === "staff" ? ctx.actor.userId : null,
        publishedAt: ctx.now,
      })
      .returning();
    await writeRequirements(tx, form!.id, input.requiredFor?.planIds ?? [], input.requiredFor?.classIds ?? []);
    await audit(tx, {
      action: "form.created",
      table: "forms",
      rowId: form!.id,
      data: { versionId: version!.id, by: actorId(ctx.actor) },
    });
    return form!.id;
  });
  return getForm(ctx, id);
}

/**
 * F1: editing a form publishes a new version (earlier versions stay as signed).
 * `resign`: "everyone" asks every client to sign again; "new_clients" keeps
 * earlier signatures valid and asks only those who never signed.
 */
export async function publishFormVersion(ctx: Ctx, raw: PublishFormVersionInput): Promise<FormSummary> {
  requirePermission(ctx, "settings");
  const input = parseInput(PublishFormVersionInput, raw);
  if (!isUuid(input.formId)) throw new NotFoundError("Form");
  await inTransaction(ctx, async (tx) => {
    const [form] = await tx.db
      .select({ id: forms.id })
      .from(forms)
      .where(and(eq(forms.studioId, ctx.studio.id), eq(forms.id, input.formId), isNull(forms.archivedAt)))
      .for("update");
    if (!form) throw new NotFoundError("Form");
    const current = (await loadCurrentVersions(tx, [form.id])).get(form.id)!;
    const [version] = await tx.db
      .insert(formVersions)
      .values({
        studioId: ctx.studio.id,
        formId: form.id,
        version: current.version + 1,
        title: input.title,
        body: input.body,
        questions: toStoredQuestions(input.questions),
        resign: input.resign,
        publishedByUserId: ctx.actor.kind === "staff" ? ctx.actor.userId : null,
        publishedAt: ctx.now,
      })
      .returning();
    await audit(tx, {
      action: "form.version_published",
      table: "form_versions",
      rowId: version!.id,
      data: { formId: form.id, version: version!.version, resign: input.resign },
    });
  });
  return getForm(ctx, input.formId);
}

/** F1: which plans and classes require the form (the whole set, replaced). */
export async function setFormRequirements(ctx: Ctx, raw: SetFormRequirementsInput): Promise<FormSummary> {
  requirePermission(ctx, "settings");
  const input = parseInput(SetFormRequirementsInput, raw);
  if (!isUuid(input.formId)) throw new NotFoundError("Form");
  await inTransaction(ctx, async (tx) => {
    const [form] = await tx.db
      .select({ id: forms.id })
      .from(forms)
      .where(and(eq(forms.studioId, ctx.studio.id), eq(forms.id, input.formId)))
      .for("update");
    if (!form) throw new NotFoundError("Form");
    await writeRequirements(tx, form.id, input.planIds, input.classIds);
    await audit(tx, {
      action: "form.requirements_set",
      table: "forms",
      rowId: form.id,
      data: { plans: input.planIds.length, classes: input.classIds.length },
    });
  });
  return getForm(ctx, input.formId);
}

async function summaries(ctx: Ctx, formIds?: string[]): Promise<FormSummary[]> {
  const rows = await ctx.db
    .select()
    .from(forms)
    .where(
      and(
        eq(forms.studioId, ctx.studio.id),
        isNull(forms.archivedAt),
        formIds ? inArray(forms.id, formIds) : undefined,
      ),
    )
    .orderBy(asc(forms.createdAt), asc(forms.id));
  const ids = rows.map((r) => r.id);
  const [versions, reqs] = await Promise.all([
    loadCurrentVersions(ctx, ids),
    ids.length
      ? ctx.db
          .select()
          .from(formRequirements)
          .where(and(eq(formRequirements.studioId, ctx.studio.id), inArray(formRequirements.formId, ids)))
      : Promise.resolve([]),
  ]);
  return rows.map((f) => {
    const v = versions.get(f.id)!;
    const mine = reqs.filter((r) => r.formId === f.id);
    return {
      id: f.id,
      title: v.title,
      body: v.body,
      version: v.version,
      versionId: v.id,
      resign: v.resign,
      questions: v.questions,
      publishedAt: v.publishedAt,
      requiredFor: {
        planIds: mine.flatMap((r) => (r.planId ? [r.planId] : [])),
        classIds: mine.flatMap((r) => (r.classId ? [r.classId] : [])),
      },
      createdAt: f.createdAt,
    };
  });
}

/** F1: the studio's forms with their current version. Every staff role reads them (the desk asks for them). */
export async function listForms(ctx: Ctx): Promise<FormSummary[]> {
  requirePermission(ctx, "clients.read");
  return summaries(ctx);
}

/** F1: one form of the studio; another studio's reads as not found. */
export async function getForm(ctx: Ctx, id: string): Promise<FormSummary> {
  requirePermission(ctx, "clients.read");
  if (!isUuid(id)) throw new NotFoundError("Form");
  const [form] = await summaries(ctx, [id]);
  if (!form) throw new NotFoundError("Form");
  return form;
}
