import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { staff, studios, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { updateClient } from "@/lib/clients/update-client";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { cancelMembership } from "@/lib/memberships/change-membership";
import { expireDueMemberships } from "@/lib/memberships/expire-due";
import { createPlan } from "@/lib/plans/plans";
import { createPromoCode } from "@/lib/offers/promo-codes";
import { bookSession } from "@/lib/bookings/book-session";
import { createClass } from "@/lib/classes/classes";
import { createSessions } from "@/lib/classes/sessions";
import { DomainError } from "@/lib/core/errors";
import { dayInZone } from "@/lib/core/time";
import type { Ctx } from "@/lib/core/ctx";
import { createStudio } from "@/lib/studios/create-studio";
import { and, eq } from "drizzle-orm";
import { payments } from "@/db/schema";
import { addNote } from "@/lib/crm/notes";
import { addParticipant } from "@/lib/households/add-participant";
import { markPaymentPaid } from "@/lib/payments/payments";
import { bookings } from "@/db/schema";
import { markAttendance } from "@/lib/bookings/attendance";
import { updateStudioSettings } from "@/lib/studios/settings";
import { createForm } from "@/lib/forms/forms";
import { signForm } from "@/lib/forms/sign-form";

export const DEMO = {
  studioName: "Blue Door Yoga",
  slug: "blue-door-yoga",
  email: "owner@demo.roster.test",
  password: "roster-demo-2026",
  timezone: "Europe/Warsaw",
  /** T3: two instructors with their own sign-ins (verified), each teaching a class. */
  instructors: [
    { name: "Iga Instructor", email: "iga@demo.roster.test", password: "roster-demo-2026" },
    { name: "Tom Teacher", email: "tom@demo.roster.test", password: "roster-demo-2026" },
  ],
};

const FIRST = [
  "Anna",
  "Marek",
  "Julia",
  "Tomasz",
  "Olivia",
  "Noah",
  "Maja",
  "Liam",
  "Zofia",
  "Jan",
  "Emma",
  "Lucas",
  "Hanna",
  "Piotr",
  "Sofia",
  "Adam",
  "Lena",
  "Jakub",
  "Mia",
  "Oskar",
  "Ida",
  "Filip",
  "Nina",
  "Leo",
  "Alicja",
];
const LAST = [
  "Kowalska",
  "Nowak",
  "Smith",
  "Wiśniewska",
  "Johnson",
  "Lewandowski",
  "García",
  "Müller",
  "Dąbrowska",
  "Brown",
  "Zieliński",
  "Rossi",
  "Kamińska",
  "Martin",
  "Wójcik",
  "Dubois",
  "Kaczmarek",
  "Silva",
  "Mazur",
  "Novak",
];
const TAGS = ["morning", "evening", "beginner", "prenatal", "teacher-training", "corporate", "student"];

/** A small deterministic generator, so every demo database looks the same. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills an empty database with the demo studio: an owner login, about 200
 * clients spread over two years, four plans with ninety memberships (some
 * cancelled or ended), a company, three classes with three weeks of sessions,
 * and bookings on the coming ones. Does nothing (returns null) when any studio
 * exists. Everything goes through the domain verbs, as a real studio's data would.
 */
export async function seedDemoIfEmpty(db: Db, now = new Date()): Promise<typeof DEMO | null> {
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(studios)) as [{ n: number }];
  if (n > 0) return null;
  // One transaction: all of the demo or none of it, and far fewer commits to wait for.
  return db.transaction(async (tx) => seed(tx as unknown as Db, now));
}

