import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import {
  auditLog,
  bookings,
  classSessions,
  clientNotes,
  clients,
  companyClients,
  memberships,
  membershipLedger,
  messages,
  payments,
  loginThrottles,
  users,
  verificationTokens,
  waitlistEntries,
  type Client,
} from "@/db/schema";
import { bookSession } from "@/lib/bookings/book-session";
import { joinWaitlist } from "@/lib/bookings/waitlist";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import type { Ctx } from "@/lib/core/ctx";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { rowsOf } from "@/lib/core/sql";
import { drainJobs, enqueueMail, type Mail } from "@/lib/jobs";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { refundPayment } from "@/lib/payments/payments";
import { throttleKey } from "@/lib/security/rate-limit";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { listClients } from "@/lib/crm/list-clients";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { smtpForThisFile, type TestSmtp } from "@/test/support/smtp";
import { clientDeletability, deleteClient } from "./delete-client";
import { ERASED_NAME, eraseClient } from "./erase-client";
import { getClient } from "./get-client";
import { findMergeCandidates, mergeClients } from "./merge-clients";

const T0 = new Date("2026-05-04T08:00:00Z");
const DAY = 86_400_000;
const inDays = (n: number) => new Date(T0.getTime() + n * DAY);

const testSmtp = smtpForThisFile();

/** Waits for a mail the test SMTP server received that matches. */
async function mailArrives(match: (m: TestSmtp["mails"][number]) => boolean, timeoutMs = 10_000) {
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const found = testSmtp().mails.find(match);
    if (found) return found;
  }
  throw new Error("The expected mail did not arrive.");
}

/** A mail through the outbox (J1), delivered; returns its `messages` row. */
async function sendMail(ctx: Ctx, mail: Mail) {
  const key = `test:${randomBytes(6).toString("hex")}`;
  await enqueueMail(ctx, mail, { key });
  await drainJobs();
  const [row] = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.studioId, ctx.studio.id), eq(messages.key, key)));
  return row!;
}

async function reload(ctx: Ctx, id: string): Promise<Client | undefined> {
  const [row] = await ctx.db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id)));
  return row;
}

async function patchClient(ctx: Ctx, id: string, patch: Partial<typeof clients.$inferInsert>): Promise<void> {
  await ctx.db
    .update(clients)
    .set(patch)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, id)));
}

async function addNote(ctx: Ctx, clientId: string, body: string, authorUserId: string): Promise<void> {
  await ctx.db.insert(clientNotes).values({ studioId: ctx.studio.id, clientId, authorUserId, body });
}

async function newLogin(email: string, name: string | null = null): Promise<string> {
  const [u] = await (await getDb()).insert(users).values({ email, name }).returning({ id: users.id });
  return u!.id;
}

async function auditsOf(ctx: Ctx, action: string) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.studioId, ctx.studio.id), eq(auditLog.action, action)));
}

async function bookingsOf(ctx: Ctx, clientId: string) {
  return ctx.db
    .select()
    .from(bookings)
    .where(and(eq(bookings.studioId, ctx.studio.id), eq(bookings.clientId, clientId)));
}

async function membershipsOf(ctx: Ctx, clientId: string) {
  return ctx.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.studioId, ctx.studio.id), eq(memberships.clientId, clientId)));
}

async function paymentsOf(ctx: Ctx, clientId: string) {
  return ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.studioId, ctx.studio.id), eq(payments.clientId, clientId)));
}

