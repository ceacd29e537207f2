import { describe, expect, it } from "vitest";
import { listPayments } from "@/lib/payments/payments";
import { makeStudio, uniqueEmail } from "@/test/support/fixtures";
import { call, keyFor } from "@/test/support/api";
import * as clientsRoute from "./clients/route";
import * as plansRoute from "./plans/route";
import * as membershipsRoute from "./memberships/route";
import * as paymentsRoute from "./payments/route";
import * as markPaidRoute from "./payments/[id]/mark-paid/route";
import * as refundRoute from "./payments/[id]/refund/route";

async function studioWithKey() {
  const s = await makeStudio();
  return { s, key: await keyFor(s) };
}

async function newClient(key: string, name = "Payer"): Promise<{ id: string }> {
  const res = await call(clientsRoute.POST, { key, method: "POST", body: { email: uniqueEmail(), name } });
  expect(res.status).toBe(201);
  return res.body;
}

const pay = (key: string, body: object) => call(paymentsRoute.POST, { key, method: "POST", body });
const markPaid = (key: string, id: string, body: object) =>
  call(markPaidRoute.POST, { key, method: "POST", params: { id }, body });
const refund = (key: string, id: string, body: object) =>
  call(refundRoute.POST, { key, method: "POST", params: { id }, body });

