import { and, eq, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  clientNotes,
  clients,
  formHealthAnswers,
  formSignatures,
  messages,
  retentionSends,
  staff,
  users,
  verificationTokens,
  waitlistEntries,
  type Client,
} from "@/db/schema";
import { newCardToken } from "@/lib/cards/rotate-card-token";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/format";
import { isUuid, normalizeEmail, parseInput } from "@/lib/core/validation";
import { enqueueTemplateMail } from "@/lib/jobs";

export const EraseClientInput = z.object({
  /** Any string: a malformed id is "not found", like another studio's. */
  clientId: z.string({ error: "Say which client to erase." }).max(100),
});
export type EraseClientInput = z.input<typeof EraseClientInput>;

/**
 * The ids of a studio's erased clients (`studio` an SQL uuid), read from their own small index (clients_erased_idx):
 * what a count made from another table's index (a plan's holders, a tag's) leaves out without reading client rows.
 */
export function erasedClientIdsSql(studio: SQL): SQL {
  return sql`(select e.id from ${clients} e where e.studio_id = ${studio} and e.erased_at is not null)`;
}

/** The name an erased client shows where its bookings and payments still appear. */
export const ERASED_NAME = "Erased client";
/** What replaces the address, subject and text of mails about an erased client. */
const REDACTED = "[erased]";

/**
 * P1 (GDPR erasure), irreversible and for owners only (docs/rules.md "staff": not
 * instructors). Removes the client's personal data: name, email, phone,
 * emergency contact, picture, questionnaire, tags, marketing consent, notes,
 * signed forms' names, answers and health answers (F1),
 * the mails sent to or about them, and sign-in traces carrying the email
 * (rate-limit keys, verification tokens); the card token is replaced and the
 * portal login is unlinked, and deleted when it serves no other studio and no
 * staff. Bookings, memberships and payments stay, anonymous, so the studio's
 * totals do not change. The erased client is "not found" from then on. Audited
 * without personal data; the studio's owners are mailed that it happened.
 */
