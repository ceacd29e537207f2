import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inTransaction } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { adjustMembership } from "@/lib/memberships/change-membership";
import { loadMembership } from "@/lib/memberships/get-membership";
import { makeStudio } from "@/test/support/fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { takePayment } from "./take-payment";

// Step 5 of bookSession: the chosen payer pays once the place is reserved (S1, S4, P0).

const T0 = new Date("2026-05-04T08:00:00Z");

describe("takePayment", () => {
  it("S1, S4: takes a session from the first pack that still has one, else no_sessions_left; a covering membership spends nothing", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const client = await makeClient(owner, "Packs");
    const empty = (
      await assignMembership(owner, { planId: (await makePlan(owner, PLANS.pack(1, 30))).id, clientId: client.id })
    ).membership;
    await adjustMembership(owner, empty.id, { sessionsDelta: -1, reason: "used elsewhere" });
    const full = (
      await assignMembership(owner, { planId: (await makePlan(owner, PLANS.pack(3, 90))).id, clientId: client.id })
    ).membership;
    const packs = [
      { membershipId: empty.id, sessionsRemaining: 0 },
      { membershipId: full.id, sessionsRemaining: 3 },
    ];
    // The ledger row names the booking, a foreign key checked at commit: the booking is never written here, so roll back.
    const taken = await inTransaction(owner, async (tx) => {
      const payer = await takePayment(tx, { kind: "packs", packs }, { bookingId: randomUUID(), by: "staff" });
      expect((await loadMembership(tx, full.id)).sessionsRemaining).toBe(2);
      throw Object.assign(new Error("rollback"), { payer });
    }).catch((e: { payer?: unknown }) => e.payer);
    expect(taken).toEqual({ membershipId: full.id, sessionTaken: true, sessionsRemaining: 2 });
    expect((await loadMembership(owner, full.id)).sessionsRemaining).toBe(3);

    await expect(
      takePayment(owner, { kind: "packs", packs: [packs[0]!] }, { bookingId: randomUUID(), by: "member" }),
    ).rejects.toMatchObject({
      code: "no_sessions_left",
    });
    expect(
      await takePayment(owner, { kind: "membership", membershipId: full.id }, { bookingId: randomUUID(), by: "staff" }),
    ).toEqual({
      membershipId: full.id,
      sessionTaken: false,
      sessionsRemaining: null,
    });
  });

  it("B2, P0: a drop-in pays nothing here, unless it must be paid by card first (payment_required); a kept refusal is thrown", async () => {
    const s = await makeStudio();
    const owner = await s.owner(T0);
    const p = { bookingId: randomUUID(), by: "member" as const };
    expect(await takePayment(owner, { kind: "drop_in", priceCents: 2500, payNow: false }, p)).toEqual({
      membershipId: null,
      sessionTaken: false,
      sessionsRemaining: null,
    });
    await expect(takePayment(owner, { kind: "drop_in", priceCents: 2500, payNow: true }, p)).rejects.toMatchObject({
      code: "payment_required",
    });
    const kept = new RuleError("membership_required", "Members only.");
    await expect(takePayment(owner, { kind: "refused", error: kept }, p)).rejects.toBe(kept);
  });
});
