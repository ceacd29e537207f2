"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { checked, formAction, keepValues, optional, text, type FormState } from "@/app/_lib/form";
import { requireStaffContext } from "@/lib/auth";
import { attachBooking, markAttendance } from "@/lib/bookings/attendance";
import { bookSession } from "@/lib/bookings/book-session";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { cancelSeries, CancelSeriesInput, cancelSession, CancelSessionInput } from "@/lib/bookings/cancel-session";
import { joinWaitlist, leaveWaitlist } from "@/lib/bookings/waitlist";
import { createClass, updateClass } from "@/lib/classes/classes";
import { createSessions, getSession, setSessionInstructor } from "@/lib/classes/sessions";
import { updateSession } from "@/lib/classes/edit-session";
import { ClassFields, StudioDay, WallTime, WEEKDAYS, type Weekday } from "@/lib/classes/class-input";
import { DomainError, InvalidInputError, NotFoundError } from "@/lib/core/errors";
import { parseStudioInstant } from "@/lib/core/time";
import { isUuid, MoneyText, parseMoney } from "@/lib/core/validation";
import { z } from "zod";
import { staffAction } from "@/app/_lib/staff-action";

/** "1 session", "3 sessions". */
function plural(n: number, one: string, many: string): string {
  return `${n} ${new Intl.PluralRules("en-GB").select(n) === "one" ? one : many}`;
}

const SCHEDULE = "/dashboard/schedule";

/** A whole-number field: empty is "not given" (the verb says what is missing), anything else is read as a number. */
function integer(form: FormData, name: string): number | undefined {
  const v = text(form, name);
  return v === "" ? undefined : Number(v);
}

/** "12.50" (major units, the house's one money grammar, `parseMoney`) → 1250 cents; empty → null (no drop-in). */
function cents(form: FormData, name: string): number | null {
  const v = text(form, name);
  if (v === "") return null;
  const amount = parseMoney(v);
  if (amount === null) {
    throw new InvalidInputError("Enter the price as an amount, e.g. 12.50.", {
      [name]: ["Enter the price as an amount, e.g. 12.50."],
    });
  }
  return amount;
}

function uuidField(form: FormData, name: string, what: string): string {
  const id = text(form, name);
  if (!isUuid(id)) throw new NotFoundError(what);
  return id;
}

/** A class of the studio (docs/rules.md "class", B1, B2); owners and instructors. Lands on the new class's page. */
export async function createClassAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const cls = await createClass(ctx, {
      title: text(form, "title"),
      description: optional(form, "description") ?? null,
      capacity: integer(form, "capacity") as number,
      durationMinutes: integer(form, "durationMinutes") as number,
      location: optional(form, "location") ?? null,
      memberOnly: checked(form, "memberOnly"),
      dropInPriceCents: cents(form, "dropInPrice"),
      instructorId: optional(form, "instructorId") ?? null,
    });
    revalidatePath(SCHEDULE, "layout");
    redirect(`${SCHEDULE}/classes/${cls.id}?created=1`);
  });
}

/**
 * Schedules sessions of a class (B6): one-off at a date and wall-clock time of
 * the studio, or weekly on chosen days between two studio days.
 */
export async function addSessionsAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const classId = text(form, "classId");
    if (!isUuid(classId)) throw new InvalidInputError("Choose a class.", { classId: ["Choose a class."] });
    const tz = ctx.studio.timezone;
    let created: number;
    if (text(form, "mode") === "weekly") {
      const days = form
        .getAll("days")
        .filter((d): d is Weekday => typeof d === "string" && (WEEKDAYS as readonly string[]).includes(d));
      const sessions = await createSessions(ctx, classId, {
        weekly: { days, time: text(form, "weeklyTime"), from: text(form, "from"), until: text(form, "until") },
      });
      created = sessions.length;
    } else {
      const date = text(form, "date");
      const time = text(form, "time");
      const fields: Record<string, string[]> = {};
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fields.date = ["Choose the day."];
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) fields.time = ["Use a 24-hour time as HH:MM, e.g. 18:30."];
      const startsAt = fields.date || fields.time ? null : parseStudioInstant(`${date}T${time}`, tz);
      if (!startsAt) {
        if (!fields.date && !fields.time) fields.date = ["Choose a day that exists."];
        throw new InvalidInputError("Please correct the fields marked below.", fields);
      }
      created = (await createSessions(ctx, classId, { startsAt })).length;
    }
    revalidatePath(SCHEDULE, "layout");
    if (created === 0)
      return { ok: true, message: "No new sessions: the class already has a session at each of those times." };
    return { ok: true, message: created === 1 ? "Added 1 session." : `Added ${created} sessions.` };
  });
}

