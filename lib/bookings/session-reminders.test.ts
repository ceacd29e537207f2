import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { bookings, classSessions, messages, studios } from "@/db/schema";
import { drainJobs } from "@/lib/jobs";
import { SCHEDULE } from "@/lib/jobs/definitions";
import { updateStudioSettings } from "@/lib/studios/settings";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, type TestStudio } from "@/test/support/fixtures";
import { makeClient } from "@/test/support/membership-fixtures";
import { startTestSmtp, type TestSmtp } from "@/test/support/smtp";
import { reminderKey, sendSessionReminders } from "./session-reminders";

let smtp: TestSmtp;
const env = { ...process.env };
beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  process.env.SMTP_URL = env.SMTP_URL;
  await smtp.close();
});

const HOUR = 3600_000;
const NOW = new Date();
const longAgo = new Date(NOW.getTime() - 72 * HOUR);

async function book(s: TestStudio, hoursAhead: number, opts: { bookedAt?: Date; title?: string } = {}) {
  const owner = await s.owner();
  const { session } = await makeSession(owner, {
    startsAt: new Date(NOW.getTime() + hoursAhead * HOUR),
    title: opts.title,
  });
  const client = await makeClient(owner, opts.title ?? "Member");
  const [b] = await owner.db
    .insert(bookings)
    .values({
      studioId: s.studio.id,
      sessionId: session.id,
      clientId: client.id,
      bookedBy: "staff",
      createdAt: opts.bookedAt ?? longAgo,
    })
    .returning();
  return { booking: b!, session, client };
}

async function reminders(studioId: string) {
  const db = await getDb();
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, studioId), eq(messages.kind, "session_reminder")));
}

describe("J3: reminders before booked sessions", () => {
  it("J3: one reminder per booking within the studio's window (default 24 h), none outside it, none twice", async () => {
    const s = await makeStudio({ name: "Reminder Studio" });
    const soon = await book(s, 10, { title: "Soon" });
    const later = await book(s, 30, { title: "Later" });
    const fresh = await book(s, 5, { title: "Fresh", bookedAt: new Date(NOW.getTime() - HOUR) }); // booked inside the window
    const db = await getDb();

    expect(await sendSessionReminders(db, NOW, s.studio.id)).toBe(1);
    expect(await sendSessionReminders(db, NOW, s.studio.id)).toBe(0);
    expect(await sendSessionReminders(db, new Date(NOW.getTime() + 60_000), s.studio.id)).toBe(0);
    const rows = await reminders(s.studio.id);
    expect(rows.map((r) => [r.key, r.clientId])).toEqual([[reminderKey(soon.booking.id), soon.client.id]]);
    await drainJobs();
    const mail = await smtp.waitFor(soon.client.email!);
    expect(mail.subject).toMatch(/^Reminder: Soon, /);
    expect(mail.text).toContain("you are booked for Soon");
    expect(smtp.mails.some((m) => m.to.includes(later.client.email!) || m.to.includes(fresh.client.email!))).toBe(
      false,
    );

    // The later one comes into the window as time passes: reminded then, once.
    const next = new Date(NOW.getTime() + 7 * HOUR);
    expect(await sendSessionReminders(db, next, s.studio.id)).toBe(1);
    expect(await sendSessionReminders(db, next, s.studio.id)).toBe(0);
  });

  it("J3: a cancelled booking, a cancelled session or a studio with reminders off get nothing; a moved session is reminded at its new time", async () => {
    const s = await makeStudio();
    const db = await getDb();
    const cancelled = await book(s, 3, { title: "Cancelled booking" });
    await db
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: NOW, cancelledBy: "member" })
      .where(and(eq(bookings.studioId, s.studio.id), eq(bookings.id, cancelled.booking.id)));
    const dropped = await book(s, 4, { title: "Dropped session" });
    await db
      .update(classSessions)
      .set({ cancelledAt: NOW })
      .where(and(eq(classSessions.studioId, s.studio.id), eq(classSessions.id, dropped.session.id)));
    const moved = await book(s, 40, { title: "Moved" });
    const newStart = new Date(NOW.getTime() + 6 * HOUR);
    await db
      .update(classSessions)
      .set({ startsAt: newStart, endsAt: new Date(newStart.getTime() + HOUR) })
      .where(and(eq(classSessions.studioId, s.studio.id), eq(classSessions.id, moved.session.id)));
    expect(await sendSessionReminders(db, NOW, s.studio.id)).toBe(1);
    const [only] = await reminders(s.studio.id);
    expect(only!.key).toBe(reminderKey(moved.booking.id));

    const off = await makeStudio();
    await updateStudioSettings(await off.owner(), { sessionReminderHours: 0 });
    await book(off, 2, { title: "Off" });
    const none = await makeStudio();
    await db
      .update(studios)
      .set({ settings: { ...none.studio.settings, sessionReminderHours: null } })
      .where(eq(studios.id, none.studio.id));
    await book(none, 2, { title: "Null" });
    expect(await sendSessionReminders(db, NOW, off.studio.id)).toBe(0);
    expect(await sendSessionReminders(db, NOW, none.studio.id)).toBe(0);

    const wide = await makeStudio();
    await updateStudioSettings(await wide.owner(), { sessionReminderHours: 48 });
    await book(wide, 30, { title: "Wide" });
    expect(await sendSessionReminders(db, NOW, wide.studio.id)).toBe(1);
  });

  it("J2, J3: the reminders run as a scheduled job with a deterministic identifier", () => {
    expect(SCHEDULE).toContainEqual({ identifier: "bookings.remind", task: "bookings.remind", match: "*/5 * * * *" });
  });
});
