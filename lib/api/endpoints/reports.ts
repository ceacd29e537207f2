import { z } from "zod";
import { NotFoundError } from "@/lib/core/errors";
import { listClients, ListClientsInput } from "@/lib/crm/list-clients";
import { getCohorts, getReportSummary, isFigure, ReportPeriodInput } from "@/lib/reports";
import { defineEndpoint, PageOf } from "../endpoint";
import { ClientListItemBody, toListItem } from "./clients";

const Share = z.number().min(0).max(1).nullable();

export const ReportSummaryBody = z
  .object({
    activeMembers: z.number().int().describe("R9: clients holding a membership at the end of the period (or now)."),
    newMemberships: z.number().int().describe("R9: memberships starting in the period."),
    cancelledMemberships: z.number().int().describe("R9: memberships cancelled in the period."),
    churnRate: Share.describe("R9: memberships active at the start and cancelled in the period ÷ active at the start."),
    mrrCents: z.number().int().describe("R9: settled recurring payments in the period, monthly, each client once."),
    revenueCents: z.number().int().describe("R9: payments settled in the period less refunds made in it."),
    attendance: z.number().int().describe("R9: bookings kept in sessions that ran in the period."),
    fillRate: Share.describe("R9: places booked ÷ places offered in those sessions."),
    paymentsDueCents: z.number().int().describe("R9/O3: everything owed today."),
    endingSoon: z.number().int().describe("R9: clients whose membership ends within 14 days or has ≤ 2 sessions left."),
    atRisk: z.number().int().describe("R9: clients with no visit in 21 days after being active."),
  })
  .meta({ id: "ReportSummary" });

export const getReportSummaryEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/reports/summary",
  tag: "Reports",
  summary:
    "R9: the studio's figures for a period (from, to: days in the studio's zone, both included; default this month). Definitions: lib/reports/figures.ts.",
  query: ReportPeriodInput,
  responses: { 200: { description: "The figures.", schema: ReportSummaryBody } },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { query }) => {
    const s = await getReportSummary(ctx, query);
    return {
      body: {
        activeMembers: s.activeMembers,
        newMemberships: s.newMemberships,
        cancelledMemberships: s.cancelledMemberships,
        churnRate: s.churnRate,
        mrrCents: s.mrrCents,
        revenueCents: s.revenueCents,
        attendance: s.attendance,
        fillRate: s.fillRate,
        paymentsDueCents: s.paymentsDueCents,
        endingSoon: s.endingSoon,
        atRisk: s.atRisk,
      },
    };
  },
});

export const listReportClientsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/reports/{figure}/clients",
  tag: "Reports",
  summary:
    "R9: the clients behind one figure of the summary (figure = a summary field, e.g. atRisk), in the same shape, filters and sort as /clients.",
  params: z.object({ figure: z.string().max(100).meta({ description: "A field of the summary, e.g. atRisk." }) }),
  query: ListClientsInput.omit({ page: true, withTotal: true, figure: true }),
  responses: { 200: { description: "A page of clients.", schema: PageOf(ClientListItemBody) } },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { params, query }) => {
    if (!isFigure(params.figure)) throw new NotFoundError("Figure");
    const page = await listClients(ctx, { ...query, figure: params.figure });
    return { body: { data: page.data.map(toListItem), nextCursor: page.nextCursor } };
  },
});

export const CohortsBody = z
  .object({
    data: z.array(
      z.object({
        cohort: z.string().describe("YYYY-MM in the studio's zone."),
        size: z.number().int(),
        active: z.array(z.number().min(0).max(1)).describe("Share active in the cohort's month and each later month."),
      }),
    ),
  })
  .meta({ id: "Cohorts" });

export const getCohortsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/reports/cohorts",
  tag: "Reports",
  summary: "R10: clients grouped by the month of their first booking or membership, with the share active each month.",
  query: ReportPeriodInput,
  responses: { 200: { description: "The cohorts starting in the period.", schema: CohortsBody } },
  refusals: { 403: ["forbidden"] },
  handle: async (ctx, { query }) => ({ body: { data: await getCohorts(ctx, query) } }),
});
