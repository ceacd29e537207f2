import { z } from "zod";
import type { Class, ClassSession } from "@/db/schema";
import { zonedDayStart } from "@/lib/core/time";
import { Money } from "@/lib/core/validation";

export const ClassFields = z.object({
  title: z.string({ error: "Name the class." }).trim().min(1, { error: "Name the class." }).max(120),
  description: z.string().trim().max(2000).nullish(),
  capacity: z
    .number({ error: "Enter how many places the class has." })
    .int({ error: "Capacity is a whole number." })
    .min(1, { error: "A class has at least one place." })
    .max(1000, { error: "Keep capacity at 1000 places or fewer." }),
  durationMinutes: z
    .number({ error: "Enter the length in minutes." })
    .int({ error: "Length is in whole minutes." })
    .min(1, { error: "A class lasts at least one minute." })
    .max(24 * 60, { error: "A class lasts at most 24 hours." }),
  location: z.string().trim().max(200).nullish(),
  /** B2: bookable only with a membership whose plan grants member-only access. */
  memberOnly: z.boolean().default(false),
  /** Null or absent: no drop-in, guests need a membership. */
  dropInPriceCents: Money.nullish(),
  /** T3: the default instructor, a staff member's id (their user id); null: nobody named. */
  instructorId: z.uuid({ error: "Choose a member of the team." }).nullish(),
});

export const CreateClassInput = ClassFields.strict();
export type CreateClassInput = z.input<typeof CreateClassInput>;

/** O1: any field of a class; `archived` archives it (no new sessions) or brings it back. */
export const UpdateClassInput = ClassFields.partial().extend({ archived: z.boolean().optional() }).strict();
export type UpdateClassInput = z.input<typeof UpdateClassInput>;

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A studio calendar day, "YYYY-MM-DD", that exists. */
export const StudioDay = z
  .string({ error: "Use a day as YYYY-MM-DD." })
  .refine((d) => zonedDayStart(d, "UTC") !== null, { error: "Use a real day as YYYY-MM-DD, e.g. 2026-03-01." });

/** Wall-clock time of the studio, "HH:MM" on a 24-hour clock. */
export const WallTime = z
  .string({ error: "Use a time as HH:MM." })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Use a 24-hour time as HH:MM, e.g. 18:30." });

/** B6: a weekly rule in the studio's wall clock and calendar; from and until are inclusive. */
export const WeeklyRule = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS, { error: "Use mon, tue, wed, thu, fri, sat or sun." }))
      .min(1, { error: "Choose at least one weekday." })
      .max(7),
    time: WallTime,
    from: StudioDay,
    until: StudioDay,
  })
  .strict()
  .superRefine((w, c) => {
    if (w.until < w.from)
      c.addIssue({ code: "custom", path: ["until"], message: "The last day cannot be before the first day." });
  });

/** One-off: an exact instant with its offset (API.md conventions). */
export const SessionStart = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))], {
  error: "Use an ISO 8601 time with an offset, e.g. 2026-05-01T09:00:00+02:00.",
});

/** Either one session at `startsAt`, or a weekly rule (B6). */
export const CreateSessionsInput = z
  .object({ startsAt: SessionStart.optional(), weekly: WeeklyRule.optional() })
  .strict()
  .superRefine((v, c) => {
    if ((v.startsAt === undefined) === (v.weekly === undefined)) {
      c.addIssue({ code: "custom", path: ["startsAt"], message: "Give either startsAt or a weekly rule." });
    }
  });
export type CreateSessionsInput = z.input<typeof CreateSessionsInput>;

/**
 * O1: what may change on one session. `instructorId` null: the class's instructor
 * teaches it again; `location` null: the class's location. Capacity never goes
 * below the places booked (checked by the verb, `capacity_below_booked`).
 */
export const UpdateSessionInput = ClassFields.pick({
  capacity: true,
  durationMinutes: true,
  instructorId: true,
  location: true,
})
  .partial()
  .extend({ startsAt: SessionStart.optional() })
  .strict();
export type UpdateSessionInput = z.input<typeof UpdateSessionInput>;

/** Longest range a session listing covers: a quarter. */
export const MAX_LIST_DAYS = 92;

export const ListSessionsInput = z
  .object({
    from: SessionStart,
    to: SessionStart,
    classId: z.uuid({ error: "Use a class id." }).optional(),
  })
  .superRefine((v, c) => {
    const span = v.to.getTime() - v.from.getTime();
    if (span <= 0) c.addIssue({ code: "custom", path: ["to"], message: "The end comes after the start." });
    else if (span > MAX_LIST_DAYS * 86_400_000) {
      c.addIssue({ code: "custom", path: ["to"], message: `List at most ${MAX_LIST_DAYS} days at a time.` });
    }
  });
export type ListSessionsInput = z.input<typeof ListSessionsInput>;

/** A session with what a listing shows of its class and its queue. */
export type SessionView = ClassSession & {
  /** T3: who teaches it: the session's own instructor (a substitute), else the class's. */
  instructorId: string | null;
  /** Whether `instructorId` is a substitute chosen for this session. */
  substitute: boolean;
  /** The instructor's name (never their email: the portal shows it), for showing. */
  instructorName: string | null;
  title: string;
  location: string | null;
  memberOnly: boolean;
  waitlisted: number;
};

/** A class as the API shows it (API.md "Classes and sessions"). */
export function toApiClass(c: Class) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    capacity: c.capacity,
    durationMinutes: c.durationMinutes,
    location: c.location,
    memberOnly: c.memberOnly,
    dropInPriceCents: c.dropInPriceCents,
    instructorId: c.instructorId,
    archived: c.archivedAt !== null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** A session as the API shows it: `booked` places and clients still `waitlisted` (B1, B4). */
export function toApiSession(s: SessionView) {
  return {
    id: s.id,
    classId: s.classId,
    title: s.title,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    booked: s.bookedCount,
    waitlisted: s.waitlisted,
    cancelled: s.cancelledAt !== null,
    location: s.location,
    memberOnly: s.memberOnly,
    instructorId: s.instructorId,
  };
}
