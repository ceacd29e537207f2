import { beforeAll, describe, expect, it } from "vitest";
import { GET as summaryRoute } from "@/app/api/v1/reports/summary/route";
import { GET as cohortsRoute } from "@/app/api/v1/reports/cohorts/route";
import { GET as figureClientsRoute } from "@/app/api/v1/reports/[figure]/clients/route";
import { ForbiddenError, InvalidInputError } from "@/lib/core/errors";
import { listClients } from "@/lib/crm/list-clients";
import { call, keyFor } from "@/test/support/api";
import { makeReportStudio, NOW, type ReportWorld } from "@/test/support/report-fixtures";
import {
  activeMembersByMonth,
  attendanceByWeek,
  fillBreakdown,
  getCohorts,
  getReportSummary,
  presetDays,
  resolvePeriod,
  revenueByMonth,
  type Figure,
} from "./index";

const OCTOBER = { from: "2026-10-01", to: "2026-10-31" };

let w: ReportWorld;
beforeAll(async () => {
  w = await makeReportStudio();
});

async function people(figure: Figure, period = OCTOBER): Promise<string[]> {
  const page = await listClients(await w.s.owner(NOW), { figure, ...period, limit: 200 });
  return page.data.map((c) => w.names.get(c.id) ?? `stranger ${c.name}`).sort();
}

describe("R9 periods in the studio's zone", () => {
  it("R9: last month in Warsaw is 1–31 October, 23 hours apart from UTC's idea of it at each end (DST)", () => {
    expect(presetDays("last-month", NOW, "Europe/Warsaw")).toEqual(OCTOBER);
    expect(presetDays("this-month", NOW, "Europe/Warsaw")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetDays("last-12-months", NOW, "Europe/Warsaw")).toEqual({ from: "2025-12-01", to: "2026-11-30" });
    const p = resolvePeriod({ now: NOW, studio: w.s.studio }, OCTOBER);
    expect(p.start.toISOString()).toBe("2026-09-30T22:00:00.000Z");
    expect(p.end.toISOString()).toBe("2026-10-31T23:00:00.000Z");
    expect(p.asOf).toEqual(p.end);
  });

  it("R9: a date that does not exist, or a period ending before it starts, is refused with a clear error", async () => {
    const ctx = await w.s.owner(NOW);
    await expect(getReportSummary(ctx, { from: "2026-02-30", to: "2026-03-01" })).rejects.toThrow(InvalidInputError);
    await expect(getReportSummary(ctx, { from: "2026-10-31", to: "2026-10-01" })).rejects.toThrow(InvalidInputError);
    await expect(getReportSummary(ctx, { from: "yesterday" })).rejects.toThrow(InvalidInputError);
  });
});

