import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, clients, membershipLedger, memberships, messages, payments } from "@/db/schema";
import { ForbiddenError, InvalidInputError, RuleError } from "@/lib/core/errors";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { testDatabaseMode } from "@/test/support/test-database";
import { eraseClient } from "@/lib/clients/erase-client";
import { createCompany, linkClientToCompany, unlinkClientFromCompany } from "@/lib/companies/companies";
import { markPaymentPaid, refundPayment } from "@/lib/payments/payments";
import { listPlans, archivePlan, updatePlan } from "@/lib/plans/plans";
import { assignMembership } from "./assign-membership";
import { adjustMembership, cancelMembership, extendMembership, suspendMembership } from "./change-membership";
import { getClientPermissions, getPermissionsByEmail, listClientMemberships } from "./client-memberships";
import { effectiveStatus, effectiveStatusSql, grantsRights } from "./effective-status";
import { expireDueMemberships } from "./expire-due";
import { listLedger } from "./ledger";
import { loadMembership } from "./get-membership";
import { sendMembershipReminders } from "./reminders";

const T0 = new Date("2026-03-02T09:00:00Z");
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

/** S2: the count on the membership equals the sum of its ledger deltas, and no balance is negative. */
async function expectLedgerBalanced(
  ctx: Awaited<ReturnType<Awaited<ReturnType<typeof makeStudio>>["owner"]>>,
  id: string,
) {
  const m = await loadMembership(ctx, id);
  const rows = await listLedger(ctx, id);
  expect(rows.reduce((s, r) => s + r.delta, 0)).toBe(m.sessionsRemaining);
  expect(rows.every((r) => r.balanceAfter >= 0)).toBe(true);
  expect(rows.at(-1)?.balanceAfter).toBe(m.sessionsRemaining);
}