describe("merging clients (C5)", () => {
  it("C5: B's bookings, memberships, payments, notes, tags, waitlist places, company links, mails, household and login move to A; totals add up; B is gone; one audit row", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const instructor = await s.instructor(T0);
    const plan = await makePlan(owner, PLANS.pack(8, 60));

    const a = await makeClient(owner, "Anna Kowalska");
    const b = await makeClient(owner, "Ania Kowalska");
    await patchClient(owner, a.id, { tags: ["shared", "a-tag"], pictureUrl: "https://img.example.test/a.jpg" });
    await patchClient(owner, b.id, {
      tags: ["b-tag", "shared"],
      phone: "+48 600 700 800",
      emergencyContactName: "Jan",
      emergencyContactPhone: "+48 600 000 111",
      pictureUrl: "https://img.example.test/b.jpg",
      questionnaire: { injuries: "none" },
    });
    const bLogin = await newLogin(uniqueEmail("b-login"));
    await patchClient(owner, b.id, { userId: bLogin });

    const aPack = (await assignMembership(owner, { planId: plan.id, clientId: a.id, paymentMethod: "cash" }))
      .membership;
    const bPack = (
      await assignMembership(owner, { planId: plan.id, clientId: b.id, paymentMethod: "cash", startsAt: inDays(-10) })
    ).membership;
    const s1 = await makeSession(owner, { startsAt: inDays(2) });
    const s2 = await makeSession(owner, { startsAt: inDays(3) });
    const s3 = await makeSession(owner, { startsAt: inDays(4) });
    await bookSession(owner, { sessionId: s1.session.id, clientId: a.id });
    await bookSession(owner, { sessionId: s2.session.id, clientId: b.id });
    await bookSession(owner, { sessionId: s3.session.id, clientId: b.id });

    // A full session B waits for.
    const full = await makeSession(owner, { startsAt: inDays(5), capacity: 1 });
    const other = await makeClient(owner, "Other");
    await bookSession(owner, { sessionId: full.session.id, clientId: other.id });
    const waiting = await joinWaitlist(owner, { sessionId: full.session.id, clientId: b.id });

    await addNote(owner, b.id, "Prefers the morning class.", s.ownerId);
    const company = await createCompany(owner, { name: "Acme" });
    await linkClientToCompany(owner, company.id, b.id);
    const mail = await sendMail(owner, {
      kind: "client_message",
      to: b.email!,
      subject: "Hello",
      text: "See you",
      clientId: b.id,
    });
    const kid = await makeClient(owner, "Kid");
    await patchClient(owner, kid.id, { householdPrimaryId: b.id, householdRole: "participant" });

    const before = { a: (await reload(owner, a.id))!, b: (await reload(owner, b.id))! };
    expect(before.a.totalBookings).toBe(1);
    expect(before.b.totalBookings).toBe(2);
    expect(before.b.lifetimeSpendCents).toBe(12000);

    const merged = await mergeClients(instructor, { targetClientId: a.id, sourceClientId: b.id });

    expect(await reload(owner, b.id)).toBeUndefined();
    expect(merged.id).toBe(a.id);
    const after = (await reload(owner, a.id))!;
    // R1: the counters follow the moved rows.
    expect(after.totalBookings).toBe(before.a.totalBookings + before.b.totalBookings);
    expect(after.lifetimeSpendCents).toBe(before.a.lifetimeSpendCents + before.b.lifetimeSpendCents);
    expect(after.firstBookingAt).toEqual(
      before.a.firstBookingAt! < before.b.firstBookingAt! ? before.a.firstBookingAt : before.b.firstBookingAt,
    );
    expect(after.lastBookingAt).toEqual(
      before.a.lastBookingAt! > before.b.lastBookingAt! ? before.a.lastBookingAt : before.b.lastBookingAt,
    );

    expect((await bookingsOf(owner, a.id)).map((r) => r.sessionId).sort()).toEqual(
      [s1.session.id, s2.session.id, s3.session.id].sort(),
    );
    expect((await membershipsOf(owner, a.id)).map((r) => r.id).sort()).toEqual([aPack.id, bPack.id].sort());
    expect(await paymentsOf(owner, a.id)).toHaveLength(2);
    const [entry] = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, waiting.id));
    expect(entry).toMatchObject({ clientId: a.id, leftAt: null, promotedBookingId: null });
    const notes = await owner.db.select().from(clientNotes).where(eq(clientNotes.studioId, s.studio.id));
    expect(notes.map((n) => [n.clientId, n.body])).toEqual([[a.id, "Prefers the morning class."]]);
    expect(await owner.db.select().from(companyClients).where(eq(companyClients.studioId, s.studio.id))).toMatchObject([
      { companyId: company.id, clientId: a.id },
    ]);
    const [mailRow] = await owner.db.select().from(messages).where(eq(messages.id, mail.id));
    expect(mailRow!.clientId).toBe(a.id);
    expect((await reload(owner, kid.id))!).toMatchObject({ householdPrimaryId: a.id, householdRole: "participant" });

    // Contact fields: A's own kept, empty ones filled from B; tags united; member-since the earlier; B's login.
    expect(after).toMatchObject({
      name: "Anna Kowalska",
      email: a.email,
      phone: "+48 600 700 800",
      emergencyContactName: "Jan",
      emergencyContactPhone: "+48 600 000 111",
      pictureUrl: "https://img.example.test/a.jpg",
      questionnaire: { injuries: "none" },
      userId: bLogin,
      tags: ["shared", "a-tag", "b-tag"],
    });
    expect(after.memberSince).toEqual(inDays(-10));

    const audits = await auditsOf(owner, "client.merged");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ rowId: a.id, actorType: "staff", data: { sourceClientId: b.id } });
  });

  it("C5: a session both are booked on keeps A's place; B's is cancelled by staff, its session returns to the pack, and the freed place goes to the waitlist", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(8, 60));
    const a = await makeClient(owner, "Ola");
    const b = await makeClient(owner, "Ola N");
    const c = await makeClient(owner, "Cezary");
    const bPack = (await assignMembership(owner, { planId: plan.id, clientId: b.id, paymentMethod: "cash" }))
      .membership;
    await assignMembership(owner, { planId: plan.id, clientId: a.id, paymentMethod: "cash", startsAt: inDays(-1) });
    await assignMembership(owner, { planId: plan.id, clientId: c.id, paymentMethod: "cash", startsAt: inDays(-2) });

    const { session } = await makeSession(owner, { startsAt: inDays(3), capacity: 2 });
    const aBooking = await bookSession(owner, { sessionId: session.id, clientId: a.id });
    const bBooking = await bookSession(owner, { sessionId: session.id, clientId: b.id });
    expect((await loadMembership(owner, bPack.id)).sessionsRemaining).toBe(7);
    const cWaits = await joinWaitlist(owner, { sessionId: session.id, clientId: c.id });

    // A queue both wait in.
    const fullSession = (await makeSession(owner, { startsAt: inDays(6), capacity: 1 })).session;
    await bookSession(owner, { sessionId: fullSession.id, clientId: c.id });
    const aWaits = await joinWaitlist(owner, { sessionId: fullSession.id, clientId: a.id });
    const bWaits = await joinWaitlist(owner, { sessionId: fullSession.id, clientId: b.id });

    await mergeClients(owner, { targetClientId: a.id, sourceClientId: b.id });

    const [bRow] = await owner.db.select().from(bookings).where(eq(bookings.id, bBooking.booking.id));
    expect(bRow).toMatchObject({ clientId: a.id, status: "cancelled", cancelledBy: "staff" });
    const [aRow] = await owner.db.select().from(bookings).where(eq(bookings.id, aBooking.booking.id));
    expect(aRow).toMatchObject({ clientId: a.id, status: "booked" });
    const pack = await loadMembership(owner, bPack.id);
    expect(pack).toMatchObject({ clientId: a.id, sessionsRemaining: 8 });
    const ledger = await owner.db
      .select()
      .from(membershipLedger)
      .where(eq(membershipLedger.membershipId, bPack.id))
      .orderBy(asc(membershipLedger.id));
    expect(ledger.map((r) => r.reason)).toEqual(["purchased", "booked_by_staff", "cancelled_by_staff"]);

    // B4: C was waiting and is booked into the freed place.
    const [promoted] = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, cWaits.id));
    expect(promoted!.promotedBookingId).not.toBeNull();
    const [sessionRow] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(sessionRow!.bookedCount).toBe(2);
    await drainJobs();
    await mailArrives((m) => m.to.includes(c.email!) && /^You're in/.test(m.subject));

    const entries = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.sessionId, fullSession.id));
    expect(entries.find((e) => e.id === aWaits.id)).toMatchObject({ clientId: a.id, leftAt: null });
    expect(entries.find((e) => e.id === bWaits.id)).toMatchObject({ clientId: a.id, leftAt: T0 });

    const live = await owner.db
      .select()
      .from(bookings)
      .where(
        and(eq(bookings.sessionId, session.id), eq(bookings.clientId, a.id), sql`${bookings.status} <> 'cancelled'`),
      );
    expect(live).toHaveLength(1);
  });

  it("C5: a duplicate on a session that has already started is cancelled too, freeing its place and returning its pack session", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(4, 60));
    const a = await makeClient(owner, "Marta");
    const b = await makeClient(owner, "Marta K");
    const bPack = (await assignMembership(owner, { planId: plan.id, clientId: b.id })).membership;
    const { session } = await makeSession(owner, { startsAt: inDays(1) });
    await bookSession(owner, { sessionId: session.id, clientId: a.id });
    const bBooking = await bookSession(owner, { sessionId: session.id, clientId: b.id });

    await mergeClients(await s.owner(inDays(2)), { targetClientId: a.id, sourceClientId: b.id });

    const [row] = await owner.db.select().from(bookings).where(eq(bookings.id, bBooking.booking.id));
    expect(row).toMatchObject({ clientId: a.id, status: "cancelled", cancelledBy: "staff" });
    const [sessionRow] = await owner.db.select().from(classSessions).where(eq(classSessions.id, session.id));
    expect(sessionRow!.bookedCount).toBe(1);
    expect((await loadMembership(owner, bPack.id)).sessionsRemaining).toBe(4);
    expect((await reload(owner, a.id))!.totalBookings).toBe(1);
  });

  it("C5: two memberships of one plan with the same start refuse the merge (merge_conflict) and change nothing", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.monthly());
    const a = await makeClient(owner, "Piotr");
    const b = await makeClient(owner, "Piotr W");
    await assignMembership(owner, { planId: plan.id, clientId: a.id, startsAt: inDays(-3) });
    const bm = (await assignMembership(owner, { planId: plan.id, clientId: b.id, startsAt: inDays(-3) })).membership;
    const { session } = await makeSession(owner, { startsAt: inDays(2) });
    const booked = await bookSession(owner, { sessionId: session.id, clientId: b.id });
    await addNote(owner, b.id, "Note on B", s.ownerId);

    const refused = await mergeClients(owner, { targetClientId: a.id, sourceClientId: b.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RuleError);
    expect((refused as RuleError).code).toBe("merge_conflict");
    expect((refused as RuleError).message).toMatch(/Monthly unlimited/);

    expect(await reload(owner, b.id)).toBeDefined();
    expect((await loadMembership(owner, bm.id)).clientId).toBe(b.id);
    const [bk] = await owner.db.select().from(bookings).where(eq(bookings.id, booked.booking.id));
    expect(bk).toMatchObject({ clientId: b.id, status: "booked" });
    expect(await owner.db.select().from(clientNotes).where(eq(clientNotes.clientId, b.id))).toHaveLength(1);
    expect(await auditsOf(owner, "client.merged")).toHaveLength(0);
  });

  it("C5: another studio's client is not found, and a client cannot be merged into itself", async () => {
    const s = await makeStudio();
    const elsewhere = await makeStudio();
    const owner = await s.owner(T0);
    const a = await makeClient(owner, "Ewa");
    const foreign = await makeClient(await elsewhere.owner(T0), "Ewa");
    await expect(mergeClients(owner, { targetClientId: a.id, sourceClientId: foreign.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(mergeClients(owner, { targetClientId: foreign.id, sourceClientId: a.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(mergeClients(owner, { targetClientId: "nope", sourceClientId: a.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(mergeClients(owner, { targetClientId: a.id, sourceClientId: a.id })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(await reload(await elsewhere.owner(), foreign.id)).toBeDefined();
    expect(await reload(owner, a.id)).toBeDefined();
  });

  it("C5: the merge picker finds other live clients by name, email or phone, and suggests same-name or same-phone duplicates", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const a = await makeClient(owner, "Zofia Nowak");
    await patchClient(owner, a.id, { phone: "+48 600 123 456" });
    const sameName = await makeClient(owner, "zofia nowak");
    const samePhone = await makeClient(owner, "Z. N.");
    await patchClient(owner, samePhone.id, { phone: "48600123456" });
    const unrelated = await makeClient(owner, "Karol");
    const gone = await makeClient(owner, "Zofia Nowak");
    await patchClient(owner, gone.id, { erasedAt: T0 });
    const foreign = await makeClient(await (await makeStudio()).owner(T0), "Zofia Nowak");

    const suggested = (await findMergeCandidates(owner, { targetClientId: a.id })).map((c) => c.id);
    expect(suggested.sort()).toEqual([sameName.id, samePhone.id].sort());
    expect((await findMergeCandidates(owner, { targetClientId: a.id, q: "KAROL" })).map((c) => c.id)).toEqual([
      unrelated.id,
    ]);
    expect(
      (await findMergeCandidates(owner, { targetClientId: a.id, q: unrelated.email!.toUpperCase() })).map((c) => c.id),
    ).toEqual([unrelated.id]);
    expect((await findMergeCandidates(owner, { targetClientId: a.id, q: "600 123" })).map((c) => c.id)).toEqual([
      samePhone.id,
    ]);
    const all = (await findMergeCandidates(owner, { targetClientId: a.id, q: "zofia" })).map((c) => c.id);
    expect(all).toEqual([sameName.id]);
    expect(all).not.toContain(foreign.id);
    await expect(findMergeCandidates(owner, { targetClientId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("C5, H1: when A is a member of B's household, A leaves it and B's other members move under A", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const b = await makeClient(owner, "Parent");
    const a = await makeClient(owner, "Parent again");
    const kid = await makeClient(owner, "Kid");
    await patchClient(owner, a.id, { householdPrimaryId: b.id, householdRole: "additional_user" });
    await patchClient(owner, kid.id, { householdPrimaryId: b.id, householdRole: "participant" });
    await mergeClients(owner, { targetClientId: a.id, sourceClientId: b.id });
    expect(await reload(owner, a.id)).toMatchObject({ householdPrimaryId: null, householdRole: null, email: a.email });
    expect(await reload(owner, kid.id)).toMatchObject({ householdPrimaryId: a.id, householdRole: "participant" });
  });
});

describe("deleting clients (C4, H2)", () => {
  it("C4: a client with a booking, membership or payment is refused (has_history) and kept", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.monthly());
    const member = await makeClient(owner, "Member");
    await assignMembership(owner, { planId: plan.id, clientId: member.id });
    const booker = await makeClient(owner, "Booker");
    await bookSession(owner, {
      sessionId: (await makeSession(owner, { startsAt: inDays(1) })).session.id,
      clientId: booker.id,
    });

    for (const c of [member, booker]) {
      expect(await clientDeletability(owner, c.id)).toMatchObject({ allowed: false, code: "has_history" });
      const refused = await deleteClient(owner, { clientId: c.id }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RuleError);
      expect((refused as RuleError).code).toBe("has_history");
      expect(await reload(owner, c.id)).toBeDefined();
    }
    expect(await auditsOf(owner, "client.deleted")).toHaveLength(0);
  });

  it("C4: a lead is deleted with its notes, company links and waitlist places; audited without personal data", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const instructor = await s.instructor(T0);
    const lead = await makeClient(owner, "Lead Person");
    await patchClient(owner, lead.id, { phone: "+48 111 222 333" });
    await addNote(owner, lead.id, "Called about prices", s.ownerId);
    const company = await createCompany(owner, { name: "Acme" });
    await linkClientToCompany(owner, company.id, lead.id);
    const full = await makeSession(owner, { startsAt: inDays(2), capacity: 1 });
    await bookSession(owner, { sessionId: full.session.id, clientId: (await makeClient(owner, "Someone")).id });
    await joinWaitlist(owner, { sessionId: full.session.id, clientId: lead.id });

    expect(await clientDeletability(instructor, lead.id)).toEqual({ allowed: true, historyMovesTo: null });
    await deleteClient(instructor, { clientId: lead.id });

    expect(await reload(owner, lead.id)).toBeUndefined();
    expect(await owner.db.select().from(clientNotes).where(eq(clientNotes.clientId, lead.id))).toHaveLength(0);
    expect(await owner.db.select().from(companyClients).where(eq(companyClients.clientId, lead.id))).toHaveLength(0);
    expect(await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.clientId, lead.id))).toHaveLength(0);
    const [row] = await auditsOf(owner, "client.deleted");
    expect(row).toMatchObject({ rowId: lead.id, data: { householdRole: null, historyMovedTo: null } });
    expect(JSON.stringify(row!.data)).not.toMatch(/Lead Person|@|222/);
    await expect(deleteClient(owner, { clientId: lead.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("C4: another studio's client is not found; a primary with household members is refused (has_household)", async () => {
    const s = await makeStudio();
    const elsewhere = await makeStudio();
    const owner = await s.owner(T0);
    const foreign = await makeClient(await elsewhere.owner(T0), "Foreign");
    await expect(deleteClient(owner, { clientId: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await reload(await elsewhere.owner(), foreign.id)).toBeDefined();

    const primary = await makeClient(owner, "Primary");
    const kid = await makeClient(owner, "Kid");
    await patchClient(owner, kid.id, { householdPrimaryId: primary.id, householdRole: "participant" });
    const refused = await deleteClient(owner, { clientId: primary.id }).catch((e: unknown) => e);
    expect((refused as RuleError).code).toBe("has_household");
    expect(await reload(owner, primary.id)).toBeDefined();
    // A participant with no history of its own is a lead: it can go.
    await deleteClient(owner, { clientId: kid.id });
    expect(await reload(owner, kid.id)).toBeUndefined();
  });

  it("H2: deleting an additional user moves its bookings, payments, memberships and waitlist places to its primary first", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(5, 60));
    const primary = await makeClient(owner, "Primary");
    const adult = await makeClient(owner, "Partner");
    await patchClient(owner, adult.id, { householdPrimaryId: primary.id, householdRole: "additional_user" });
    const pack = (
      await assignMembership(owner, { planId: plan.id, clientId: adult.id, paymentMethod: "card_terminal" })
    ).membership;
    const booked = await bookSession(owner, {
      sessionId: (await makeSession(owner, { startsAt: inDays(2) })).session.id,
      clientId: adult.id,
    });
    const full = await makeSession(owner, { startsAt: inDays(3), capacity: 1 });
    await bookSession(owner, { sessionId: full.session.id, clientId: (await makeClient(owner, "Someone")).id });
    const waits = await joinWaitlist(owner, { sessionId: full.session.id, clientId: adult.id });
    const before = (await reload(owner, primary.id))!;

    expect(await clientDeletability(owner, adult.id)).toEqual({ allowed: true, historyMovesTo: primary.id });
    await deleteClient(owner, { clientId: adult.id });

    expect(await reload(owner, adult.id)).toBeUndefined();
    expect((await loadMembership(owner, pack.id)).clientId).toBe(primary.id);
    const [bk] = await owner.db.select().from(bookings).where(eq(bookings.id, booked.booking.id));
    expect(bk).toMatchObject({ clientId: primary.id, status: "booked" });
    expect((await paymentsOf(owner, primary.id)).map((p) => p.amountCents)).toEqual([12000]);
    const [entry] = await owner.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, waits.id));
    expect(entry).toMatchObject({ clientId: primary.id, leftAt: null });
    const after = (await reload(owner, primary.id))!;
    expect(after.totalBookings).toBe(before.totalBookings + 1);
    expect(after.lifetimeSpendCents).toBe(before.lifetimeSpendCents + 12000);
    expect(await auditsOf(owner, "client.deleted")).toMatchObject([
      { rowId: adult.id, data: { householdRole: "additional_user", historyMovedTo: primary.id } },
    ]);
  });
});

describe("erasing a client (P1)", () => {
  async function studioTotals(ctx: Ctx) {
    const [row] = rowsOf<{ revenue: string | number; bookings: string | number }>(
      await ctx.db.execute(sql`
        select (select coalesce(sum(amount_cents - refunded_cents), 0) from payments where studio_id = ${ctx.studio.id} and status = 'paid') as revenue,
               (select count(*) from bookings where studio_id = ${ctx.studio.id} and status <> 'cancelled') as bookings`),
    );
    return { revenue: Number(row!.revenue), bookings: Number(row!.bookings) };
  }

  /** Every row of every table of the schema that mentions `needle` anywhere, as "table: count". */
  async function tablesMentioning(ctx: Ctx, needle: string): Promise<string[]> {
    const tables = rowsOf<{ name: string }>(
      await ctx.db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      ),
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["clients", "messages", "users", "audit_log", "client_notes"]),
    );
    const hits: string[] = [];
    for (const { name } of tables) {
      const [row] = rowsOf<{ n: string | number }>(
        await ctx.db.execute(
          sql`select count(*) as n from ${sql.identifier(name)} t where row_to_json(t)::text ilike ${`%${needle}%`}`,
        ),
      );
      if (Number(row!.n) > 0) hits.push(`${name}: ${row!.n}`);
    }
    return hits;
  }

  it("P1: erasure leaves no table holding the person's name, email or phone, keeps the studio's totals, mails the owner and is audited without personal data", async () => {
    const s = await makeStudio({ name: "Erase Studio" });
    const owner = await s.owner(T0);
    const tag = randomBytes(4).toString("hex");
    const name = `Quillon Ferramosca ${tag}`;
    const email = uniqueEmail(`quillon${tag}`);
    const phone = `+48 555 ${tag.replace(/\D/g, "7").slice(0, 3)} 987`;
    const emergency = `Ottavia Ferramosca ${tag}`;
    const secret = `peanut-allergy-${tag}`;
    const needles = [name, email, phone, phone.replace(/\D/g, ""), emergency, secret, `Quillon`];

    const plan = await makePlan(owner, PLANS.pack(8, 60));
    const login = await newLogin(email, name);
    const x = await makeClient(owner, "placeholder");
    await patchClient(owner, x.id, {
      name,
      email,
      emailNormalized: email,
      phone,
      emergencyContactName: emergency,
      emergencyContactPhone: "+48 999 888 777",
      pictureUrl: `https://img.example.test/${tag}.jpg`,
      questionnaire: { allergies: secret },
      tags: [`vip-${tag}`],
      marketingConsent: true,
      marketingConsentAt: T0,
      userId: login,
    });
    const cardBefore = (await reload(owner, x.id))!.cardToken;
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: x.id, paymentMethod: "cash" });
    const dropIn = await makeSession(owner, { startsAt: inDays(1), dropInPriceCents: 2500 });
    await bookSession(owner, {
      sessionId: (await makeSession(owner, { startsAt: inDays(2) })).session.id,
      clientId: x.id,
      membershipId: membership.id,
    });
    await bookSession(owner, { sessionId: dropIn.session.id, clientId: x.id, membershipId: membership.id });
    const [paid] = await paymentsOf(owner, x.id);
    await refundPayment(owner, paid!.id, { amountCents: 2000, reason: "goodwill" });
    await addNote(owner, x.id, `${name} asked about private lessons`, s.ownerId);
    await sendMail(owner, {
      kind: "client_message",
      to: email,
      subject: `Hi ${name}`,
      text: `Dear ${name}, call ${phone}.`,
      clientId: x.id,
    });
    // A4: a failed sign-in of the login leaves a throttle that erasure must not touch.
    await verifyCredentials(owner.db, { email, password: "a wrong password", ip: "local" }, T0);
    const throttle = await owner.db
      .select()
      .from(loginThrottles)
      .where(eq(loginThrottles.key, throttleKey("signin:account", email)));
    expect(throttle).toHaveLength(1);
    await owner.db
      .insert(verificationTokens)
      .values({ identifier: email, token: randomBytes(8).toString("hex"), expires: inDays(1) });
    const full = await makeSession(owner, { startsAt: inDays(4), capacity: 1 });
    await bookSession(owner, { sessionId: full.session.id, clientId: (await makeClient(owner, "Other")).id });
    await joinWaitlist(owner, { sessionId: full.session.id, clientId: x.id });

    for (const needle of [name, email, phone]) expect(await tablesMentioning(owner, needle)).not.toEqual([]);
    const totalsBefore = await studioTotals(owner);
    const statsBefore = (await reload(owner, x.id))!;
    expect(totalsBefore.bookings).toBeGreaterThanOrEqual(3);

    // docs/rules.md "staff": erasure is the owner's.
    await expect(eraseClient(await s.instructor(T0), { clientId: x.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await reload(owner, x.id))!.name).toBe(name);

    const erased = await eraseClient(owner, { clientId: x.id });

    expect(erased).toMatchObject({
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
      userId: null,
      erasedAt: T0,
    });
    expect(erased.cardToken).not.toBe(cardBefore);
    for (const needle of needles)
      expect({ needle, tables: await tablesMentioning(owner, needle) }).toEqual({ needle, tables: [] });
    expect(await owner.db.select().from(users).where(eq(users.id, login))).toHaveLength(0);
    expect(
      await owner.db
        .select()
        .from(loginThrottles)
        .where(eq(loginThrottles.key, throttleKey("signin:account", email))),
    ).toEqual(throttle);

    // Totals stay: the anonymous bookings and payments remain.
    expect(await studioTotals(owner)).toEqual(totalsBefore);
    const afterStats = (await reload(owner, x.id))!;
    expect([afterStats.totalBookings, afterStats.lifetimeSpendCents]).toEqual([
      statsBefore.totalBookings,
      statsBefore.lifetimeSpendCents,
    ]);
    expect((await loadMembership(owner, membership.id)).clientId).toBe(x.id);

    // Gone from every read.
    await expect(getClient(owner, x.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listClients(owner, {})).data.map((c) => c.id)).not.toContain(x.id);
    await expect(eraseClient(owner, { clientId: x.id })).rejects.toBeInstanceOf(NotFoundError);

    const audits = await auditsOf(owner, "client.erased");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ rowId: x.id, data: { notesDeleted: 1, loginDeleted: true } });

    await drainJobs();
    const ownerMail = await testSmtp().waitFor(s.ownerEmail);
    expect(ownerMail.subject).toMatch(/erased/i);
    for (const needle of needles) expect(`${ownerMail.subject}\n${ownerMail.text}`).not.toContain(needle);
    const [logged] = await owner.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.kind, "client_erased")));
    expect(logged).toMatchObject({ toAddress: s.ownerEmail, status: "sent" });
  });

  it("P1, H1: a portal login that also signs in to another studio is only unlinked, not deleted; the erased primary's household members stand alone", async () => {
    const s = await makeStudio();
    const elsewhere = await makeStudio();
    const owner = await s.owner(T0);
    const email = uniqueEmail("shared-login");
    const login = await newLogin(email);
    const here = await makeClient(owner, "Here");
    const there = await makeClient(await elsewhere.owner(T0), "There");
    await patchClient(owner, here.id, { userId: login });
    await patchClient(await elsewhere.owner(), there.id, { userId: login });
    const kid = await makeClient(owner, "Kid");
    await patchClient(owner, kid.id, { householdPrimaryId: here.id, householdRole: "participant" });

    await eraseClient(owner, { clientId: here.id });

    expect(await reload(owner, kid.id)).toMatchObject({ householdPrimaryId: null, householdRole: null, name: "Kid" });
    expect(await owner.db.select().from(users).where(eq(users.id, login))).toHaveLength(1);
    expect((await reload(await elsewhere.owner(), there.id))!.userId).toBe(login);
    expect((await reload(owner, here.id))!.userId).toBeNull();
  });
});