async function seed(db: Db, now: Date): Promise<typeof DEMO> {
  const { studio, owner } = await createStudio(
    db,
    {
      name: DEMO.studioName,
      slug: DEMO.slug,
      timezone: DEMO.timezone,
      currency: "PLN",
      ownerEmail: DEMO.email,
      ownerName: "Ola Owner",
      ownerPassword: DEMO.password,
    },
    now,
  );
  // A1: the demo's owner has proved its email.
  await db.update(users).set({ emailVerified: now }).where(eq(users.id, owner.id));
  // T3: the instructors' logins, verified (the demo vouches for them), on the staff as instructors.
  const teacherIds: string[] = [];
  for (const t of DEMO.instructors) {
    const [u] = await db
      .insert(users)
      .values({
        email: t.email,
        name: t.name,
        passwordHash: await hashPassword(t.password),
        emailVerified: now,
        createdAt: now,
      })
      .returning({ id: users.id });
    await db.insert(staff).values({ studioId: studio.id, userId: u!.id, role: "instructor", createdAt: now });
    teacherIds.push(u!.id);
  }
  const rand = prng(2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ctxAt = (at: Date): Ctx => ({ db, studio, actor: { kind: "staff", userId: owner.id, role: "owner" }, now: at });

  const sources = ["staff", "portal", "booking", "import", "embed"] as const;
  const clientIds: string[] = [];
  for (let i = 0; i < 200; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const ascii = `${first}.${last}`
      .normalize("NFKD")
      .replace(/[^\w.]/g, "")
      .toLowerCase();
    const createdAt = new Date(now.getTime() - Math.floor(rand() * 730) * 86400_000 - Math.floor(rand() * 86400_000));
    const { client } = await findOrCreateClient(ctxAt(createdAt), {
      name: `${first} ${last}`,
      email: `${ascii}${i}@example.com`,
      phone:
        rand() < 0.8
          ? `+48 ${500 + Math.floor(rand() * 300)} ${String(Math.floor(rand() * 1e6)).padStart(6, "0")}`
          : undefined,
      marketingConsent: rand() < 0.6,
      source: pick([...sources]),
    });
    const tags = TAGS.filter(() => rand() < 0.15);
    if (tags.length) await updateClient(ctxAt(createdAt), client.id, { tags });
    clientIds.push(client.id);
  }

  // Plans and memberships: current members, packs part used, a few that ended, and a company.
  const ctx = ctxAt(now);
  const monthly = await createPlan(ctx, {
    name: "Monthly unlimited",
    kind: "recurring",
    interval: "month",
    priceCents: 32000,
    permissions: ["member-area"],
    memberOnlyAccess: true,
    public: true,
  });
  const pack = await createPlan(ctx, {
    name: "10-class pack",
    kind: "sessions",
    sessions: 10,
    durationDays: 90,
    priceCents: 45000,
    public: true,
  });
  const intro = await createPlan(ctx, {
    name: "Intro month",
    kind: "fixed",
    durationDays: 30,
    priceCents: 15000,
    public: true,
  });
  const corporate = await createPlan(ctx, {
    name: "Corporate wellness",
    kind: "recurring",
    interval: "month",
    priceCents: 0,
    permissions: ["member-area", "sauna"],
  });
  const methods = ["cash", "bank", "card_terminal", null] as const;
  for (const [i, clientId] of clientIds.slice(0, 90).entries()) {
    const plan = i % 3 === 0 ? monthly : i % 3 === 1 ? pack : intro;
    const startsAt = new Date(now.getTime() - Math.floor(rand() * (plan === monthly ? 300 : 100)) * 86400_000);
    const { membership } = await assignMembership(ctxAt(startsAt), {
      planId: plan.id,
      clientId,
      startsAt,
      paymentMethod: pick([...methods]),
      ...(plan === pack && { sessionsRemaining: 1 + Math.floor(rand() * 10) }),
    });
    if (plan === monthly && rand() < 0.15)
      await cancelMembership(ctxAt(new Date(startsAt.getTime() + 40 * 86400_000)), membership.id, {
        reason: "Moved away",
      });
  }
  const acme = await createCompany(ctx, { name: "Acme Software" });
  await assignMembership(ctx, {
    planId: corporate.id,
    companyId: acme.id,
    startsAt: new Date(now.getTime() - 120 * 86400_000),
  });
  for (const clientId of clientIds.slice(150, 158)) await linkClientToCompany(ctx, acme.id, clientId);
  await expireDueMemberships(db, now, studio.id);

  // Classes and three weeks of sessions (from last week to two weeks ahead), some booked.
  const from = dayInZone(new Date(now.getTime() - 7 * 86400_000), DEMO.timezone);
  const until = dayInZone(new Date(now.getTime() + 14 * 86400_000), DEMO.timezone);
  const schedule = [
    {
      title: "Morning Vinyasa",
      instructorId: teacherIds[0]!,
      capacity: 16,
      durationMinutes: 60,
      location: "Studio 1",
      memberOnly: false,
      dropInPriceCents: 5000,
      days: ["mon", "wed", "fri"],
      time: "07:30",
    },
    {
      title: "Hatha Flow",
      instructorId: teacherIds[1]!,
      capacity: 12,
      durationMinutes: 75,
      location: "Studio 2",
      memberOnly: false,
      dropInPriceCents: 5000,
      days: ["tue", "thu"],
      time: "18:30",
    },
    {
      title: "Members' Yin",
      instructorId: owner.id,
      capacity: 10,
      durationMinutes: 60,
      location: "Studio 2",
      memberOnly: true,
      dropInPriceCents: null,
      days: ["sun"],
      time: "10:00",
    },
  ] as const;
  const upcoming: string[] = [];
  for (const c of schedule) {
    const { days, time, ...fields } = c;
    const cls = await createClass(ctx, fields);
    const sessions = await createSessions(ctx, cls.id, { weekly: { days: [...days], time, from, until } });
    upcoming.push(...sessions.filter((x) => new Date(x.startsAt) > now).map((x) => x.id));
  }
  // A few bookings on the coming sessions, paid by whatever each client holds (S4); refusals are fine.
  for (const [i, sessionId] of upcoming.entries()) {
    for (const clientId of clientIds.slice((i * 7) % 80, ((i * 7) % 80) + 5)) {
      await bookSession(ctx, { sessionId, clientId }).catch((e: unknown) => {
        if (!(e instanceof DomainError)) throw e;
      });
    }
  }

  // Eight months of a Saturday workshop, each booked a couple of days ahead: real histories for the
  // CRM (R1 counts, lifetime spend from paid drop-ins, R2 statuses from new to lapsed).
  const workshop = await createClass(ctx, {
    title: "Saturday Workshop",
    capacity: 12,
    durationMinutes: 90,
    location: "Studio 1",
    memberOnly: false,
    dropInPriceCents: 6000,
    instructorId: teacherIds[0]!,
  });
  const past = await createSessions(ctx, workshop.id, {
    weekly: {
      days: ["sat"],
      time: "11:00",
      from: dayInZone(new Date(now.getTime() - 240 * 86400_000), DEMO.timezone),
      until: dayInZone(new Date(now.getTime() - 2 * 86400_000), DEMO.timezone),
    },
  });
  for (const [w, s] of past.entries()) {
    const startsAt = new Date(s.startsAt);
    const bookedAt = new Date(startsAt.getTime() - 2 * 86400_000);
    // Regulars (the first 20) most weeks; others now and then, the early ones only in the first months.
    const who = clientIds
      .slice(0, 20)
      .filter(() => rand() < 0.35)
      .concat(w < 12 ? clientIds.slice(160, 200).filter(() => rand() < 0.15) : []);
    for (const clientId of who.slice(0, 12)) {
      await bookSession(ctxAt(bookedAt), { sessionId: s.id, clientId }).catch((e: unknown) => {
        if (!(e instanceof DomainError)) throw e;
      });
    }
  }
  // Most drop-ins were paid at the door.
  const due = await db
    .select({ id: payments.id, createdAt: payments.createdAt })
    .from(payments)
    .where(and(eq(payments.studioId, studio.id), eq(payments.status, "due")));
  for (const p of due) {
    if (rand() < 0.8) await markPaymentPaid(ctxAt(p.createdAt), p.id, { method: pick(["cash", "card_terminal"]) });
  }

  // A few notes (R3) and a household (H1): a parent who books for a child.
  await addNote(ctx, {
    clientId: clientIds[0]!,
    body: "Recovering from a shoulder injury: offer modifications for chaturanga.",
    shared: true,
  });
  await addNote(ctx, { clientId: clientIds[1]!, body: "Asked about teacher training next spring.", shared: false });
  await addParticipant(ctx, { primaryId: clientIds[2]!, name: "Kuba (child)" });

  // B8, B10: members book from 14 days before a class until it starts; the waitlist stops promoting 2 hours before.
  await updateStudioSettings(ctx, {
    bookingOpensDaysBefore: 14,
    bookingClosesMinutesBefore: 0,
    waitlistCutoffHours: 2,
  });
  // B9: a no-show fee (PLN 30), and one no-show from the last workshop, so Payments shows a fee due to waive.
  const feeCtx = { ...ctx, studio: await updateStudioSettings(ctx, { noShowPolicy: { kind: "fee", feeCents: 3000 } }) };
  const [missed] = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(eq(bookings.studioId, studio.id), eq(bookings.sessionId, past.at(-1)!.id), eq(bookings.status, "booked")),
    )
    .limit(1);
  if (missed) await markAttendance(feeCtx, missed.id, { status: "no_show" });
  // M11, M12: an intro offer for first-timers and a welcome code for the pack and the monthly plan.
  await createPlan(ctx, {
    name: "Intro: 3 classes for 2 weeks",
    description: "New to the studio? Try three classes in your first two weeks.",
    kind: "sessions",
    sessions: 3,
    durationDays: 14,
    priceCents: 9900,
    public: true,
    newClientsOnly: true,
  });
  await createPromoCode(ctx, {
    code: "WELCOME10",
    percentOff: 10,
    planIds: [pack.id, monthly.id],
    maxUsesPerClient: 1,
    appliesTo: "first",
  });
  // F1: a waiver the Intro month requires, with a health question; two intro clients signed it at the desk.
  const waiver = await createForm(ctx, {
    title: "Liability waiver",
    body: [
      "# Taking part safely",
      "",
      "Yoga and pilates are physical activities. I take part **at my own risk** and follow the teacher's guidance.",
      "",
      "- I tell the teacher about injuries or conditions before class.",
      "- I stop if something hurts.",
    ].join("\n"),
    questions: [
      { kind: "yes_no", label: "May we use photos from class that show you?" },
      { kind: "text", label: "Any injury or condition we should know about?", health: true, required: false },
    ],
    requiredFor: { planIds: [intro.id] },
  });
  for (const clientId of [clientIds[2]!, clientIds[5]!]) {
    await signForm(
      ctx,
      {
        formId: waiver.id,
        versionId: waiver.versionId,
        clientId,
        fullName: "Signed at the desk",
        agree: true,
        answers: { q1: "yes" },
      },
      { ipAddress: null, userAgent: null },
    );
  }
  return DEMO;
}
