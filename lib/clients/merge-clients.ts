import { and, asc, eq, exists, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import {
  bookings,
  classSessions,
  clientNotes,
  clients,
  companyClients,
  membershipPlans,
  memberships,
  messages,
  payments,
  waitlistEntries,
  type Booking,
  type Client,
} from "@/db/schema";
import { cancelInTransaction } from "@/lib/bookings/cancel-booking";
import { promoteFromWaitlist, type Promotion } from "@/lib/bookings/waitlist";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { formatDate } from "@/lib/core/format";
import { at } from "@/lib/core/sql";
import { isUuid, parseInput } from "@/lib/core/validation";
import { clientSearchCondition } from "./search";
import { changeSessions } from "@/lib/memberships/ledger";

export const MergeClientsInput = z
  .object({
    /** A: the client that stays. Any string: a malformed id is "not found", like another studio's. */
    targetClientId: z.string({ error: "Say which client to keep." }).max(100),
    /** B: the client merged into A and then removed. */
    sourceClientId: z.uuid({ error: "Choose the client to merge in." }),
  })
  .refine((v) => v.targetClientId.toLowerCase() !== v.sourceClientId.toLowerCase(), {
    path: ["sourceClientId"],
    error: "A client cannot be merged into itself. Choose another client.",
  });
export type MergeClientsInput = z.input<typeof MergeClientsInput>;

/** Sessions whose places a move freed, with whoever the waitlist then booked (mailed by the booking, in the transaction). */
export type MovedHistory = { promotions: { sessionId: string; promoted: Promotion[] }[] };

/**
 * C5: staff merge client B into client A on request (never automatically).
 * B's bookings, memberships, payments, notes, tags (union), waitlist places,
 * company links, mail log and household members move to A; A's empty contact
 * fields are filled from B; member-since becomes the earlier (C3); A takes B's
 * portal login when it has none. Then B is removed, and one audit row says so.
 * Conflicts: a session both hold a live booking in keeps A's (B's is cancelled
 * by staff, so its pack session returns, S1); a waitlist both wait on keeps A's
 * place; two memberships of one plan with the same start refuse the merge
 * (`merge_conflict`) with nothing changed. R1 counters follow by themselves.
 */
export async function mergeClients(ctx: Ctx, raw: MergeClientsInput): Promise<Client> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(MergeClientsInput, raw);
  if (!isUuid(input.targetClientId)) throw new NotFoundError("Client");
  const targetId = input.targetClientId.toLowerCase();
  const sourceId = input.sourceClientId.toLowerCase();

  const { merged } = await inTransaction(ctx, async (tx) => {
    const locked = await lockClients(tx, [targetId, sourceId]);
    const a = locked.get(targetId);
    const b = locked.get(sourceId);
    if (!a || !b) throw new NotFoundError("Client");

    // H1: B's household members move under A, which cannot itself sit in another household (no nesting).
    const bMembers = await householdMembers(tx, b.id);
    const movingMembers = bMembers.filter((id) => id !== a.id);
    if (movingMembers.length && a.householdPrimaryId && a.householdPrimaryId !== b.id) {
      throw new RuleError(
        "merge_conflict",
        "The client you keep belongs to another household, so the members of the merged client's household cannot move under it. Take it out of that household first, then merge.",
      );
    }

    await moveClientHistory(tx, b.id, a.id);

    await tx.db
      .update(clientNotes)
      .set({ clientId: a.id })
      .where(and(eq(clientNotes.studioId, ctx.studio.id), eq(clientNotes.clientId, b.id)));
    await tx.db.execute(sql`
      insert into ${companyClients} (studio_id, company_id, client_id, linked_at)
      select studio_id, company_id, ${a.id}::uuid, linked_at from ${companyClients}
       where studio_id = ${ctx.studio.id} and client_id = ${b.id}
      on conflict do nothing`);
    await tx.db
      .update(messages)
      .set({ clientId: a.id })
      .where(and(eq(messages.studioId, ctx.studio.id), eq(messages.clientId, b.id)));

    // Household links: A inside B's household leaves it (A is the one who stays); B's other members point at A.
    // B sitting in a household A is not part of: A, the same person, takes B's place in it.
    let household: Pick<Client, "householdPrimaryId" | "householdRole"> | undefined;
    if (a.householdPrimaryId === b.id) household = { householdPrimaryId: null, householdRole: null };
    else if (
      !a.householdPrimaryId &&
      b.householdPrimaryId &&
      b.householdPrimaryId !== a.id &&
      movingMembers.length === 0 &&
      (await householdMembers(tx, a.id)).length === 0
    ) {
      household = { householdPrimaryId: b.householdPrimaryId, householdRole: b.householdRole };
    }
    if (movingMembers.length) {
      await tx.db
        .update(clients)
        .set({ householdPrimaryId: a.id, updatedAt: ctx.now })
        .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, movingMembers)));
    }

    // B gives up what must stay unique (email, login) before A takes it.
    const takeEmail = !a.emailNormalized && !!b.emailNormalized;
    const takeLogin = !a.userId && !!b.userId;
    await tx.db
      .update(clients)
      .set({
        ...(takeEmail && { email: null, emailNormalized: null }),
        ...(takeLogin && { userId: null }),
        householdPrimaryId: null,
        householdRole: null,
      })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, b.id)));

    const tags = [...a.tags, ...b.tags.filter((t) => !a.tags.includes(t))];
    const memberSince =
      a.memberSince && b.memberSince
        ? a.memberSince <= b.memberSince
          ? a.memberSince
          : b.memberSince
        : (a.memberSince ?? b.memberSince);
    const [merged] = await tx.db
      .update(clients)
      .set({
        ...household,
        ...(takeEmail && { email: b.email, emailNormalized: b.emailNormalized }),
        ...(takeLogin && { userId: b.userId, portalDisabled: a.portalDisabled || b.portalDisabled }),
        phone: a.phone ?? b.phone,
        emergencyContactName: a.emergencyContactName ?? b.emergencyContactName,
        emergencyContactPhone: a.emergencyContactPhone ?? b.emergencyContactPhone,
        pictureUrl: a.pictureUrl ?? b.pictureUrl,
        questionnaire: a.questionnaire ?? b.questionnaire,
        memberSince,
        tags,
        updatedAt: ctx.now,
      })
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, a.id)))
      .returning();

    await tx.db.delete(clients).where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, b.id)));
    await audit(tx, { action: "client.merged", table: "clients", rowId: a.id, data: { sourceClientId: b.id } });
    return { merged: merged! };
  });
  return merged;
}

