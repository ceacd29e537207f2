import { describe, expect, it } from "vitest";
import { bookSession } from "@/lib/bookings/book-session";
import { InvalidInputError } from "@/lib/core/errors";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { makeStudio } from "@/test/support/fixtures";
import { makeSession } from "@/test/support/booking-fixtures";
import { makeClient, makePlan, PLANS } from "@/test/support/membership-fixtures";
import { listDuePayments } from "./due-payments";
import { markPaymentPaid, recordPayment } from "./payments";

const T0 = new Date("2026-06-01T08:00:00Z");

async function studioWithDues() {
  const s = await makeStudio();
  const owner = await s.owner(T0);
  const plan = await makePlan(owner, { ...PLANS.pack(5), priceCents: 10_000 });
  const { session } = await makeSession(owner, { startsAt: new Date("2026-06-03T17:00:00Z"), dropInPriceCents: 2500 });
  const ann = await makeClient(owner, "Ann Drop");
  const bea = await makeClient(owner, "Bea Pack");
  const cid = await makeClient(owner, "Cid Misc");
  const later = (min: number) => s.owner(new Date(T0.getTime() + min * 60_000));
  await bookSession(await later(1), { sessionId: session.id, clientId: ann.id, by: "staff" });
  await assignMembership(await later(2), { planId: plan.id, clientId: bea.id, paymentMethod: null });
  await recordPayment(await later(3), { clientId: cid.id, amountCents: 500, method: null, description: "Mat" });
  // Paid ones are not due.
  await recordPayment(await later(4), { clientId: cid.id, amountCents: 700, method: "cash" });
  return { s, owner, session, ann, bea, cid };
}

describe("O3: payments due", () => {
  it("O3: one list of everything due, drop-ins and memberships alike, oldest first, with what each is for and the total", async () => {
    const { owner, ann, bea, cid } = await studioWithDues();
    const all = await listDuePayments(owner, {});
    expect(all.data.map((d) => [d.kind, d.client.name, d.label, d.payment.amountCents])).toEqual([
      ["drop_in", ann.name, "Vinyasa", 2500],
      ["membership", bea.name, expect.any(String), 10_000],
      ["other", cid.name, "Mat", 500],
    ]);
    expect(all.data[0]!.sessionStartsAt?.toISOString()).toBe("2026-06-03T17:00:00.000Z");
    expect(all.totals).toEqual([{ currency: owner.studio.currency, amountCents: 13_000, count: 3 }]);
    expect(all.nextCursor).toBeNull();
  });

  it("O3: filters by kind and by client name; pages with a cursor; the total follows the filter", async () => {
    const { owner, ann, bea } = await studioWithDues();
    const dropIns = await listDuePayments(owner, { kind: "drop_in" });
    expect(dropIns.data.map((d) => d.client.id)).toEqual([ann.id]);
    expect(dropIns.totals[0]).toMatchObject({ amountCents: 2500, count: 1 });
    expect((await listDuePayments(owner, { q: "bea" })).data.map((d) => d.client.id)).toEqual([bea.id]);
    expect((await listDuePayments(owner, { q: "%" })).data).toEqual([]);
    const first = await listDuePayments(owner, { limit: 2 });
    expect(first.data).toHaveLength(2);
    const rest = await listDuePayments(owner, { limit: 2, cursor: first.nextCursor! });
    expect(rest.data).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    await expect(listDuePayments(owner, { cursor: "nope" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(listDuePayments(owner, { kind: "gift" as "other" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("O3: a drop-in marked paid leaves the list; another studio sees none; an instructor may not list", async () => {
    const { s, owner } = await studioWithDues();
    const [dropIn] = (await listDuePayments(owner, { kind: "drop_in" })).data;
    await markPaymentPaid(owner, dropIn!.payment.id, { method: "card_terminal" });
    const after = await listDuePayments(owner, {});
    expect(after.data.map((d) => d.kind)).toEqual(["membership", "other"]);
    expect(after.totals[0]).toMatchObject({ amountCents: 10_500, count: 2 });
    const other = await makeStudio();
    expect((await listDuePayments(await other.owner(T0), {})).data).toEqual([]);
    await expect(listDuePayments(await s.instructor(T0), {})).rejects.toMatchObject({ code: "forbidden" });
    expect((await listDuePayments(await s.staffAs("front_desk", T0), {})).data).toHaveLength(2);
  });
});
