import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import {
  bookings,
  classes,
  classSessions,
  clients,
  companies,
  companyClients,
  membershipPlans,
  memberships,
  payments,
  refunds,
} from "@/db/schema";
import { makeStudio, type TestStudio } from "./fixtures";

const t = (iso: string) => new Date(iso);
const DAY = 86_400_000;

/**
 * R9/R10: a hand-built studio in Europe/Warsaw with a known October 2026
 * (the month DST ends, 25 October 01:00 UTC), read at NOW. The expected
 * figures are worked out by hand in lib/reports/reports.test.ts. A second
 * studio gets the same kinds of rows in the same hours: none of it may count.
 */
export const NOW = t("2026-11-10T12:00:00Z");

export type ReportWorld = { s: TestStudio; names: Map<string, string> };

export async function makeReportStudio(): Promise<ReportWorld> {
  const s = await makeStudio({ timezone: "Europe/Warsaw" });
  const db = await getDb();
  const studioId = s.studio.id;
  const names = new Map<string, string>();

  const people = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lea"];
  const id: Record<string, string> = {};
  for (const name of people) {
    const [c] = await db
      .insert(clients)
      .values({ studioId, name, source: "staff", erasedAt: name === "Eve" ? t("2026-11-01T00:00:00Z") : null })
      .returning();
    id[name] = c!.id;
    names.set(c!.id, name);
  }
  const [acme] = await db.insert(companies).values({ studioId, name: "Acme" }).returning();
  await db.insert(companyClients).values({ studioId, companyId: acme!.id, clientId: id.Fay! });

  const plan = async (name: string, kind: "recurring" | "sessions", extra: Record<string, unknown>) =>
    (
      await db
        .insert(membershipPlans)
        .values({ studioId, name, kind, priceCents: 10000, currency: "EUR", ...extra })
        .returning()
    )[0]!.id;
  const monthly = await plan("Monthly", "recurring", { interval: "month" });
  const yearly = await plan("Yearly", "recurring", { interval: "year" });
  const pack = await plan("10 pack", "sessions", { sessions: 10, durationDays: 60 });

  const m = async (key: string, v: Partial<typeof memberships.$inferInsert> & { planId: string; startsAt: Date }) =>
    (
      await db
        .insert(memberships)
        .values({
          studioId,
          source: "staff",
          clientId: key === "Acme" ? null : id[key]!,
          ...(key === "Acme" ? { companyId: acme!.id } : {}),
          ...v,
        })
        .returning()
    )[0]!.id;
  const m1 = await m("Ann", { planId: monthly, startsAt: t("2026-09-01T10:00:00Z") });
  const m2 = await m("Ben", {
    planId: monthly,
    startsAt: t("2026-08-15T10:00:00Z"),
    status: "cancelled",
    cancelledAt: t("2026-10-20T10:00:00Z"),
  });
  const m3 = await m("Cat", {
    planId: pack,
    startsAt: t("2026-10-05T08:00:00Z"),
    endsAt: t("2026-12-04T08:00:00Z"),
    sessionsTotal: 10,
    sessionsRemaining: 2,
  });
  const m4 = await m("Acme", { planId: yearly, startsAt: t("2026-10-10T10:00:00Z") });
  const m5 = await m("Eve", { planId: monthly, startsAt: t("2026-09-01T10:00:00Z") });
  // 31 Oct 23:30 UTC is 1 November 00:30 in Warsaw: a November membership.
  await m("Dan", { planId: monthly, startsAt: t("2026-10-31T23:30:00Z") });
  await m("Gus", {
    planId: pack,
    startsAt: t("2026-06-01T10:00:00Z"),
    endsAt: t("2026-10-15T10:00:00Z"),
    status: "expired",
    sessionsTotal: 10,
    sessionsRemaining: 0,
  });
  const m8 = await m("Hal", { planId: monthly, startsAt: t("2026-07-01T10:00:00Z") });
  // 30 Sep 22:30 UTC is 1 October 00:30 in Warsaw: an October membership.
  const m9 = await m("Ivy", {
    planId: pack,
    startsAt: t("2026-09-30T22:30:00Z"),
    endsAt: t("2026-11-20T22:30:00Z"),
    sessionsTotal: 10,
    sessionsRemaining: 8,
  });
  await m("Kim", { planId: monthly, startsAt: t("2026-05-01T10:00:00Z") });

  const [yoga] = await db
    .insert(classes)
    .values({ studioId, title: "Yoga", capacity: 10, durationMinutes: 60, instructorId: s.ownerId })
    .returning();
  const [spin] = await db
    .insert(classes)
    .values({ studioId, title: "Spin", capacity: 4, durationMinutes: 45 })
    .returning();

  type B = [who: string, status?: "booked" | "cancelled" | "no_show"];
  const session = async (cls: typeof yoga, startsAt: string, list: B[], cancelled = false) => {
    const start = t(startsAt);
    const live = list.filter(([, st]) => st !== "cancelled").length;
    const [row] = await db
      .insert(classSessions)
      .values({
        studioId,
        classId: cls!.id,
        startsAt: start,
        endsAt: new Date(start.getTime() + cls!.durationMinutes * 60_000),
        capacity: cls!.capacity,
        bookedCount: cancelled ? 0 : live,
        cancelledAt: cancelled ? start : null,
      })
      .returning();
    const made = new Date(start.getTime() - DAY);
    const ids: Record<string, string> = {};
    for (const [who, status = "booked"] of list) {
      const [b] = await db
        .insert(bookings)
        .values({
          studioId,
          sessionId: row!.id,
          clientId: id[who]!,
          status,
          bookedBy: "staff",
          createdAt: made,
          cancelledAt: status === "cancelled" ? made : null,
        })
        .returning();
      ids[who] = b!.id;
    }
    return ids;
  };
  await session(yoga, "2026-06-01T08:00:00Z", [["Jo"], ["Kim"]]);
  await session(yoga, "2026-09-30T21:30:00Z", [["Ann"]]); // 23:30 on 30 September in Warsaw
  await session(yoga, "2026-10-01T06:00:00Z", [["Hal"], ["Ann"], ["Ben", "no_show"], ["Cat", "cancelled"]]);
  // 25 October, the DST day: 08:00 CET; the two Spin sessions are both at 02:30 local (CEST, then CET).
  await session(yoga, "2026-10-25T07:00:00Z", [["Ann"], ["Ivy"], ["Fay"], ["Lea"]]);
  await session(spin, "2026-10-25T00:30:00Z", [["Dan"]]);
  await session(spin, "2026-10-25T01:30:00Z", [["Dan"], ["Gus"]]);
  await session(spin, "2026-10-10T16:00:00Z", [["Ann", "cancelled"]], true);
  const s6 = await session(yoga, "2026-10-31T22:30:00Z", [["Dan"]]); // 23:30 on 31 October in Warsaw
  await session(yoga, "2026-11-20T06:00:00Z", [["Cat"]]);
  // Lea's booking was made on 20 October (her first), the others the day before their session.
  await db
    .update(bookings)
    .set({ createdAt: t("2026-10-20T10:00:00Z") })
    .where(and(eq(bookings.studioId, studioId), eq(bookings.clientId, id.Lea!)));

  const pay = async (who: string, cents: number, v: Partial<typeof payments.$inferInsert>) =>
    (
      await db
        .insert(payments)
        .values({
          studioId,
          clientId: id[who]!,
          amountCents: cents,
          currency: "EUR",
          status: "paid",
          method: "cash",
          createdByActorType: "system",
          ...v,
        })
        .returning()
    )[0]!.id;
  const refund = async (paymentId: string, cents: number, at: string) =>
    db
      .insert(refunds)
      .values({ studioId, paymentId, amountCents: cents, createdByActorType: "system", createdAt: t(at) });
  const p0 = await pay("Ann", 10000, { membershipId: m1, paidAt: t("2026-09-01T10:00:00Z"), refundedCents: 3000 });
  await refund(p0, 3000, "2026-10-03T10:00:00Z");
  await pay("Ann", 10000, { membershipId: m1, paidAt: t("2026-10-01T08:00:00Z") });
  await pay("Ben", 10000, { membershipId: m2, paidAt: t("2026-10-15T10:00:00Z") });
  await pay("Cat", 8000, { membershipId: m3, paidAt: t("2026-10-05T08:00:00Z") });
  await pay("Fay", 120000, { membershipId: m4, paidAt: t("2026-10-10T10:00:00Z") });
  await pay("Dan", 1500, { bookingId: s6.Dan!, paidAt: t("2026-10-31T22:30:00Z") });
  await pay("Gus", 500, { paidAt: t("2026-09-30T21:59:00Z") }); // 23:59 on 30 September in Warsaw
  await pay("Ivy", 8000, { membershipId: m9, status: "due", method: null });
  const p8 = await pay("Hal", 10000, { membershipId: m8, paidAt: t("2026-10-02T10:00:00Z"), refundedCents: 2000 });
  await refund(p8, 2000, "2026-10-04T10:00:00Z");
  await pay("Eve", 10000, { membershipId: m5, paidAt: t("2026-10-01T09:00:00Z") });

  await makeNoise();
  return { s, names };
}