export const MergeCandidatesInput = z.object({
  targetClientId: z.string().max(100),
  /** Part of a name, an email or a phone number; empty: likely duplicates (same name or phone). */
  q: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(25).default(10),
});

export type MergeCandidate = Pick<Client, "id" | "name" | "email" | "phone" | "totalBookings" | "createdAt">;

/**
 * C5 picker: clients of this studio that could be merged into the target (not
 * itself, not erased), found by name, email or phone; with no query, the
 * likely duplicates (the same name, or the same phone number). Never merges anything.
 */
export async function findMergeCandidates(
  ctx: Ctx,
  raw: z.input<typeof MergeCandidatesInput>,
): Promise<MergeCandidate[]> {
  requirePermission(ctx, "clients.read");
  const input = parseInput(MergeCandidatesInput, raw);
  if (!isUuid(input.targetClientId)) throw new NotFoundError("Client");
  const [target] = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, input.targetClientId), isNull(clients.erasedAt)));
  if (!target) throw new NotFoundError("Client");

  let match: SQL | undefined;
  if (input.q) {
    match = clientSearchCondition(ctx.studio.id, input.q);
  } else {
    const phone = target.phone?.replace(/\D/g, "") ?? "";
    match = or(
      sql`lower(${clients.name}) = ${target.name.toLowerCase()}`,
      phone.length >= 6 ? sql`regexp_replace(coalesce(${clients.phone}, ''), '[^0-9]', '', 'g') = ${phone}` : undefined,
    );
  }
  return ctx.db
    .select({
      id: clients.id,
      name: clients.name,
      email: clients.email,
      phone: clients.phone,
      totalBookings: clients.totalBookings,
      createdAt: clients.createdAt,
    })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), ne(clients.id, target.id), isNull(clients.erasedAt), match))
    .orderBy(asc(sql`lower(${clients.name})`), asc(clients.id))
    .limit(input.limit);
}

/** Locks the given clients of this studio (not erased) in id order, so two merges of the same pair cannot deadlock. */
export async function lockClients(ctx: Ctx, ids: string[]): Promise<Map<string, Client>> {
  const rows = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids), isNull(clients.erasedAt)))
    .orderBy(asc(clients.id))
    .for("update");
  return new Map(rows.map((c) => [c.id, c]));
}

/** The ids of the clients whose household primary is `primaryId` (H1). */
export async function householdMembers(ctx: Ctx, primaryId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.householdPrimaryId, primaryId)));
  return rows.map((r) => r.id);
}

/**
 * Moves a client's history (memberships, bookings, payments, waitlist places)
 * to another client of the same studio, in the caller's transaction (C5, H2).
 * Both clients must be locked by the caller. Refuses (`merge_conflict`) before
 * writing anything when both hold a membership of one plan with the same start.
 * A session both are booked on keeps the receiver's booking: the mover's is
 * cancelled as by staff (its pack session returns, S1) and the freed place goes
 * to the waitlist (B4). A queue both wait in keeps the receiver's place.
 */
