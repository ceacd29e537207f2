import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  clients,
  formHealthAnswers,
  formSignatures,
  formVersions,
  type FormQuestion,
  type FormSignature,
} from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { requirePermission } from "@/lib/core/permissions";
import { isUuid, parseInput, PersonName } from "@/lib/core/validation";
import { canActFor } from "@/lib/households/household-access";
import { enqueueTemplateMail } from "@/lib/jobs";
import { loadCurrentVersions } from "./forms";

export const SignFormInput = z.object({
  formId: z.string().max(100),
  versionId: z.string().max(100),
  /** Whose form: staff name the client; a member signs its own (absent) or, as primary customer, a participant's. */
  clientId: z.uuid().optional(),
  fullName: PersonName,
  agree: z.literal(true, { error: "Tick “I agree” to sign." }),
  /** The separate consent to keeping answers to health questions (needed when any is answered). */
  healthConsent: z.boolean().optional(),
  /** Answers by question id (yes_no: "yes" or "no"; choice: one of its options). */
  answers: z.record(z.string().max(20), z.string().trim().max(2000)).default({}),
});
export type SignFormInput = z.input<typeof SignFormInput>;

/** Where the signature came from (the door reads them from the request). */
export type SignatureOrigin = { ipAddress: string | null; userAgent: string | null };

/** The answers of a sign form's fields (`answer.q1`, `answer.q2`…), for the doors that read FormData. */
export function answersFromForm(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    const m = /^answer\.(q\d{1,3})$/.exec(k);
    if (m && typeof v === "string" && v.trim() !== "") out[m[1]!] = v.trim();
  }
  return out;
}

/** Checks the answers against the version's questions; splits them into ordinary and health answers. */
function splitAnswers(questions: FormQuestion[], answers: Record<string, string>) {
  const fields: Record<string, string[]> = {};
  const plain: Record<string, string> = {};
  const health: Record<string, string> = {};
  for (const key of Object.keys(answers))
    if (!questions.some((q) => q.id === key)) fields[`answers.${key}`] = ["There is no such question."];
  for (const q of questions) {
    const a = answers[q.id]?.trim() ?? "";
    if (a === "") {
      if (q.required) fields[`answers.${q.id}`] = ["Answer this question."];
      continue;
    }
    if (q.kind === "yes_no" && a !== "yes" && a !== "no") fields[`answers.${q.id}`] = ["Answer yes or no."];
    else if (q.kind === "choice" && !(q.options ?? []).includes(a))
      fields[`answers.${q.id}`] = ["Choose one of the options."];
    else (q.health ? health : plain)[q.id] = a;
  }
  if (Object.keys(fields).length) throw new InvalidInputError(Object.values(fields)[0]![0]!, fields);
  return { plain, health };
}

/**
 * F1: signs the current version of a form: the typed full name, "I agree", the
 * time, the address and the user agent, the answers (health answers stored
 * apart, with their own consent). A member signs its own, or (H1) as primary
 * customer a participant's; staff record it at the desk on the client's behalf
 * (`bookings.manage`). The signer is mailed a copy (a job in this transaction, J1).
 */