describe("R9 figures of a hand-built October (another studio's rows in the same hours)", () => {
  it("R9: every figure of the summary equals the hand count", async () => {
    const s = await getReportSummary(await w.s.owner(NOW), OCTOBER);
    expect(s).toEqual({
      period: OCTOBER,
      asOf: NOW.toISOString(), // the first read computes the snapshot, of now
      // Ann, Cat, Fay (Acme's yearly, inherited), Hal, Ivy (starts 00:30 on 1 Oct local), Kim; not erased Eve,
      // cancelled Ben, expired Gus, nor Dan (starts 00:30 on 1 Nov local, 23:30 UTC on 31 Oct).
      activeMembers: 6,
      newMemberships: 3, // Cat's pack, Acme's yearly, Ivy's pack
      cancelledMemberships: 1, // Ben
      churnRate: 0.1667, // Ben of Ann, Ben, Eve, Gus, Hal, Kim active at the start
      // Latest recurring payment per client: Ann 100, Ben 100, Fay 1200/12, Hal 100 − 20 refunded, Eve 100.
      mrrCents: 48000,
      // 100 + 100 + 80 + 1200 + 100 + 100 (Eve, erased, still paid) + 15 drop-in − 30 (refund of September's) − 20.
      revenueCents: 164500,
      revenueBySource: { memberships: 168000, dropIns: 1500, other: 0, refunds: -5000 },
      attendance: 10, // 1 Oct: Hal, Ann; 25 Oct: Ann, Ivy, Fay, Lea, Dan, Dan, Gus; 31 Oct 23:30: Dan
      fillRate: 0.2895, // 11 places held (Ben's no-show too) of 38 offered; the cancelled Spin left out
      paymentsDueCents: 8000, // Ivy
      endingSoon: 2, // Cat (2 sessions left), Ivy (ends 20 Nov)
      atRisk: 2, // Hal (last came 1 Oct), Kim (a member, last came in June); not Jo (lapsed, no membership)
    });
  });

  it("R9: each figure opens exactly the people behind it, erased clients never among them", async () => {
    expect(await people("activeMembers")).toEqual(["Ann", "Cat", "Fay", "Hal", "Ivy", "Kim"]);
    expect(await people("newMemberships")).toEqual(["Cat", "Fay", "Ivy"]);
    expect(await people("cancelledMemberships")).toEqual(["Ben"]);
    expect(await people("churnRate")).toEqual(["Ben"]);
    expect(await people("mrrCents")).toEqual(["Ann", "Ben", "Fay", "Hal"]);
    expect(await people("revenueCents")).toEqual(["Ann", "Ben", "Cat", "Dan", "Fay", "Hal"]);
    expect(await people("attendance")).toEqual(["Ann", "Dan", "Fay", "Gus", "Hal", "Ivy", "Lea"]);
    expect(await people("fillRate")).toEqual(["Ann", "Ben", "Dan", "Fay", "Gus", "Hal", "Ivy", "Lea"]);
    expect(await people("paymentsDueCents")).toEqual(["Ivy"]);
    expect(await people("endingSoon")).toEqual(["Cat", "Ivy"]);
    expect(await people("atRisk")).toEqual(["Hal", "Kim"]);
  });

  it("R9: the people list keeps the client list's own filters and sort", async () => {
    const page = await listClients(await w.s.owner(NOW), { figure: "attendance", ...OCTOBER, q: "da", sort: "name" });
    expect(page.data.map((c) => c.name)).toEqual(["Dan"]);
  });

  it("R9: revenue by month and source in the studio's calendar (23:59 on 30 September is September's)", async () => {
    const ctx = await w.s.owner(NOW);
    expect(await revenueByMonth(ctx, { from: "2026-09-01", to: "2026-10-31" })).toEqual([
      { month: "2026-09", memberships: 10000, dropIns: 0, other: 500, refunds: 0, net: 10500 },
      { month: "2026-10", memberships: 168000, dropIns: 1500, other: 0, refunds: -5000, net: 164500 },
    ]);
  });

  it("R9: active members at the end of each month", async () => {
    const ctx = await w.s.owner(NOW);
    expect(await activeMembersByMonth(ctx, { from: "2026-09-01", to: "2026-10-31" })).toEqual([
      { month: "2026-09", activeMembers: 5 }, // Ann, Ben, Gus, Hal, Kim (Eve erased; Ivy starts half an hour later)
      { month: "2026-10", activeMembers: 6 },
    ]);
  });

  it("R9: attendance by week, weeks starting on Monday in Warsaw (the DST Sunday in the week of 19 October)", async () => {
    expect(await attendanceByWeek(await w.s.owner(NOW), OCTOBER)).toEqual([
      { week: "2026-09-28", attendance: 2 },
      { week: "2026-10-19", attendance: 7 },
      { week: "2026-10-26", attendance: 1 },
    ]);
  });

  it("R9: fill by class, instructor and local weekday × hour (both 02:30s of the DST night share a slot)", async () => {
    const f = await fillBreakdown(await w.s.owner(NOW), OCTOBER);
    expect(f.byClass.map((r) => [r.label, r.sessions, r.booked, r.capacity, r.fillRate])).toEqual([
      ["Yoga", 3, 8, 30, 0.2667],
      ["Spin", 2, 3, 8, 0.375],
    ]);
    expect(f.byInstructor.map((r) => [r.key, r.booked, r.capacity])).toEqual([
      [w.s.ownerId, 8, 30],
      ["none", 3, 8],
    ]);
    expect(f.bySlot.map((r) => [r.weekday, r.hour, r.sessions, r.booked, r.capacity])).toEqual([
      [4, 8, 1, 3, 10], // Thursday 1 Oct, 08:00 CEST
      [6, 23, 1, 1, 10], // Saturday 31 Oct, 23:30 CET
      [7, 2, 2, 3, 8], // Sunday 25 Oct, 02:30 CEST and 02:30 CET
      [7, 8, 1, 4, 10], // Sunday 25 Oct, 08:00 CET
    ]);
  });

  it("R10: October's new clients (first booking or membership) and the share still active in November", async () => {
    // Cat, Ivy, Dan, Fay, Lea; in November all but Lea still hold a membership.
    expect(await getCohorts(await w.s.owner(NOW), { from: "2026-10-01", to: "2026-11-30" })).toEqual([
      { cohort: "2026-10", size: 5, active: [1, 0.8] },
    ]);
  });

  it("R9: owners and managers see reports; front desk and instructors are refused, lists included", async () => {
    const manager = await w.s.staffAs("manager", NOW);
    expect((await getReportSummary(manager, OCTOBER)).atRisk).toBe(2);
    for (const ctx of [await w.s.staffAs("front_desk", NOW), await w.s.instructor(NOW)]) {
      await expect(getReportSummary(ctx, OCTOBER)).rejects.toThrow(ForbiddenError);
      await expect(getCohorts(ctx, OCTOBER)).rejects.toThrow(ForbiddenError);
      await expect(fillBreakdown(ctx, OCTOBER)).rejects.toThrow(ForbiddenError);
      await expect(listClients(ctx, { figure: "atRisk" })).rejects.toThrow(ForbiddenError);
    }
  });
});

