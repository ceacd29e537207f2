import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getDb } from "@/db";
import { bookings, classes, classSessions, clients, studios, type Studio } from "@/db/schema";
import type { Ctx } from "@/lib/core/ctx";
import { formatDateTime } from "@/lib/core/format";
import { rowsOf } from "@/lib/core/sql";
import { enqueueTemplateMail } from "@/lib/jobs";
import { appOrigin } from "@/lib/core/app-origin";

/** J3: the one reminder a booking may get. */
export const reminderKey = (bookingId: string) => `reminder:${bookingId}`;

/**
 * The `bookings.remind` scheduled job (J2, J3), every 5 minutes, once per
 * period across processes (graphile-worker's crontab).
 */
export async function sessionRemindersJob(): Promise<void> {
  await sendSessionReminders(await getDb(), new Date());
}

/**
 * J3: queues a reminder mail for every live booking whose session starts within
 * its studio's `sessionReminderHours` (default 24; null or 0: none). Each
 * booking gets at most one (`reminder:<bookingId>` names the mail, and
 * bookings already reminded are not picked). The state is read when the job
 * runs, in the transaction that queues the mail, with the booking row locked,
 * so a booking cancelled or a session cancelled before then gets nothing, and
 * a moved session is reminded at its new time. A booking made inside the
 * window is not reminded: its confirmation just said when. Bookings a
 * concurrent change holds are skipped this round and picked up by the next.
 * Returns how many reminders were queued.
 */
export async function sendSessionReminders(db: Db, now: Date, studioId?: string): Promise<number> {
  const due = rowsOf<{ studio_id: string; booking_id: string }>(
    await db.execute(sql`
      select b.studio_id, b.id as booking_id
      from studios st
      cross join lateral (
        select case when st.settings->'sessionReminderHours' is null then 24
                    else (st.settings->>'sessionReminderHours')::int end * interval '1 hour' as lead) h
      join class_sessions s on s.studio_id = st.id and s.cancelled_at is null
                           and s.starts_at > ${now.toISOString()}::timestamptz
                           and s.starts_at <= ${now.toISOString()}::timestamptz + h.lead
      join bookings b on b.studio_id = s.studio_id and b.session_id = s.id and b.status = 'booked'
                     and b.created_at <= s.starts_at - h.lead
      where h.lead > interval '0'
        ${studioId ? sql`and st.id = ${studioId}` : sql``}
        and not exists (select 1 from messages m where m.studio_id = b.studio_id and m.key = 'reminder:' || b.id::text)
      order by b.studio_id, b.id`),
  );
  if (!due.length) return 0;
  const byStudio = new Map<string, string[]>();
  for (const r of due) byStudio.set(r.studio_id, [...(byStudio.get(r.studio_id) ?? []), r.booking_id]);
  const studioRows = await db
    .select()
    .from(studios)
    .where(inArray(studios.id, [...byStudio.keys()]));
  let queued = 0;
  for (const studio of studioRows as Studio[]) {
    const ids = byStudio.get(studio.id)!;
    queued += await db.transaction(async (tx) => {
      const ctx: Ctx = { db: tx as unknown as Db, studio, actor: { kind: "system", reason: "session reminders" }, now };
      // Re-read under the booking's lock: whatever changed since the scan decides.
      const rows = await ctx.db
        .select({
          bookingId: bookings.id,
          clientId: clients.id,
          name: clients.name,
          email: clients.email,
          erasedAt: clients.erasedAt,
          startsAt: classSessions.startsAt,
          title: classes.title,
          location: classes.location,
        })
        .from(bookings)
        .innerJoin(
          classSessions,
          and(eq(classSessions.studioId, bookings.studioId), eq(classSessions.id, bookings.sessionId)),
        )
        .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
        .innerJoin(clients, and(eq(clients.studioId, bookings.studioId), eq(clients.id, bookings.clientId)))
        .where(
          and(
            eq(bookings.studioId, studio.id),
            inArray(bookings.id, ids),
            eq(bookings.status, "booked"),
            sql`${classSessions.cancelledAt} is null`,
            sql`${classSessions.startsAt} > ${now.toISOString()}::timestamptz`,
          ),
        )
        .for("update", { of: bookings, skipLocked: true });
      let n = 0;
      for (const r of rows) {
        if (!r.email || r.erasedAt) continue;
        const when = formatDateTime(r.startsAt, studio.timezone);
        const where = `${r.title}, ${when}${r.location ? ` at ${r.location}` : ""}`;
        const origin = appOrigin();
        await enqueueTemplateMail(
          ctx,
          "session_reminder",
          {
            name: r.name,
            title: r.title,
            when,
            what: where,
            bookingsUrl: origin ? `${origin}/s/${studio.slug}/bookings` : null,
          },
          { to: r.email, clientId: r.clientId, key: reminderKey(r.bookingId) },
        );
        n++;
      }
      return n;
    });
  }
  return queued;
}