export async function signForm(ctx: Ctx, raw: SignFormInput, origin: SignatureOrigin): Promise<FormSignature> {
  requirePermission(ctx, "bookings.manage", { orMember: true });
  const input = parseInput(SignFormInput, raw);
  if (!isUuid(input.formId) || !isUuid(input.versionId)) throw new NotFoundError("Form");
  const clientId = ctx.actor.kind === "member" ? (input.clientId ?? ctx.actor.clientId) : input.clientId;
  if (!clientId) throw new InvalidInputError("Say whose form it is.", { clientId: ["Choose a client."] });
  if (ctx.actor.kind === "member" && clientId !== ctx.actor.clientId && !(await canActFor(ctx, clientId)))
    throw new NotFoundError("Client");

  return inTransaction(ctx, async (tx) => {
    const [client] = await tx.db
      .select({
        id: clients.id,
        name: clients.name,
        email: clients.email,
        primaryId: clients.householdPrimaryId,
        role: clients.householdRole,
      })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt)));
    if (!client) throw new NotFoundError("Client");
    // H1: a participant's (a child's) form is signed by the primary customer, never by the participant.
    const participant = client.role === "participant" && client.primaryId !== null;
    if (participant && ctx.actor.kind === "member" && ctx.actor.clientId === client.id)
      throw new ForbiddenError("Your household's primary customer signs this form for you.");
    const signerClientId = participant
      ? client.primaryId!
      : ctx.actor.kind === "member"
        ? ctx.actor.clientId
        : client.id;

    const current = (await loadCurrentVersions(tx, [input.formId])).get(input.formId);
    if (!current) throw new NotFoundError("Form");
    // A version of another form, or of another studio, is not found; an earlier version of this one is refused below.
    const [named] = await tx.db
      .select({ id: formVersions.id })
      .from(formVersions)
      .where(
        and(
          eq(formVersions.studioId, ctx.studio.id),
          eq(formVersions.formId, current.formId),
          eq(formVersions.id, input.versionId),
        ),
      );
    if (!named) throw new NotFoundError("Form");
    if (current.id !== input.versionId)
      throw new RuleError(
        "form_required",
        `“${current.title}” was updated a moment ago. Read the new version and sign it.`,
        { form: { id: current.formId, versionId: current.id, title: current.title } },
      );
    const { plain, health } = splitAnswers(current.questions, input.answers);
    const hasHealth = Object.keys(health).length > 0;
    if (hasHealth && !input.healthConsent)
      throw new InvalidInputError("Agree to the studio keeping your health answers, or leave them out.", {
        healthConsent: ["Agree to the studio keeping your health answers, or leave them out."],
      });

    const [signature] = await tx.db
      .insert(formSignatures)
      .values({
        studioId: ctx.studio.id,
        formId: current.formId,
        versionId: current.id,
        clientId: client.id,
        signerClientId,
        signerUserId: ctx.actor.kind === "member" ? ctx.actor.userId : null,
        recordedByUserId: ctx.actor.kind === "staff" ? ctx.actor.userId : null,
        fullName: input.fullName,
        agreed: true,
        answers: plain,
        ipAddress: origin.ipAddress?.slice(0, 100) ?? null,
        userAgent: origin.userAgent?.slice(0, 500) ?? null,
        signedAt: ctx.now,
      })
      .returning();
    if (hasHealth)
      await tx.db.insert(formHealthAnswers).values({
        studioId: ctx.studio.id,
        signatureId: signature!.id,
        clientId: client.id,
        answers: health,
        consentedAt: ctx.now,
      });
    await audit(tx, {
      action: "form.signed",
      table: "form_signatures",
      rowId: signature!.id,
      data: { formId: current.formId, version: current.version, atDesk: ctx.actor.kind === "staff" },
    });

    // The copy goes to whoever signed: the primary for a participant, else the client.
    const [signer] =
      signerClientId === client.id
        ? [client]
        : await tx.db
            .select({ id: clients.id, name: clients.name, email: clients.email })
            .from(clients)
            .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, signerClientId)));
    if (signer?.email) {
      await enqueueTemplateMail(
        tx,
        "form_signed",
        {
          name: signer.name,
          title: current.title,
          version: current.version,
          body: current.body,
          answers: current.questions
            .filter((q) => !q.health && plain[q.id] !== undefined)
            .map((q) => ({
              question: q.label,
              answer: q.kind === "yes_no" ? (plain[q.id] === "yes" ? "Yes" : "No") : plain[q.id]!,
            })),
          fullName: input.fullName,
          when: formatDateTime(ctx.now, ctx.studio.timezone),
          forName: signer.id === client.id ? null : client.name,
          atDesk: ctx.actor.kind === "staff",
        },
        { key: `form-signed:${signature!.id}`, to: signer.email, clientId: signer.id },
      );
    }
    return signature!;
  });
}