describe("R9 API (API.md Reports)", () => {
  it("R9: GET /reports/summary answers the period's figures; the now-figures are left to the clock", async () => {
    const key = await keyFor(w.s);
    const res = await call(summaryRoute, { key, path: "/api/v1/reports/summary?from=2026-10-01&to=2026-10-31" });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "activeMembers",
        "newMemberships",
        "cancelledMemberships",
        "churnRate",
        "mrrCents",
        "revenueCents",
        "attendance",
        "fillRate",
        "paymentsDueCents",
        "endingSoon",
        "atRisk",
      ].sort(),
    );
    expect(res.body).toMatchObject({
      activeMembers: 6,
      newMemberships: 3,
      cancelledMemberships: 1,
      churnRate: 0.1667,
      mrrCents: 48000,
      revenueCents: 164500,
      attendance: 10,
      fillRate: 0.2895,
      paymentsDueCents: 8000,
    });
  });

  it("R9: GET /reports/{figure}/clients is the /clients list of that figure; an unknown figure is 404, a bad date 400", async () => {
    const key = await keyFor(w.s);
    const res = await call(figureClientsRoute, {
      key,
      path: "/api/v1/reports/newMemberships/clients?from=2026-10-01&to=2026-10-31&sort=name",
      params: { figure: "newMemberships" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { name: string }) => c.name)).toEqual(["Cat", "Fay", "Ivy"]);
    expect(res.body.data[1].memberships[0]).toMatchObject({ inherited: true, companyName: "Acme" });
    expect(res.body.nextCursor).toBeNull();

    const unknown = await call(figureClientsRoute, {
      key,
      path: "/api/v1/reports/everyone/clients",
      params: { figure: "everyone" },
    });
    expect(unknown.status).toBe(404);
    const bad = await call(summaryRoute, { key, path: "/api/v1/reports/summary?from=2026-13-01" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_input");
  });

  it("R10: GET /reports/cohorts answers {data:[{cohort, size, active}]}", async () => {
    const key = await keyFor(w.s);
    const res = await call(cohortsRoute, { key, path: "/api/v1/reports/cohorts?from=2026-10-01&to=2026-10-31" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ cohort: "2026-10", size: 5, active: [1] }] });
  });
});
