import { and, desc, eq, isNull } from "drizzle-orm";
import { clients, formHealthAnswers, formSignatures, formVersions, users, type FormQuestion } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { NotFoundError } from "@/lib/core/errors";
import { can, requirePermission } from "@/lib/core/permissions";
import { isUuid } from "@/lib/core/validation";
import { canActFor } from "@/lib/households/household-access";
import { loadFormsToSign, loadUnsignedForms, type FormTarget } from "./required";

/** One signed version on a client's record. */
export type SignedForm = {
  signatureId: string;
  formId: string;
  versionId: string;
  version: number;
  title: string;
  body: string;
  questions: FormQuestion[];
  fullName: string;
  signedAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  /** The primary customer who signed a participant's form (H1), when not the client. */
  signedByClientId: string | null;
  /** Recorded by staff at the desk (their email), when it was. */
  atDeskBy: string | null;
  answers: Record<string, string>;
  /**
   * Health answers: only for staff whose role T2 allows (`forms.health`: owners and
   * managers), and only when asked for (`withHealth`: never for the API or an export).
   */
  healthAnswers: Record<string, string> | null;
};

/**
 * F1: the versions a client signed, newest first (the client page, the API).
 * Health answers are included only with `withHealth` and `forms.health`.
 */
export async function listClientForms(
  ctx: Ctx,
  clientId: string,
  opts: { withHealth?: boolean } = {},
): Promise<SignedForm[]> {
  requirePermission(ctx, "clients.read");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const [client] = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)));
  if (!client) throw new NotFoundError("Client");
  const rows = await ctx.db
    .select({ s: formSignatures, v: formVersions, deskBy: users.email })
    .from(formSignatures)
    .innerJoin(
      formVersions,
      and(eq(formVersions.studioId, formSignatures.studioId), eq(formVersions.id, formSignatures.versionId)),
    )
    .leftJoin(users, eq(users.id, formSignatures.recordedByUserId))
    .where(and(eq(formSignatures.studioId, ctx.studio.id), eq(formSignatures.clientId, clientId)))
    .orderBy(desc(formSignatures.signedAt), desc(formVersions.version));
  const health =
    opts.withHealth && ctx.actor.kind === "staff" && can(ctx, "forms.health") && rows.length
      ? await listHealthAnswers(ctx, clientId)
      : null;
  return rows.map(({ s, v, deskBy }) => ({
    signatureId: s.id,
    formId: s.formId,
    versionId: v.id,
    version: v.version,
    title: v.title,
    body: v.body,
    questions: v.questions,
    fullName: s.fullName,
    signedAt: s.signedAt,
    ipAddress: s.ipAddress,
    userAgent: s.userAgent,
    signedByClientId: s.signerClientId && s.signerClientId !== s.clientId ? s.signerClientId : null,
    atDeskBy: s.recordedByUserId ? (deskBy ?? "staff") : null,
    answers: s.answers,
    healthAnswers: health ? (health.get(s.id) ?? null) : null,
  }));
}

/**
 * F1: a client's answers to health questions, by signature: special-category
 * data, for the staff roles T2 allows (`forms.health`: owners and managers).
 * Never part of the API or an export.
 */
export async function listHealthAnswers(ctx: Ctx, clientId: string): Promise<Map<string, Record<string, string>>> {
  requirePermission(ctx, "forms.health");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const rows = await ctx.db
    .select({ id: formHealthAnswers.signatureId, answers: formHealthAnswers.answers })
    .from(formHealthAnswers)
    .where(and(eq(formHealthAnswers.studioId, ctx.studio.id), eq(formHealthAnswers.clientId, clientId)));
  return new Map(rows.map((h) => [h.id, h.answers]));
}

/** F1: the forms (current versions) a client has yet to sign among those any plan or class requires (client page badges). */
export async function listUnsignedForms(ctx: Ctx, clientId: string) {
  requirePermission(ctx, "clients.read");
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  return loadFormsToSign(ctx, clientId, "all");
}

/**
 * F1: the forms a member (itself, or a participant of its household) must
 * sign before buying the plan or booking the class: what the portal and the
 * embed ask for before confirming. Staff may ask it for any client.
 */
export async function formsToSign(ctx: Ctx, target: FormTarget & { clientId?: string }) {
  requirePermission(ctx, "clients.read", { orMember: true });
  const clientId = ctx.actor.kind === "member" ? (target.clientId ?? ctx.actor.clientId) : target.clientId;
  if (!clientId || !isUuid(clientId)) throw new NotFoundError("Client");
  if (ctx.actor.kind === "member" && clientId !== ctx.actor.clientId) {
    if (!(await canActFor(ctx, clientId))) throw new NotFoundError("Client");
  }
  return loadFormsToSign(ctx, clientId, target);
}

/** F1: the attendance list's "unsigned" badges: for each client booked, the titles of the class's forms not signed. */
export async function unsignedFormTitles(
  ctx: Ctx,
  clientIds: string[],
  target: FormTarget,
): Promise<Map<string, string[]>> {
  requirePermission(ctx, "schedule.read");
  const unsigned = await loadUnsignedForms(ctx, [...new Set(clientIds)], target);
  return new Map([...unsigned].map(([id, fs]) => [id, fs.map((f) => f.title)]));
}
