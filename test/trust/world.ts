import { and, eq, like, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { clients, messages, payments, webhookEndpoints } from "@/db/schema";
import { createPromoCode } from "@/lib/offers/promo-codes";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { bookSession } from "@/lib/bookings/book-session";
import { joinWaitlist } from "@/lib/bookings/waitlist";
import { createCompany, linkClientToCompany } from "@/lib/companies/companies";
import { addNote } from "@/lib/crm/notes";
import { addTag } from "@/lib/crm/tags";
import { addParticipant } from "@/lib/households/add-participant";
import { createForm } from "@/lib/forms/forms";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { registerVerifiedMember } from "@/test/support/identity";
import { inviteStaff } from "@/lib/team/team";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeStudio, TEST_PASSWORD, uniqueEmail, type TestStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";

/** Every kind of row an action or endpoint can name by id, one real row of each. */
export type Ids = {
  client: string;
  plan: string;
  /** A plan that is not public: members cannot buy it (E1). */
  privatePlan: string;
  membership: string;
  session: string;
  class: string;
  booking: string;
  /** A session with free places and no bookings. */
  openSession: string;
  /** A full session (capacity 1) with the victim on its waitlist. */
  fullSession: string;
  /** A guest booking of the victim (no membership pays it), for attaching (S7). */
  guestBooking: string;
  /** A paid payment (refunds). */
  payment: string;
  /** A payment still due (mark paid). */
  duePayment: string;
  note: string;
  company: string;
  /** A waitlist entry. */
  entry: string;
  /** A household participant of `client`. */
  participant: string;
  apiKey: string;
  /** A staff member (the instructor's login id: staff are named by their user id, T1). */
  staff: string;
  /** A pending staff invitation (T1). */
  invitation: string;
  /** J1: a mail of the studio that failed for good (Settings → Sent mail, Retry). */
  message: string;
  /** J1: a job of the studio's queue, failed for good (Settings → Jobs, Retry). */
  job: string;
  /** X2: a webhook endpoint (written directly: its URL is never called here). */
  webhook: string;
  /** M12: a promo code for `plan`. */
  promoCode: string;
  /** F1: a form (required by nothing, so no booking or purchase of the world needs it) and its current version. */
  form: string;
  formVersion: string;
};

/**
 * One studio with the same shapes as every other: owner, instructor, a member
 * with a login (`member`), a second member with a login whose rows are the
 * "victim" rows (`ids`: its membership, booking, waitlist place, payments,
 * note, company, household), plans, a class with sessions, and an API key.
 */
export type World = {
  t: TestStudio;
  slug: string;
  ownerUserId: string;
  instructorUserId: string;
  /** T2: a login of each other staff role. */
  managerUserId: string;
  frontDeskUserId: string;
  /** A client of this studio with a login and an active pack; not staff anywhere. */
  member: { userId: string; clientId: string; email: string; membershipId: string };
  /** The victim's login (a second member). */
  victimUserId: string;
  victimEmail: string;
  ids: Ids;
  cardToken: string;
  calendarToken: string;
  apiKey: string;
};

export async function makeWorld(name: string): Promise<World> {
  const t = await makeStudio({ name });
  const owner = await t.owner();
  const instructor = await t.instructor();
  const manager = await t.staffAs("manager");
  const frontDesk = await t.staffAs("front_desk");
  const system = await t.system();
  const pack = await makePlan(owner, PLANS.pack(10, 60, { public: true }));
  const monthly = await makePlan(owner, PLANS.monthly({ public: true }));
  const hidden = await makePlan(owner, PLANS.fixed(30, { name: "Staff-only pass", public: false }));

  const memberEmail = uniqueEmail("member");
  const member = await registerVerifiedMember(system, {
    name: "Mia Member",
    email: memberEmail,
    password: TEST_PASSWORD,
  });
  const memberPack = await assignMembership(owner, {
    planId: pack.id,
    clientId: member.client.id,
    paymentMethod: "cash",
  });

  const victimEmail = uniqueEmail("victim");
  const victim = await registerVerifiedMember(system, {
    name: "Vic Victim",
    email: victimEmail,
    password: TEST_PASSWORD,
  });
  const victimPack = await assignMembership(owner, {
    planId: pack.id,
    clientId: victim.client.id,
    paymentMethod: "cash",
  });
  await assignMembership(owner, { planId: monthly.id, clientId: victim.client.id, paymentMethod: null });

  const day = 24 * 3600_000;
  const { cls, session } = await makeSession(owner, { startsAt: new Date(Date.now() + 7 * day), capacity: 10 });
  const booked = await bookSession(owner, { sessionId: session.id, clientId: victim.client.id, by: "staff" });
  // A full session with the victim waiting for a place.
  const full = await makeSession(owner, { startsAt: new Date(Date.now() + 8 * day), capacity: 1, title: "Reformer" });
  const other = await makeClient(owner, "Olga Other");
  await bookSession(owner, { sessionId: full.session.id, clientId: other.id, by: "staff" });
  const entry = await joinWaitlist(owner, { sessionId: full.session.id, clientId: victim.client.id });
  const dropIn = await makeSession(owner, { startsAt: new Date(Date.now() + 9 * day), capacity: 10, title: "Drop-in" });
  const open = await makeSession(owner, { startsAt: new Date(Date.now() + 10 * day), capacity: 10, title: "Open" });
  const guest = await bookSession(
    system,
    { sessionId: dropIn.session.id, email: victimEmail, name: "Vic Victim" },
    { guest: true },
  );

  const note = await addNote(owner, { clientId: victim.client.id, body: "Knee injury, go easy", shared: true });
  await addTag(owner, { clientId: victim.client.id, tag: "vip" });
  const company = await createCompany(owner, { name: "Acme Ltd" });
  await linkClientToCompany(owner, company.id, victim.client.id);
  const participant = await addParticipant(owner, { primaryId: victim.client.id, name: "Kid Victim" });
  const { key, apiKey } = await createApiKey(owner, { name: "trust" });
  const invitation = await inviteStaff(
    owner,
    { email: uniqueEmail("invitee"), role: "instructor" },
    { origin: "http://roster.test" },
  );

  const form = await createForm(owner, { title: "Trust waiver", body: "At your own risk." });
  const db = await getDb();
  const [webhook] = await db
    .insert(webhookEndpoints)
    .values({
      studioId: t.studio.id,
      url: "https://hooks.example/roster",
      events: ["membership.suspended"],
      secret: "whsec_trust",
    })
    .returning();
  const promo = await createPromoCode(owner, { code: "TRUSTWORLD", percentOff: 10, planIds: [pack.id] });
  // J1: the invitation's mail and its job, both failed for good, so Retry has something to retry.
  const [failedMail] = await db
    .update(messages)
    .set({ status: "failed", error: "550 mailbox unavailable", attempts: 5 })
    .where(and(eq(messages.studioId, t.studio.id), like(messages.key, `invite:${invitation.id}:%`)))
    .returning({ id: messages.id });
  const jobRows = await db.execute(sql`
    update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'trust: failed for good'
    where payload->>'studioId' = ${t.studio.id} and payload->>'messageId' = ${failedMail?.id ?? null} returning id`);
  const [failedJob] = (Array.isArray(jobRows) ? jobRows : ((jobRows as { rows?: unknown[] }).rows ?? [])) as {
    id: string | number;
  }[];
  const pays = await db
    .select()
    .from(payments)
    .where(and(eq(payments.studioId, t.studio.id), eq(payments.clientId, victim.client.id)));
  const paid = pays.find((p) => p.status === "paid");
  const due = pays.find((p) => p.status === "due");
  const [victimRow] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.studioId, t.studio.id), eq(clients.id, victim.client.id)));
  if (
    !paid ||
    !due ||
    !victimRow ||
    !failedMail ||
    !failedJob ||
    instructor.actor.kind !== "staff" ||
    manager.actor.kind !== "staff" ||
    frontDesk.actor.kind !== "staff"
  ) {
    throw new Error("world: fixture incomplete");
  }

  return {
    t,
    slug: t.studio.slug,
    ownerUserId: t.ownerId,
    instructorUserId: instructor.actor.userId,
    managerUserId: manager.actor.userId,
    frontDeskUserId: frontDesk.actor.userId,
    member: {
      userId: member.userId,
      clientId: member.client.id,
      email: memberEmail,
      membershipId: memberPack.membership.id,
    },
    victimUserId: victim.userId,
    victimEmail,
    ids: {
      client: victim.client.id,
      plan: pack.id,
      privatePlan: hidden.id,
      membership: victimPack.membership.id,
      session: session.id,
      class: cls.id,
      booking: booked.booking.id,
      guestBooking: guest.booking.id,
      openSession: open.session.id,
      fullSession: full.session.id,
      payment: paid.id,
      duePayment: due.id,
      note: note.id,
      company: company.id,
      entry: entry.id,
      participant: participant.id,
      apiKey: apiKey.id,
      staff: instructor.actor.userId,
      invitation: invitation.id,
      message: failedMail.id,
      job: String(failedJob.id),
      webhook: webhook!.id,
      promoCode: promo.id,
      form: form.id,
      formVersion: form.versionId,
    },
    cardToken: victimRow.cardToken,
    calendarToken: victimRow.calendarToken,
    apiKey: key,
  };
}
