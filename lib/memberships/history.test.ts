import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { createCompany, linkClientToCompany, unlinkClientFromCompany } from "@/lib/companies/companies";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { assignMembership } from "./assign-membership";
import { adjustMembership, cancelMembership, extendMembership, suspendMembership } from "./change-membership";
import { expireDueMemberships } from "./expire-due";
import {
  getMembershipHistory,
  getMyMembershipHistory,
  listMyMemberships,
  type MembershipHistoryEntry,
} from "./history";

const T0 = new Date("2026-03-02T09:00:00Z");
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

/** A compact picture of a history: events by action, ledger rows by reason, delta and count after. */
function outline(h: MembershipHistoryEntry[]) {
  return h.map((e) =>
    e.kind === "event" ? e.action : `${e.reason} ${e.delta > 0 ? "+" : ""}${e.delta} → ${e.balanceAfter}`,
  );
}

async function emailOf(userId: string, db: Awaited<ReturnType<Awaited<ReturnType<typeof makeStudio>>["owner"]>>["db"]) {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return u!.name ?? u!.email;
}

describe("membership history (staff)", () => {
  it("S2, M8, M9, S5: every count change and every change of the membership, in time order, with who and why", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(8, 60));
    const client = await makeClient(owner, "Hanna");
    const { membership } = await assignMembership(owner, {
      planId: plan.id,
      clientId: client.id,
      paymentMethod: "cash",
    });

    const instructor = await s.staffAs("front_desk", days(1));
    await adjustMembership(instructor, membership.id, {
      sessionsDelta: -2,
      reason: "Two classes taken before signing up",
    });
    await suspendMembership(await s.owner(days(2)), membership.id, {
      from: days(3),
      until: days(10),
      reason: "Injury",
    });
    await extendMembership(await s.owner(days(20)), membership.id, { paymentMethod: "card_terminal" });
    await cancelMembership(await s.owner(days(21)), membership.id, { reason: "Moved away" });

    const history = await getMembershipHistory(await s.owner(days(22)), membership.id);
    expect(outline(history)).toEqual([
      "membership.created",
      "purchased +8 → 8",
      "adjusted_by_staff -2 → 6",
      "membership.suspended",
      "forfeited_on_extension -6 → 0",
      "purchased +8 → 8",
      "membership.extended",
      "membership.cancelled",
    ]);
    // Oldest first.
    expect(history.map((e) => e.at.getTime())).toEqual([...history].map((e) => e.at.getTime()).sort((a, b) => a - b));

    const adjusted = history[2]!;
    expect(adjusted).toMatchObject({
      kind: "ledger",
      note: "Two classes taken before signing up",
      actor: { type: "staff" },
    });
    const instructorId = instructor.actor.kind === "staff" ? instructor.actor.userId : "";
    expect(adjusted.actor.name).toBe(await emailOf(instructorId, owner.db));
    expect(history[0]!.actor).toEqual({ type: "staff", name: await emailOf(s.ownerId, owner.db) });

    const suspended = history[3]!;
    expect(suspended.kind === "event" && suspended.data).toMatchObject({
      from: days(3).toISOString(),
      until: days(10).toISOString(),
      reason: "Injury",
    });
    const cancelled = history.at(-1)!;
    expect(cancelled.kind === "event" && cancelled.data).toMatchObject({ reason: "Moved away" });
  });

  it("M4: the sweep's expiry appears as the system's, with the sessions it took", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const plan = await makePlan(owner, PLANS.pack(5, 30));
    const { membership } = await assignMembership(owner, { planId: plan.id, clientId: (await makeClient(owner)).id });
    await adjustMembership(await s.owner(days(40)), membership.id, {
      endsAt: days(45),
      reason: "Goodwill: class cancelled by us",
    });
    await expireDueMemberships(owner.db, days(46), s.studio.id);

    const history = await getMembershipHistory(await s.owner(days(47)), membership.id);
    expect(outline(history)).toEqual([
      "membership.created",
      "purchased +5 → 5",
      "membership.end_changed",
      "expired -5 → 0",
      "membership.expired",
    ]);
    expect(history[2]!.kind === "event" && history[2]!.data).toMatchObject({
      to: days(45).toISOString(),
      reason: "Goodwill: class cancelled by us",
    });
    expect(history.at(-1)!.actor).toEqual({ type: "system", name: null });
  });

  it("another studio's membership is not found, and members cannot read the staff history", async () => {
    const a = await makeStudio();
    const b = await makeStudio();
    const ownerA = await a.owner(T0);
    const plan = await makePlan(ownerA, PLANS.fixed(30));
    const client = await makeClient(ownerA);
    const { membership } = await assignMembership(ownerA, { planId: plan.id, clientId: client.id });

    expect(await getMembershipHistory(ownerA, membership.id)).toHaveLength(1);
    await expect(getMembershipHistory(await b.owner(T0), membership.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getMembershipHistory(ownerA, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
    const member = await a.ctx({ kind: "member", userId: randomUUID(), clientId: client.id }, T0);
    await expect(getMembershipHistory(member, membership.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("my memberships (portal)", () => {
  it("M5, M7, S2: a member sees own and inherited memberships with effective status and the ledger, without staff notes", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const pack = await makePlan(owner, PLANS.pack(8, 60));
    const corporate = await makePlan(owner, PLANS.monthly({ name: "Corporate" }));
    const pass = await makePlan(owner, PLANS.fixed(10, { name: "10-day pass" }));
    const me = await makeClient(owner, "Maja");
    const other = await makeClient(owner, "Other");
    const acme = await createCompany(owner, { name: "Acme" });
    await linkClientToCompany(owner, acme.id, me.id);

    const { membership: myPack } = await assignMembership(owner, { planId: pack.id, clientId: me.id });
    await adjustMembership(await s.owner(days(1)), myPack.id, {
      sessionsDelta: -1,
      reason: "Private remark for staff",
    });
    const { membership: inherited } = await assignMembership(owner, { planId: corporate.id, companyId: acme.id });
    await assignMembership(owner, { planId: pass.id, clientId: me.id });
    const { membership: theirs } = await assignMembership(owner, { planId: pack.id, clientId: other.id });

    const member = await s.ctx({ kind: "member", userId: randomUUID(), clientId: me.id }, days(20));
    const mine = await listMyMemberships(member);
    expect(mine.map((m) => [m.plan.name, m.status, m.inherited, m.companyName]).sort()).toEqual(
      [
        ["8-class pack", "active", false, null],
        ["Corporate", "active", true, "Acme"],
        // M4: ended at day 10, shown as expired although no sweep ran.
        ["10-day pass", "expired", false, null],
      ].sort(),
    );
    const packRow = mine.find((m) => m.membership.id === myPack.id)!;
    expect(packRow.membership.sessionsRemaining).toBe(7);
    expect(packRow.history).toEqual([
      { at: T0, reason: "purchased", delta: 8, balanceAfter: 8 },
      { at: days(1), reason: "adjusted_by_staff", delta: -1, balanceAfter: 7 },
    ]);
    expect(JSON.stringify(mine)).not.toContain("Private remark");

    expect(await getMyMembershipHistory(member, myPack.id)).toHaveLength(2);
    expect(await getMyMembershipHistory(member, inherited.id)).toEqual([]);
    await expect(getMyMembershipHistory(member, theirs.id)).rejects.toBeInstanceOf(NotFoundError);

    // Unlinked: the company's membership is no longer the member's (M7).
    await unlinkClientFromCompany(owner, acme.id, me.id);
    await expect(getMyMembershipHistory(member, inherited.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listMyMemberships(member)).map((m) => m.plan.name)).not.toContain("Corporate");
  });

  it("staff, API keys and the system cannot use the member's read", async () => {
    const s = await makeStudio();
    await expect(listMyMemberships(await s.owner())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listMyMemberships(await s.system())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getMyMembershipHistory(await s.instructor(), randomUUID())).rejects.toBeInstanceOf(ForbiddenError);
  });
});