describe("plans", () => {
  it("M1: each kind requires its own fields", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    await expect(
      makePlan(ctx, { name: "Bad pack", kind: "sessions", priceCents: 100, durationDays: 30 }),
    ).rejects.toMatchObject({
      fields: { sessions: ["Say how many sessions the pack holds."] },
    });
    await expect(
      makePlan(ctx, { name: "Bad monthly", kind: "recurring", priceCents: 100, sessions: 4 }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const pack = await makePlan(ctx, PLANS.pack(10, 90));
    expect(pack).toMatchObject({ kind: "sessions", sessions: 10, durationDays: 90, currency: "EUR" });
    await expect(updatePlan(ctx, pack.id, { sessions: null })).rejects.toBeInstanceOf(InvalidInputError);
    const monthly = await makePlan(
      ctx,
      PLANS.monthly({ bookingLimitPerPeriod: 8, permissions: ["member-area", "sauna"] }),
    );
    expect(monthly.permissions).toEqual(["member-area", "sauna"]);
  });

  it("M1: a partial update of a plan changes only the fields given (no default resets public or member-only access)", async () => {
    const s = await makeStudio();
    const ctx = await s.owner();
    const plan = await makePlan(ctx, PLANS.monthly({ public: true, memberOnlyAccess: true, permissions: ["sauna"] }));
    const renamed = await updatePlan(ctx, plan.id, { name: "Monthly, renamed" });
    expect(renamed).toMatchObject({
      name: "Monthly, renamed",
      public: true,
      memberOnlyAccess: true,
      permissions: ["sauna"],
    });
  });

  it("plans are the owner's: an instructor cannot create one", async () => {
    const s = await makeStudio();
    await expect(makePlan(await s.instructor(), PLANS.monthly())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("an archived plan keeps its members and is no longer sold", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.monthly());
    const client = await makeClient(ctx);
    await assignMembership(ctx, { planId: plan.id, clientId: client.id });
    await archivePlan(ctx, plan.id);
    const listed = await listPlans(ctx, { includeArchived: true });
    expect(listed.find((p) => p.id === plan.id)).toMatchObject({ memberCount: 1 });
    expect((await listPlans(ctx)).find((p) => p.id === plan.id)).toBeUndefined();
    await expect(
      assignMembership(ctx, { planId: plan.id, clientId: (await makeClient(ctx, "Other")).id }),
    ).rejects.toMatchObject({ code: "plan_archived" });
    expect((await listClientMemberships(ctx, client.id))[0]!.grantsRights).toBe(true);
  });
});

describe("memberships", () => {
  it("M6, C1: assigning by email creates the client once; a pack's purchase is its first ledger row (S2)", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(8));
    const { membership } = await assignMembership(ctx, {
      planId: plan.id,
      email: "New.Person@Example.test",
      name: "New Person",
    });
    expect(membership).toMatchObject({ sessionsTotal: 8, sessionsRemaining: 8, status: "active", source: "staff" });
    expect(membership.endsAt!.toISOString()).toBe(days(60).toISOString());
    const [client] = await ctx.db.select().from(clients).where(eq(clients.id, membership.clientId!));
    expect(client).toMatchObject({ emailNormalized: "new.person@example.test", source: "membership" });
    const ledger = await listLedger(ctx, membership.id);
    expect(ledger.map((r) => [r.reason, r.delta, r.balanceAfter])).toEqual([["purchased", 8, 8]]);
    await assignMembership(ctx, { planId: plan.id, email: "new.person@example.test", startsAt: days(1) });
    expect(await ctx.db.select().from(clients).where(eq(clients.studioId, s.studio.id))).toHaveLength(1);
  });

  it("P0: a sale at the desk records a payment or a payment due; staff mark it paid and refund it", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30));
    const client = await makeClient(ctx);
    const paid = await assignMembership(ctx, { planId: plan.id, clientId: client.id, paymentMethod: "cash" });
    const due = await assignMembership(ctx, { planId: plan.id, clientId: client.id, startsAt: days(30) });
    const rows = await ctx.db.select().from(payments).where(eq(payments.clientId, client.id));
    const byMembership = new Map(rows.map((p) => [p.membershipId, p]));
    expect(byMembership.get(paid.membership.id)).toMatchObject({ status: "paid", method: "cash", amountCents: 5000 });
    const duePayment = byMembership.get(due.membership.id)!;
    expect(duePayment).toMatchObject({ status: "due", method: null });
    await markPaymentPaid(ctx, duePayment.id, { method: "card_terminal" });
    await expect(markPaymentPaid(ctx, duePayment.id, { method: "cash" })).rejects.toMatchObject({
      code: "payment_not_due",
    });
    await refundPayment(ctx, duePayment.id, { amountCents: 3000 });
    await expect(refundPayment(ctx, duePayment.id, { amountCents: 2001 })).rejects.toMatchObject({
      code: "refund_too_large",
    });
    const after = await refundPayment(ctx, duePayment.id, { amountCents: 2000 });
    expect(after.refundedCents).toBe(5000);
  });

  it("M4: a membership is expired at its end for every decision, before any sweep", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30, { permissions: ["member-area"] }));
    const client = await makeClient(ctx);
    const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: client.id });
    const justBefore = await s.owner(new Date(membership.endsAt!.getTime() - 1));
    const atEnd = await s.owner(membership.endsAt!);
    expect((await getClientPermissions(justBefore, client.id)).permissions).toEqual(["member-area"]);
    expect((await getClientPermissions(atEnd, client.id)).permissions).toEqual([]);
    expect((await listClientMemberships(atEnd, client.id))[0]!.status).toBe("expired");
    const [row] = await ctx.db.select().from(memberships).where(eq(memberships.id, membership.id));
    expect(row!.status).toBe("active"); // nothing swept yet
  });

  it("M4: the sweep writes expired with ledger and audit rows, set-based and idempotent", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const pack = await makePlan(ctx, PLANS.pack(5, 10));
    const pass = await makePlan(ctx, PLANS.fixed(60));
    const due = [];
    for (let i = 0; i < 3; i++)
      due.push(
        (await assignMembership(ctx, { planId: pack.id, clientId: (await makeClient(ctx, `P${i}`)).id })).membership,
      );
    const notDue = (await assignMembership(ctx, { planId: pass.id, clientId: (await makeClient(ctx, "Q")).id }))
      .membership;
    const later = days(11);
    expect(await expireDueMemberships(ctx.db, later, s.studio.id)).toBe(3);
    expect(await expireDueMemberships(ctx.db, later, s.studio.id)).toBe(0);
    for (const m of due) {
      const row = await loadMembership(ctx, m.id);
      expect(row).toMatchObject({ status: "expired", sessionsRemaining: 0 });
      expect((await listLedger(ctx, m.id)).map((r) => [r.reason, r.delta])).toEqual([
        ["purchased", 5],
        ["expired", -5],
      ]);
      await expectLedgerBalanced(ctx, m.id);
    }
    expect((await loadMembership(ctx, notDue.id)).status).toBe("active");
    const audits = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.studioId, s.studio.id), eq(auditLog.action, "membership.expired")));
    expect(audits).toHaveLength(3);
  });

  it("M5, M3: several memberships at once; only active ones grant permissions", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const monthly = await makePlan(ctx, PLANS.monthly({ permissions: ["member-area"] }));
    const workshop = await makePlan(
      ctx,
      PLANS.fixed(90, { name: "Workshop access", permissions: ["workshop", "member-area"] }),
    );
    const sauna = await makePlan(ctx, PLANS.fixed(90, { name: "Sauna", permissions: ["sauna"] }));
    const client = await makeClient(ctx);
    await assignMembership(ctx, { planId: monthly.id, clientId: client.id });
    await assignMembership(ctx, { planId: workshop.id, clientId: client.id });
    const { membership: s3 } = await assignMembership(ctx, { planId: sauna.id, clientId: client.id });
    await cancelMembership(ctx, s3.id);
    const perms = await getPermissionsByEmail(ctx, ` ${client.email!.toUpperCase()} `);
    expect(perms.permissions).toEqual(["member-area", "workshop"]);
    expect(perms.memberships).toHaveLength(2);
  });

  it("M7: a company's memberships are inherited while linked and lost at once on unlinking; no packs for companies", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const corporate = await makePlan(ctx, PLANS.monthly({ name: "Corporate", permissions: ["gym"] }));
    const pack = await makePlan(ctx, PLANS.pack());
    const company = await createCompany(ctx, { name: "Acme" });
    await assignMembership(ctx, { planId: corporate.id, companyId: company.id });
    await expect(assignMembership(ctx, { planId: pack.id, companyId: company.id })).rejects.toMatchObject({
      code: "pack_not_for_company",
    });
    const client = await makeClient(ctx, "Employee");
    expect((await getClientPermissions(ctx, client.id)).permissions).toEqual([]);
    await linkClientToCompany(ctx, company.id, client.id);
    const perms = await getClientPermissions(ctx, client.id);
    expect(perms.permissions).toEqual(["gym"]);
    expect(perms.memberships[0]).toMatchObject({ inherited: true });
    const [row] = await ctx.db.select().from(clients).where(eq(clients.id, client.id));
    expect(row!.memberSince).not.toBeNull(); // C3
    await unlinkClientFromCompany(ctx, company.id, client.id);
    expect((await getClientPermissions(ctx, client.id)).permissions).toEqual([]);
    const [after] = await ctx.db.select().from(clients).where(eq(clients.id, client.id));
    expect(after!.memberSince).toEqual(row!.memberSince); // C3: never cleared
  });

  it("M2, T2: permissions are read with the client in one statement: a client holding none gets an empty answer; an erased client, a malformed id and another studio's client are not found", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const gym = await makePlan(ctx, PLANS.monthly({ name: "Gym", permissions: ["gym", "sauna"] }));
    const pool = await makePlan(ctx, PLANS.monthly({ name: "Pool", permissions: ["pool", "sauna"] }));
    const holder = await makeClient(ctx, "Holder");
    const none = await makeClient(ctx, "Nobody");
    await assignMembership(ctx, { planId: gym.id, clientId: holder.id });
    await assignMembership(ctx, { planId: pool.id, clientId: holder.id });
    expect(await getClientPermissions(ctx, holder.id)).toMatchObject({ permissions: ["gym", "pool", "sauna"] });
    expect((await getClientPermissions(ctx, holder.id)).memberships).toHaveLength(2);
    expect(await getClientPermissions(ctx, none.id)).toEqual({ clientId: none.id, permissions: [], memberships: [] });
    await expect(getClientPermissions(ctx, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    const other = await (await makeStudio()).owner(T0);
    await expect(getClientPermissions(other, holder.id)).rejects.toMatchObject({ code: "not_found" });
    await eraseClient(ctx, { clientId: holder.id });
    await expect(getClientPermissions(ctx, holder.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("M8: cancelling keeps the client and the history", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(4));
    const client = await makeClient(ctx);
    const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: client.id });
    const cancelled = await cancelMembership(ctx, membership.id, { reason: "moved away" });
    expect(effectiveStatus(cancelled, T0)).toBe("cancelled");
    await expect(cancelMembership(ctx, membership.id)).rejects.toMatchObject({ code: "membership_not_active" });
    expect(await listLedger(ctx, membership.id)).toHaveLength(1);
    expect(await ctx.db.select().from(clients).where(eq(clients.id, client.id))).toHaveLength(1);
  });

  it("M9: a suspension stops rights inside its window and moves the end later by its length", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30, { permissions: ["member-area"] }));
    const client = await makeClient(ctx);
    const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: client.id });
    const suspended = await suspendMembership(ctx, membership.id, { from: days(5), until: days(12), reason: "injury" });
    expect(suspended.endsAt!.toISOString()).toBe(days(37).toISOString());
    expect(effectiveStatus(suspended, days(4))).toBe("active");
    expect(effectiveStatus(suspended, days(5))).toBe("suspended");
    expect(grantsRights(suspended, days(11))).toBe(false);
    expect(grantsRights(suspended, days(12))).toBe(true);
    expect(effectiveStatus(suspended, days(37))).toBe("expired");
    expect((await getClientPermissions(await s.owner(days(6)), client.id)).permissions).toEqual([]);
    await expect(suspendMembership(ctx, membership.id, { from: days(13), until: days(14) })).rejects.toMatchObject({
      code: "already_suspended",
    });
  });

  it("S5: a member cannot buy a pack while an earlier one is usable; staff always can; extending forfeits the rest", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(4, 30, { public: true }));
    const hidden = await makePlan(owner, PLANS.pack(4, 30, { name: "Staff-only pack" }));
    const client = await makeClient(owner);
    const member = await s.ctx({ kind: "member", userId: s.ownerId, clientId: client.id }, T0);
    // A member buys only public plans (E1); a hidden one reads as missing.
    await expect(
      assignMembership(member, { planId: hidden.id, clientId: client.id, source: "purchase" }),
    ).rejects.toMatchObject({ code: "not_found" });
    const { membership } = await assignMembership(member, { planId: plan.id, clientId: client.id, source: "purchase" });
    await expect(
      assignMembership(member, { planId: plan.id, clientId: client.id, source: "purchase", startsAt: days(1) }),
    ).rejects.toMatchObject({
      code: "pack_still_usable",
    });
    await assignMembership(owner, { planId: plan.id, clientId: client.id, startsAt: days(1) }); // staff may always sell
    const extended = await extendMembership(await s.owner(days(10)), membership.id, { paymentMethod: "cash" });
    expect(extended).toMatchObject({ sessionsRemaining: 4, sessionsTotal: 4 });
    expect(extended.startsAt.toISOString()).toBe(days(10).toISOString());
    expect(extended.endsAt!.toISOString()).toBe(days(40).toISOString());
    expect((await listLedger(owner, membership.id)).map((r) => [r.reason, r.delta, r.balanceAfter])).toEqual([
      ["purchased", 4, 4],
      ["forfeited_on_extension", -4, 0],
      ["purchased", 4, 4],
    ]);
    await expectLedgerBalanced(owner, membership.id);
  });

  it("S2: staff adjust sessions with a reason; the count never goes below zero", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(3));
    const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: (await makeClient(ctx)).id });
    await adjustMembership(ctx, membership.id, { sessionsDelta: 2, reason: "goodwill" });
    await expect(adjustMembership(ctx, membership.id, { sessionsDelta: -6, reason: "typo" })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await adjustMembership(ctx, membership.id, { sessionsDelta: -5, reason: "used at the old studio" });
    const rows = await listLedger(ctx, membership.id);
    expect(rows.map((r) => [r.reason, r.delta, r.balanceAfter, r.note])).toEqual([
      ["purchased", 3, 3, null],
      ["adjusted_by_staff", 2, 5, "goodwill"],
      ["adjusted_by_staff", -5, 0, "used at the old studio"],
    ]);
    await expectLedgerBalanced(ctx, membership.id);
  });

  it("C3: member-since is set once and never moved later", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30));
    const client = await makeClient(ctx);
    await assignMembership(ctx, { planId: plan.id, clientId: client.id, startsAt: days(2) });
    await assignMembership(ctx, { planId: plan.id, clientId: client.id, startsAt: days(40) });
    const [row] = await ctx.db.select().from(clients).where(eq(clients.id, client.id));
    expect(row!.memberSince!.toISOString()).toBe(days(2).toISOString());
  });

  it("reminders: 2 sessions left and 7 days before the end, once each", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.pack(2, 30));
    const client = await makeClient(ctx);
    await assignMembership(ctx, { planId: plan.id, clientId: client.id });
    expect(await sendMembershipReminders(ctx.db, T0, s.studio.id)).toMatchObject({ lowSessions: 1, endingSoon: 0 });
    expect(await sendMembershipReminders(ctx.db, days(24), s.studio.id)).toMatchObject({
      lowSessions: 0,
      endingSoon: 1,
    });
    expect(await sendMembershipReminders(ctx.db, days(25), s.studio.id)).toMatchObject({
      lowSessions: 0,
      endingSoon: 0,
    });
    const mails = await ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.studioId, s.studio.id), eq(messages.clientId, client.id)));
    expect(mails.map((m) => m.kind).sort()).toEqual(["ending_soon", "low_sessions"]);
  });

  it("M4: effectiveStatus and its SQL twin agree on every case", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(10));
    const client = await makeClient(ctx);
    const cases: Partial<typeof memberships.$inferInsert>[] = [
      { status: "active" },
      { status: "past_due" },
      { status: "cancelled" },
      { status: "expired" },
      { status: "active", endsAt: days(-1) },
      { status: "suspended", suspendedFrom: days(-2), suspendedUntil: days(-1) },
      { status: "active", suspendedFrom: days(-1), suspendedUntil: days(1) },
      { status: "past_due", endsAt: days(0) },
    ];
    for (const [i, c] of cases.entries()) {
      const [m] = await ctx.db
        .insert(memberships)
        .values({
          studioId: s.studio.id,
          planId: plan.id,
          clientId: client.id,
          source: "staff",
          startsAt: days(-30 - i),
          endsAt: days(5),
          ...c,
        })
        .returning();
      const [{ status }] = (await ctx.db
        .select({ status: effectiveStatusSql(T0) })
        .from(memberships)
        .where(and(eq(memberships.studioId, s.studio.id), eq(memberships.id, m!.id)))) as [{ status: string }];
      expect(status, JSON.stringify(c)).toBe(effectiveStatus(m!, T0));
    }
  });

  it.skipIf(testDatabaseMode() !== "postgres")(
    "race: two staff extending the same pack at once leave one consistent count",
    async () => {
      const s = await makeStudio();
      const ctx = await s.owner(T0);
      const plan = await makePlan(ctx, PLANS.pack(5));
      const { membership } = await assignMembership(ctx, { planId: plan.id, clientId: (await makeClient(ctx)).id });
      await Promise.all(Array.from({ length: 6 }, () => extendMembership(ctx, membership.id)));
      const m = await loadMembership(ctx, membership.id);
      expect(m.sessionsRemaining).toBe(5);
      const rows = await listLedger(ctx, membership.id);
      expect(rows.filter((r) => r.reason === "purchased")).toHaveLength(7);
      expect(rows.filter((r) => r.reason === "forfeited_on_extension")).toHaveLength(6);
      await expectLedgerBalanced(ctx, membership.id);
      const [{ n }] = (await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(membershipLedger)
        .where(eq(membershipLedger.membershipId, membership.id))) as [{ n: number }];
      expect(n).toBe(13);
    },
  );

  it.skipIf(testDatabaseMode() !== "postgres")("race: concurrent refunds never refund more than was paid", async () => {
    const s = await makeStudio();
    const ctx = await s.owner(T0);
    const plan = await makePlan(ctx, PLANS.fixed(30));
    const client = await makeClient(ctx);
    await assignMembership(ctx, { planId: plan.id, clientId: client.id, paymentMethod: "cash" });
    const [p] = await ctx.db.select().from(payments).where(eq(payments.clientId, client.id));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => refundPayment(ctx, p!.id, { amountCents: 1000 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(
      results
        .filter((r) => r.status === "rejected")
        .every((r) => (r as PromiseRejectedResult).reason instanceof RuleError),
    ).toBe(true);
  });
});