export async function eraseClient(ctx: Ctx, raw: EraseClientInput): Promise<Client> {
  requirePermission(ctx, "clients.erase");
  const input = parseInput(EraseClientInput, raw);
  if (!isUuid(input.clientId)) throw new NotFoundError("Client");
  const clientId = input.clientId.toLowerCase();

  const erased = await inTransaction(ctx, async (tx) => {
    const where = and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId));
    const [current] = await tx.db
      .select()
      .from(clients)
      .where(and(where, isNull(clients.erasedAt)))
      .for("update");
    if (!current) throw new NotFoundError("Client");

    const emails = new Set<string>();
    if (current.email) emails.add(normalizeEmail(current.email));
    if (current.emailNormalized) emails.add(current.emailNormalized);
    let login: { id: string; email: string } | undefined;
    if (current.userId) {
      [login] = await tx.db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(eq(users.id, current.userId));
      if (login) emails.add(normalizeEmail(login.email));
    }
    const emailList = [...emails];

    const [row] = await tx.db
      .update(clients)
      .set({
        name: ERASED_NAME,
        email: null,
        emailNormalized: null,
        phone: null,
        emergencyContactName: null,
        emergencyContactPhone: null,
        pictureUrl: null,
        questionnaire: null,
        tags: [],
        marketingConsent: false,
        marketingConsentAt: null,
        cardToken: newCardToken(),
        calendarToken: newCardToken(),
        userId: null,
        householdPrimaryId: null,
        householdRole: null,
        erasedAt: ctx.now,
        updatedAt: ctx.now,
      })
      .where(where)
      .returning();

    // H1: an erased primary no longer heads a household; its members stand on their own.
    await tx.db
      .update(clients)
      .set({ householdPrimaryId: null, householdRole: null, updatedAt: ctx.now })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.householdPrimaryId, clientId)));
    const notes = await tx.db
      .delete(clientNotes)
      .where(and(eq(clientNotes.studioId, ctx.studio.id), eq(clientNotes.clientId, clientId)))
      .returning({ id: clientNotes.id });
    // F1: signed forms keep only which version was signed and when: health answers go, and so do the typed
    // name, the answers, the address and the user agent.
    await tx.db
      .delete(formHealthAnswers)
      .where(and(eq(formHealthAnswers.studioId, ctx.studio.id), eq(formHealthAnswers.clientId, clientId)));
    await tx.db
      .update(formSignatures)
      .set({ answers: {} })
      .where(and(eq(formSignatures.studioId, ctx.studio.id), eq(formSignatures.clientId, clientId)));
    await tx.db
      .update(formSignatures)
      .set({ fullName: ERASED_NAME, ipAddress: null, userAgent: null })
      .where(
        and(
          eq(formSignatures.studioId, ctx.studio.id),
          or(eq(formSignatures.clientId, clientId), eq(formSignatures.signerClientId, clientId)),
        ),
      );
    // B4: nobody can be booked from a queue in the name of an erased person.
    await tx.db
      .update(waitlistEntries)
      .set({ leftAt: ctx.now })
      .where(
        and(
          eq(waitlistEntries.studioId, ctx.studio.id),
          eq(waitlistEntries.clientId, clientId),
          isNull(waitlistEntries.promotedBookingId),
          isNull(waitlistEntries.leftAt),
        ),
      );

    // The mail log: what was sent to or about the person stays as a count, without address, subject or text.
    const addressed = emailList.length
      ? sql`lower(${messages.toAddress}) = any(${sql.param(emailList)}::text[])`
      : sql`false`;
    const redacted = await tx.db
      .update(messages)
      .set({
        toAddress: REDACTED,
        subject: REDACTED,
        body: REDACTED,
        props: null,
        error: sql`case when ${messages.error} is null then null else ${REDACTED} end`,
        // A mail still waiting in the outbox (J1) is never sent to an erased person.
        status: sql`case when ${messages.status} in ('queued', 'failed') then 'not_sent'::message_status else ${messages.status} end`,
      })
      .where(and(eq(messages.studioId, ctx.studio.id), or(eq(messages.clientId, clientId), addressed)))
      .returning({ id: messages.id });
    // A retention mail's record keeps its subject, which may name the person ({firstName}).
    await tx.db
      .update(retentionSends)
      .set({ subject: REDACTED })
      .where(and(eq(retentionSends.studioId, ctx.studio.id), eq(retentionSends.clientId, clientId)));
    if (emailList.length) {
      await tx.db
        .update(messages)
        .set({ replyTo: null })
        .where(
          and(
            eq(messages.studioId, ctx.studio.id),
            sql`lower(${messages.replyTo}) = any(${sql.param(emailList)}::text[])`,
          ),
        );
      // A4: a login's sign-in throttles are never a tenant's to touch (their keys hold no email: lib/security/rate-limit.ts).
      await tx.db
        .delete(verificationTokens)
        .where(sql`lower(${verificationTokens.identifier}) = any(${sql.param(emailList)}::text[])`);
    }

    // The portal login goes too, unless it still signs in to another studio or belongs to staff.
    let loginDeleted = false;
    if (login) {
      const [otherClient] = await tx.db
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.userId, login.id), ne(clients.id, clientId)))
        .limit(1);
      const [staffRow] = await tx.db
        .select({ userId: staff.userId })
        .from(staff)
        .where(eq(staff.userId, login.id))
        .limit(1);
      if (!otherClient && !staffRow) {
        await tx.db.delete(users).where(eq(users.id, login.id));
        loginDeleted = true;
      }
    }

    await audit(tx, {
      action: "client.erased",
      table: "clients",
      rowId: clientId,
      data: { notesDeleted: notes.length, messagesRedacted: redacted.length, loginDeleted },
    });
    await mailOwners(tx, clientId);
    return row!;
  });
  return erased;
}

/** P1: tells the studio's owners an erasure happened, with nothing that identifies the person (enqueued in the erasure's transaction, J1). */
async function mailOwners(ctx: Ctx, clientId: string): Promise<void> {
  const owners = await ctx.db
    .select({ email: users.email })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.studioId, ctx.studio.id), eq(staff.role, "owner")));
  const by =
    ctx.actor.kind === "api"
      ? "through the API"
      : ctx.actor.kind === "system"
        ? "by the system"
        : "by an owner in the dashboard";
  const when = formatDateTime(ctx.now, ctx.studio.timezone);
  for (const owner of owners) {
    await enqueueTemplateMail(
      ctx,
      "client_erased",
      { by, when },
      { key: `erased:${clientId}:${owner.email}`, to: owner.email },
    );
  }
}