/**
 * Staff book a client by email (C1 creates a new one) into a session (S1, S4, B1, B2).
 * A full session answers `full` so the form can offer the waitlist (B4).
 */
export async function bookClientAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const sessionId = uuidField(form, "sessionId", "Session");
    const input = { sessionId, email: text(form, "email"), name: optional(form, "name") };
    try {
      await bookSession(ctx, { ...input, by: "staff" });
    } catch (e) {
      if (e instanceof DomainError && e.code === "class_full") {
        return { ok: false, formError: e.message, values: { ...keepValues(form), full: "1" } };
      }
      throw e;
    }
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: `Booked ${input.email}.` };
  });
}

/** B4: puts a client on a full session's waitlist (C1 creates a new one). */
export async function joinWaitlistAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const sessionId = uuidField(form, "sessionId", "Session");
    const email = text(form, "email");
    await joinWaitlist(ctx, { sessionId, email, name: optional(form, "name") });
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: `Added ${email} to the waitlist.` };
  });
}

/** Staff cancel a booking: the place is freed and the first waiting client is booked (S1, B4, B7 overridden). */
export async function cancelBookingAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const result = await cancelBooking(ctx, uuidField(form, "bookingId", "Booking"), { by: "staff" });
    revalidatePath(SCHEDULE, "layout");
    const promoted = result.promoted.length ? " The next client on the waitlist was booked." : "";
    return { ok: true, message: `Booking cancelled.${promoted}` };
  });
}

/** B3: marks a booking a no-show; its place and session stay spent. O6: the row stays where it is. */
export const markNoShowAction = staffAction(z.object({ bookingId: z.string() }), async (ctx, { bookingId }) => {
  await markAttendance(ctx, bookingId, { status: "no_show" });
  revalidatePath(SCHEDULE, "layout");
  return { ok: true, message: "Marked as no-show." };
});

/** O6: undoes a no-show: the booking is "Booked" again. */
export const undoNoShowAction = staffAction(z.object({ bookingId: z.string() }), async (ctx, { bookingId }) => {
  await markAttendance(ctx, bookingId, { status: "booked" });
  revalidatePath(SCHEDULE, "layout");
  return { ok: true, message: "No-show undone." };
});

/** B5: the "present" mark of one booking; nothing else changes. */
export async function setPresentAction(bookingId: string, present: boolean): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(null, async () => {
    if (!isUuid(bookingId)) throw new NotFoundError("Booking");
    await markAttendance(ctx, bookingId, { present });
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: present ? "Marked present." : "Marked not present." };
  });
}

/** S7: attaches a guest booking to one of the client's memberships, optionally taking a session. */
export async function attachBookingAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const bookingId = uuidField(form, "bookingId", "Booking");
    const membershipId = text(form, "membershipId");
    if (!isUuid(membershipId))
      throw new InvalidInputError("Choose a membership.", { membershipId: ["Choose a membership."] });
    await attachBooking(ctx, bookingId, { membershipId, takeSession: checked(form, "takeSession") });
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: "Booking attached to the membership." };
  });
}

/** B4: takes a client off a session's waitlist. */
export async function leaveWaitlistAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    await leaveWaitlist(ctx, uuidField(form, "entryId", "Waitlist place"));
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: "Removed from the waitlist." };
  });
}

