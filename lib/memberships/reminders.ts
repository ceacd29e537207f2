import { and, eq, inArray, isNotNull, isNull, lte, gt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, membershipPlans, memberships, studios, type Studio } from "@/db/schema";
import { formatDate } from "@/lib/core/format";
import { sendMail } from "@/lib/mail/send-mail";
import { grantsRightsSql } from "./effective-status";

export const LOW_SESSIONS = 2;
export const ENDING_SOON_DAYS = 7;

/**
 * Mails members whose pack is down to 2 sessions, and members whose membership
 * ends within 7 days: once each. A reminder is claimed (its timestamp written)
 * in the same statement that selects it, so two app processes never both send it.
 */
export async function sendMembershipReminders(
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
      and(holderEmailed, isNull(memberships.lowSessionsRemindedAt), gt(memberships.sessionsRemaining, 0), lte(memberships.sessionsRemaining, LOW_SESSIONS)),
    )
    .returning({ studioId: memberships.studioId, membershipId: memberships.id, clientId: memberships.clientId, planId: memberships.planId, sessions: memberships.sessionsRemaining, endsAt: memberships.endsAt });

  const soon = new Date(now.getTime() + ENDING_SOON_DAYS * 86_400_000);
  const ending = await db
    .update(memberships)
    .set({ endingRemindedAt: now })
    .where(and(holderEmailed, isNull(memberships.endingRemindedAt), isNull(memberships.cancelledAt), isNotNull(memberships.endsAt), lte(memberships.endsAt, soon)))
    .returning({ studioId: memberships.studioId, membershipId: memberships.id, clientId: memberships.clientId, planId: memberships.planId, sessions: memberships.sessionsRemaining, endsAt: memberships.endsAt });

  const all = [...low, ...ending];
  if (!all.length) return { lowSessions: 0, endingSoon: 0 };
  const studioRows = await db.select().from(studios).where(inArray(studios.id, [...new Set(all.map((r) => r.studioId))]));
  const byId = new Map<string, Studio>(studioRows.map((s) => [s.id, s]));

  const send = async (r: (typeof all)[number], kind: "low_sessions" | "ending_soon") => {
    const studio = byId.get(r.studioId)!;
    const [row] = await db
      .select({ name: clients.name, email: clients.email, plan: membershipPlans.name })
      .from(clients)
      .innerJoin(membershipPlans, and(eq(membershipPlans.studioId, clients.studioId), eq(membershipPlans.id, sql`${r.planId}::uuid`)))
      .where(and(eq(clients.studioId, r.studioId), eq(clients.id, r.clientId!)));
    if (!row?.email) return;
    const ctx = { db, studio, actor: { kind: "system" as const, reason: "reminders" }, now };
    const text =
      kind === "low_sessions"
        ? `Hi ${row.name},\n\nYou have ${r.sessions} session${r.sessions === 1 ? "" : "s"} left on your ${row.plan}. Book them, or ask us about your next pack.\n\n${studio.name}`
        : `Hi ${row.name},\n\nYour ${row.plan} ends on ${formatDate(r.endsAt!, studio.timezone)}. Renew in time to keep booking.\n\n${studio.name}`;
    await sendMail(ctx, {
      kind,
      to: row.email,
      clientId: r.clientId,
      subject: kind === "low_sessions" ? `${r.sessions} sessions left on your ${row.plan}` : `Your ${row.plan} ends soon`,
      text,
    });
  };
  for (const r of low) await send(r, "low_sessions");
  for (const r of ending) await send(r, "ending_soon");
  return { lowSessions: low.length, endingSoon: ending.length };
}