export async function moveClientHistory(tx: Ctx, fromId: string, toId: string): Promise<MovedHistory> {
  const studioId = tx.studio.id;

  const theirs = alias(memberships, "theirs");
  const [clash] = await tx.db
    .select({ plan: membershipPlans.name, startsAt: memberships.startsAt })
    .from(memberships)
    .innerJoin(
      membershipPlans,
      and(eq(membershipPlans.studioId, memberships.studioId), eq(membershipPlans.id, memberships.planId)),
    )
    .where(
      and(
        eq(memberships.studioId, studioId),
        eq(memberships.clientId, fromId),
        exists(
          tx.db
            .select({ one: sql`1` })
            .from(theirs)
            .where(
              and(
                eq(theirs.studioId, studioId),
                eq(theirs.clientId, toId),
                eq(theirs.planId, memberships.planId),
                eq(theirs.startsAt, memberships.startsAt),
              ),
            ),
        ),
      ),
    )
    .limit(1);
  if (clash) {
    throw new RuleError(
      "merge_conflict",
      `Both clients hold a "${clash.plan}" membership starting ${formatDate(clash.startsAt, tx.studio.timezone)}. Cancel or change one of the two first, then try again. Nothing was changed.`,
    );
  }

  // Sessions both are booked on: the mover's booking is cancelled, the receiver's stays.
  const other = alias(bookings, "other");
  const duplicates = await tx.db
    .select({ booking: bookings, startsAt: classSessions.startsAt })
    .from(bookings)
    .innerJoin(
      classSessions,
      and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
    )
    .where(
      and(
        eq(bookings.studioId, studioId),
        eq(bookings.clientId, fromId),
        ne(bookings.status, "cancelled"),
        exists(
          tx.db
            .select({ one: sql`1` })
            .from(other)
            .where(
              and(
                eq(other.studioId, studioId),
                eq(other.sessionId, bookings.sessionId),
                eq(other.clientId, toId),
                ne(other.status, "cancelled"),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(bookings.id));
  const freed: string[] = [];
  for (const { booking, startsAt } of duplicates) {
    if (booking.status === "booked" && startsAt > tx.now) {
      await cancelInTransaction(tx, booking.id, "staff");
      freed.push(booking.sessionId);
    } else {
      await cancelPastDuplicate(tx, booking);
    }
  }

  await tx.db
    .update(memberships)
    .set({ clientId: toId, updatedAt: tx.now })
    .where(and(eq(memberships.studioId, studioId), eq(memberships.clientId, fromId)));
  await tx.db
    .update(bookings)
    .set({ clientId: toId })
    .where(and(eq(bookings.studioId, studioId), eq(bookings.clientId, fromId)));
  await tx.db
    .update(payments)
    .set({ clientId: toId, updatedAt: tx.now })
    .where(and(eq(payments.studioId, studioId), eq(payments.clientId, fromId)));

  // Waitlists: a queue both wait in, or one the receiver is now booked on, keeps no second place.
  await tx.db.execute(sql`
    update ${waitlistEntries} w set left_at = ${at(tx.now)}
     where w.studio_id = ${studioId} and w.client_id = ${fromId} and w.promoted_booking_id is null and w.left_at is null
       and exists (select 1 from ${waitlistEntries} x
                    where x.studio_id = w.studio_id and x.session_id = w.session_id and x.client_id = ${toId}
                      and x.promoted_booking_id is null and x.left_at is null)`);
  await tx.db.execute(
    sql`update ${waitlistEntries} set client_id = ${toId} where studio_id = ${studioId} and client_id = ${fromId}`,
  );
  await tx.db.execute(sql`
    update ${waitlistEntries} w set left_at = ${at(tx.now)}
     where w.studio_id = ${studioId} and w.client_id = ${toId} and w.promoted_booking_id is null and w.left_at is null
       and exists (select 1 from ${bookings} bk
                    where bk.studio_id = w.studio_id and bk.session_id = w.session_id and bk.client_id = ${toId} and bk.status <> 'cancelled')`);

  // B4: a place freed by a cancelled duplicate goes to the first waiting client who can pay.
  const promotions: MovedHistory["promotions"] = [];
  for (const sessionId of new Set(freed))
    promotions.push({ sessionId, promoted: await promoteFromWaitlist(tx, sessionId) });
  return { promotions };
}

/**
 * A duplicate the cancel verb refuses (its session has started, or it is a
 * no-show): cancelled the same way by hand: place freed, its pack session
 * returned as cancelled by staff (S2), since one person cannot use two places.
 */
async function cancelPastDuplicate(tx: Ctx, booking: Booking): Promise<void> {
  await tx.db
    .update(bookings)
    .set({ status: "cancelled", cancelledAt: tx.now, cancelledBy: "staff" })
    .where(and(eq(bookings.studioId, tx.studio.id), eq(bookings.id, booking.id)));
  await tx.db
    .update(classSessions)
    .set({ bookedCount: sql`${classSessions.bookedCount} - 1` })
    .where(and(eq(classSessions.studioId, tx.studio.id), eq(classSessions.id, booking.sessionId)));
  if (booking.sessionTaken && booking.membershipId) {
    await changeSessions(tx, {
      membershipId: booking.membershipId,
      delta: 1,
      reason: "cancelled_by_staff",
      bookingId: booking.id,
    });
  }
}