/** O1: cancels a whole session: every booking is cancelled, pack sessions are returned (S1) and clients are mailed. */
export const cancelSessionAction = staffAction(
  z.object({ sessionId: z.string(), reason: CancelSessionInput.shape.reason }),
  async (ctx, { sessionId, reason }) => {
    const r = await cancelSession(ctx, sessionId, { reason });
    revalidatePath(SCHEDULE, "layout");
    return {
      ok: true,
      message:
        r.bookingsCancelled === 0
          ? "Session cancelled. Nobody was booked."
          : `Session cancelled. ${plural(r.bookingsCancelled, "booked client was", "booked clients were")} emailed.`,
    };
  },
);

/** O1: cancels a class's sessions from a studio day on (a series), each as cancelSessionAction does. */
export const cancelSeriesAction = staffAction(
  CancelSeriesInput.extend({ classId: z.string() }),
  async (ctx, { classId, ...input }) => {
    const cancelled = await cancelSeries(ctx, classId, input);
    revalidatePath(SCHEDULE, "layout");
    return {
      ok: true,
      message: cancelled.length
        ? `Cancelled ${plural(cancelled.length, "session", "sessions")}. Booked clients were emailed.`
        : "No sessions to cancel from that day on.",
    };
  },
);

/** O1: edits a class: its details; sessions already scheduled keep their own capacity and times. */
export const updateClassAction = staffAction(
  ClassFields.omit({ dropInPriceCents: true, instructorId: true }).extend({
    classId: z.string(),
    dropInPrice: MoneyText.optional(),
  }),
  async (ctx, { classId, dropInPrice, ...fields }) => {
    await updateClass(ctx, classId, {
      ...fields,
      description: fields.description ?? null,
      location: fields.location ?? null,
      dropInPriceCents: dropInPrice ?? null,
    });
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: "Class saved. New sessions use these values." };
  },
);

/** O1: archives a class (no new sessions; its sessions stay) or brings it back. */
export const archiveClassAction = staffAction(
  z.object({ classId: z.string(), archived: z.boolean() }),
  async (ctx, { classId, archived }) => {
    await updateClass(ctx, classId, { archived });
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: archived ? "Class archived." : "Class restored." };
  },
);

/**
 * O1: edits one session: its day and time in the studio's zone, length,
 * capacity (never below the places booked) and location (empty: the class's).
 * Moving a booked session mails the clients booked.
 */
export const updateSessionAction = staffAction(
  z.object({
    sessionId: z.string(),
    date: StudioDay,
    time: WallTime,
    durationMinutes: ClassFields.shape.durationMinutes,
    capacity: ClassFields.shape.capacity,
    location: ClassFields.shape.location,
  }),
  async (ctx, { sessionId, date, time, location, ...rest }) => {
    const startsAt = parseStudioInstant(`${date}T${time}`, ctx.studio.timezone);
    if (!startsAt)
      throw new InvalidInputError("Choose a time that exists on that day.", {
        time: ["Choose a time that exists on that day."],
      });
    const before = await getSession(ctx, sessionId);
    const after = await updateSession(ctx, sessionId, { ...rest, startsAt, location: location ?? null });
    revalidatePath(SCHEDULE, "layout");
    const moved =
      before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime();
    return {
      ok: true,
      message:
        moved && after.bookedCount > 0
          ? `Session saved. ${plural(after.bookedCount, "booked client gets", "booked clients get")} an email with the new time.`
          : "Session saved.",
    };
  },
);

/** T3: a class's default instructor (empty: nobody). */
export async function setClassInstructorAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const classId = uuidField(form, "classId", "Class");
    await updateClass(ctx, classId, { instructorId: optional(form, "instructorId") ?? null });
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: "Instructor saved." };
  });
}

/** T3: a substitute for one session (empty: the class's instructor). */
export async function setSessionInstructorAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireStaffContext();
  return formAction(form, async () => {
    const sessionId = uuidField(form, "sessionId", "Session");
    await setSessionInstructor(ctx, sessionId, optional(form, "instructorId") ?? null);
    revalidatePath(SCHEDULE, "layout");
    return { ok: true, message: "Instructor saved." };
  });
}