/** Another studio with members, visits, money and debts in the same weeks: none of it is ours. */
async function makeNoise(): Promise<void> {
  const o = await makeStudio({ timezone: "Europe/Warsaw" });
  const db = await getDb();
  const studioId = o.studio.id;
  const [c] = await db.insert(clients).values({ studioId, name: "Other", source: "staff" }).returning();
  const [pl] = await db
    .insert(membershipPlans)
    .values({ studioId, name: "M", kind: "recurring", interval: "month", priceCents: 1, currency: "EUR" })
    .returning();
  const [mm] = await db
    .insert(memberships)
    .values({ studioId, source: "staff", clientId: c!.id, planId: pl!.id, startsAt: t("2026-10-02T10:00:00Z") })
    .returning();
  await db.insert(payments).values([
    {
      studioId,
      clientId: c!.id,
      membershipId: mm!.id,
      amountCents: 99999,
      currency: "EUR",
      status: "paid",
      paidAt: t("2026-10-02T10:00:00Z"),
      method: "cash",
      createdByActorType: "system",
    },
    { studioId, clientId: c!.id, amountCents: 777, currency: "EUR", status: "due", createdByActorType: "system" },
  ]);
  const [cl] = await db
    .insert(classes)
    .values({ studioId, title: "Other", capacity: 5, durationMinutes: 60 })
    .returning();
  const [se] = await db
    .insert(classSessions)
    .values({
      studioId,
      classId: cl!.id,
      startsAt: t("2026-10-25T07:00:00Z"),
      endsAt: t("2026-10-25T08:00:00Z"),
      capacity: 5,
      bookedCount: 1,
    })
    .returning();
  await db
    .insert(bookings)
    .values({ studioId, sessionId: se!.id, clientId: c!.id, bookedBy: "staff", createdAt: t("2026-10-01T10:00:00Z") });
}