describe("payments API", () => {
  it("P0: record a paid payment and a due one; mark the due one paid; marking it again is 409 payment_not_due", async () => {
    const { key } = await studioWithKey();
    const client = await newClient(key);
    const paid = await pay(key, { clientId: client.id, amountCents: 2500, method: "cash" });
    expect(paid.status).toBe(201);
    expect(paid.body).toEqual({
      id: expect.any(String),
      clientId: client.id,
      membershipId: null,
      bookingId: null,
      amountCents: 2500,
      refundedCents: 0,
      currency: "EUR",
      method: "cash",
      status: "paid",
      fee: null,
      feeWaivedAt: null,
      paidAt: expect.any(String),
      createdAt: expect.any(String),
    });

    const due = await pay(key, { clientId: client.id, amountCents: 4000, method: null });
    expect(due.status).toBe(201);
    expect(due.body).toMatchObject({ status: "due", method: null, paidAt: null });
    const marked = await markPaid(key, due.body.id, { method: "card_terminal" });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({
      id: due.body.id,
      status: "paid",
      method: "card_terminal",
      paidAt: expect.any(String),
    });
    const again = await markPaid(key, due.body.id, { method: "cash" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("payment_not_due");
    expect((await markPaid(key, paid.body.id, { method: "bank" })).body.error.code).toBe("payment_not_due");
    expect((await markPaid(key, due.body.id, { method: "stripe" })).status).toBe(400);
  });

  it("P0: a membership sold through the API leaves its price due unless paid at the desk; the due payment can be marked paid", async () => {
    const { s, key } = await studioWithKey();
    const plan = (
      await call(plansRoute.POST, {
        key,
        method: "POST",
        body: {
          name: "Pass",
          kind: "fixed",
          priceCents: 5000,
          durationDays: 30,
          permissions: [],
          memberOnlyAccess: false,
          public: false,
        },
      })
    ).body;
    const owed = (
      await call(membershipsRoute.POST, {
        key,
        method: "POST",
        body: { planId: plan.id, email: uniqueEmail(), name: "Owes" },
      })
    ).body;
    const settled = (
      await call(membershipsRoute.POST, {
        key,
        method: "POST",
        body: { planId: plan.id, email: uniqueEmail(), name: "Paid", paymentMethod: "bank" },
      })
    ).body;
    const ctx = await s.owner();
    const [dueRow] = await listPayments(ctx, { membershipId: owed.id });
    expect(dueRow).toMatchObject({ status: "due", amountCents: 5000, clientId: owed.holder.id });
    expect((await listPayments(ctx, { membershipId: settled.id }))[0]).toMatchObject({
      status: "paid",
      method: "bank",
    });
    const marked = await markPaid(key, dueRow!.id, { method: "cash" });
    expect(marked.body).toMatchObject({ status: "paid", membershipId: owed.id });

    const forMembership = await pay(key, {
      clientId: owed.holder.id,
      membershipId: owed.id,
      amountCents: 1000,
      method: "cash",
    });
    expect(forMembership.status).toBe(201);
    expect(forMembership.body.membershipId).toBe(owed.id);
  });

  it("R1: refund part of a payment, then more than is left is 409 refund_too_large; a due payment cannot be refunded", async () => {
    const { key } = await studioWithKey();
    const client = await newClient(key);
    const paid = (await pay(key, { clientId: client.id, amountCents: 5000, method: "card_terminal" })).body;
    const part = await refund(key, paid.id, { amountCents: 2000, reason: "Missed two classes" });
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ id: paid.id, amountCents: 5000, refundedCents: 2000, status: "paid" });
    const tooMuch = await refund(key, paid.id, { amountCents: 3001 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({ code: "refund_too_large", message: expect.stringMatching(/3000/) });
    const rest = await refund(key, paid.id, { amountCents: 3000 });
    expect(rest.body.refundedCents).toBe(5000);
    expect((await refund(key, paid.id, { amountCents: 1 })).body.error.code).toBe("refund_too_large");

    const due = (await pay(key, { clientId: client.id, amountCents: 100, method: null })).body;
    const notPaid = await refund(key, due.id, { amountCents: 50 });
    expect(notPaid.status).toBe(409);
    expect(notPaid.body.error.code).toBe("payment_not_paid");
    expect((await refund(key, paid.id, { amountCents: 0 })).status).toBe(400);
  });

  it("POST /payments refuses bad input with 400 and field names", async () => {
    const { key } = await studioWithKey();
    const client = await newClient(key);
    const fieldsOf = async (body: object) => {
      const res = await pay(key, body);
      expect(res.status).toBe(400);
      return Object.keys(res.body.error.fields).sort();
    };
    expect(await fieldsOf({ clientId: client.id, amountCents: 100 })).toEqual(["method"]);
    expect(await fieldsOf({ clientId: client.id, amountCents: -1, method: "paypal" })).toEqual([
      "amountCents",
      "method",
    ]);
    expect(await fieldsOf({ clientId: client.id, amountCents: 1.5, method: "cash" })).toEqual(["amountCents"]);
    expect(
      await fieldsOf({
        clientId: client.id,
        amountCents: 100,
        method: "cash",
        membershipId: "00000000-0000-4000-8000-000000000001",
        bookingId: "00000000-0000-4000-8000-000000000002",
      }),
    ).toEqual(["membershipId"]);
  });

  it("another studio's client, membership or payment is 404 on every payments endpoint, and nothing changes", async () => {
    const a = await studioWithKey();
    const b = await studioWithKey();
    const clientA = await newClient(a.key, "Ann");
    const clientB = await newClient(b.key, "Bob");
    const planB = (
      await call(plansRoute.POST, {
        key: b.key,
        method: "POST",
        body: {
          name: "Pass",
          kind: "fixed",
          priceCents: 0,
          durationDays: 30,
          permissions: [],
          memberOnlyAccess: false,
          public: false,
        },
      })
    ).body;
    const membershipB = (
      await call(membershipsRoute.POST, {
        key: b.key,
        method: "POST",
        body: { planId: planB.id, clientId: clientB.id },
      })
    ).body;
    const paidA = (await pay(a.key, { clientId: clientA.id, amountCents: 1000, method: "cash" })).body;
    const dueA = (await pay(a.key, { clientId: clientA.id, amountCents: 1000, method: null })).body;

    const attempts = [
      () => pay(a.key, { clientId: clientB.id, amountCents: 100, method: "cash" }),
      () => pay(a.key, { clientId: clientA.id, membershipId: membershipB.id, amountCents: 100, method: "cash" }),
      () =>
        pay(a.key, {
          clientId: clientA.id,
          bookingId: "00000000-0000-4000-8000-000000000002",
          amountCents: 100,
          method: "cash",
        }),
      () => refund(b.key, paidA.id, { amountCents: 100 }),
      () => markPaid(b.key, dueA.id, { method: "cash" }),
      () => refund(a.key, "not-a-uuid", { amountCents: 100 }),
      () => markPaid(a.key, "not-a-uuid", { method: "cash" }),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const payments = await listPayments(await a.s.owner(), { clientId: clientA.id });
    expect(payments.map((p) => [p.amountCents, p.status, p.refundedCents]).sort()).toEqual([
      [1000, "due", 0],
      [1000, "paid", 0],
    ]);
    expect(await listPayments(await b.s.owner(), {})).toEqual([]);
  });
});
