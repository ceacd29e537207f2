import { and, eq, inArray, isNotNull, isNull, lte, gt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, membershipPlans, memberships, studios, type Studio } from "@/db/schema";
import { formatDate } from "@/lib/core/format";
import { enqueueTemplateMail } from "@/lib/jobs";
import { grantsRightsSql } from "./effective-status";

export const LOW_SESSIONS = 2;
export const ENDING_SOON_DAYS = 7;

/**
 * Mails members whose pack is down to 2 sessions, and members whose membership
 * ends within 7 days: once each. A reminder is claimed (its timestamp written)
 * in the same statement that selects it, and its mail enqueued in the same
 * transaction (J1), so two processes never both send it and a crash after the
 * claim loses no mail. Runs as the `memberships.remind` scheduled job (J2).
 */
export async function sendMembershipReminders(
  db: Db,
  now: Date,
  studioId?: string,
): Promise<{ lowSessions: number; endingSoon: number }> {
  return db.transaction((tx) => claimAndEnqueue(tx as unknown as Db, now, studioId));
}

async function claimAndEnqueue(
  db: Db,
  now: Date,
  studioId?: string,
): Promise<{ lowSessions: number; endingSoon: number }> {
  const holderEmailed = and(
    studioId ? eq(memberships.studioId, studioId) : undefined,
    isNotNull(memberships.clientId),
    grantsRightsSql(now),
  );

  const low = await db
    .update(memberships)
    .set({ lowSessionsRemindedAt: now })
    .where(
      and(
        holderEmailed,
        isNull(memberships.lowSessionsRemindedAt),
        gt(memberships.sessionsRemaining, 0),
        lte(memberships.sessionsRemaining, LOW_SESSIONS),
      ),
    )
    .returning({
      studioId: memberships.studioId,
      membershipId: memberships.id,
      clientId: memberships.clientId,
      planId: memberships.planId,
      sessions: memberships.sessionsRemaining,
      endsAt: memberships.endsAt,
    });

  const soon = new Date(now.getTime() + ENDING_SOON_DAYS * 86_400_000);
  const ending = await db
    .update(memberships)
    .set({ endingRemindedAt: now })
    .where(
      and(
        holderEmailed,
        isNull(memberships.endingRemindedAt),
        isNull(memberships.cancelledAt),
        isNotNull(memberships.endsAt),
        lte(memberships.endsAt, soon),
      ),
    )
    .returning({
      studioId: memberships.studioId,
      membershipId: memberships.id,
      clientId: memberships.clientId,
      planId: memberships.planId,
      sessions: memberships.sessionsRemaining,
      endsAt: memberships.endsAt,
    });

  const all = [...low, ...ending];
  if (!all.length) return { lowSessions: 0, endingSoon: 0 };
  const studioRows = await db
    .select()
    .from(studios)
    .where(inArray(studios.id, [...new Set(all.map((r) => r.studioId))]));
  const byId = new Map<string, Studio>(studioRows.map((s) => [s.id, s]));

  const send = async (r: (typeof all)[number], kind: "low_sessions" | "ending_soon") => {
    const studio = byId.get(r.studioId)!;
    const [row] = await db
      .select({ name: clients.name, email: clients.email, plan: membershipPlans.name })
      .from(clients)
      .innerJoin(
        membershipPlans,
        and(eq(membershipPlans.studioId, clients.studioId), eq(membershipPlans.id, sql`${r.planId}::uuid`)),
      )
      .where(and(eq(clients.studioId, r.studioId), eq(clients.id, r.clientId!)));
    if (!row?.email) return;
    const ctx = { db, studio, actor: { kind: "system" as const, reason: "reminders" }, now };
    const mail = { key: `${kind}:${r.membershipId}`, to: row.email, clientId: r.clientId };
    if (kind === "low_sessions")
      await enqueueTemplateMail(
        ctx,
        "low_sessions",
        { name: row.name, plan: row.plan, sessions: r.sessions ?? 0 },
        mail,
      );
    else
      await enqueueTemplateMail(
        ctx,
        "ending_soon",
        { name: row.name, plan: row.plan, endsOn: formatDate(r.endsAt!, studio.timezone) },
        mail,
      );
  };
  for (const r of low) await send(r, "low_sessions");
  for (const r of ending) await send(r, "ending_soon");
  return { lowSessions: low.length, endingSoon: ending.length };
}
