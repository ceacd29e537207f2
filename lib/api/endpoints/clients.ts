import { z } from "zod";
import { ClientFields, toApiClient } from "@/lib/clients/client-input";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { getClient } from "@/lib/clients/get-client";
import { updateClient, UpdateClientInput } from "@/lib/clients/update-client";
import { CLIENT_STATUSES, getClientStats, type ClientStats } from "@/lib/crm/client-stats";
import { listClients, ListClientsInput, type ClientListRow } from "@/lib/crm/list-clients";
import { membershipBadges, type MembershipBadge } from "@/lib/memberships/badges";
import { Email, PersonName } from "@/lib/core/validation";
import { defineEndpoint, IdParams, PageOf } from "../endpoint";

export const ClientBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    emergencyContact: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
    pictureUrl: z.string().nullable(),
    questionnaire: z.record(z.string(), z.unknown()).nullable(),
    marketingConsent: z.boolean(),
    marketingConsentAt: z.iso.datetime({ offset: true }).nullable(),
    memberSince: z.iso.datetime({ offset: true }).nullable(),
    tags: z.array(z.string()),
    source: z.string(),
    portalDisabled: z.boolean(),
    household: z
      .object({ primaryId: z.uuid(), role: z.enum(["participant", "additional_user"]) })
      .nullable()
      .describe("H1: set on a participant or additional user, naming its primary customer."),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "Client" });

const Instant = z.iso.datetime({ offset: true });

const SummaryStatsBody = z.object({
  totalBookings: z.number().int().describe("R1: bookings not cancelled."),
  lifetimeSpendCents: z.number().int().describe("R1: paid payments minus refunds."),
  firstBookingAt: Instant.nullable().describe("When the first (not cancelled) booking was made."),
  lastBookingAt: Instant.nullable().describe("When the last (not cancelled) booking was made."),
  status: z.enum(CLIENT_STATUSES).describe("R2: new, active, regular or lapsed."),
});

const StatsBody = SummaryStatsBody.extend({
  activeBookings: z.number().int().describe("S8: booked, session not started."),
  lastAttendedAt: Instant.nullable().describe("B3: start of the latest booked session that has ended."),
}).meta({ id: "ClientStats" });

const BadgeBody = z
  .object({
    membershipId: z.uuid(),
    planId: z.uuid(),
    plan: z.string(),
    inherited: z.boolean().describe("Held by a linked company (M7)."),
    companyName: z.string().nullable(),
  })
  .meta({ id: "MembershipBadge" });

export const ClientListItemBody = ClientBody.extend({
  stats: SummaryStatsBody,
  memberships: z.array(BadgeBody).describe("R5: one badge per membership granting rights now."),
}).meta({ id: "ClientListItem" });

export const ClientDetailBody = ClientBody.extend({
  stats: StatsBody,
  memberships: z.array(BadgeBody).describe("R5: one badge per membership granting rights now."),
}).meta({ id: "ClientDetail" });

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toBadge(b: MembershipBadge) {
  return {
    membershipId: b.membershipId,
    planId: b.planId,
    plan: b.planName,
    inherited: b.inherited,
    companyName: b.companyName,
  };
}

export function toListItem(c: ClientListRow) {
  return {
    ...toApiClient(c),
    stats: {
      totalBookings: c.totalBookings,
      lifetimeSpendCents: c.lifetimeSpendCents,
      firstBookingAt: iso(c.firstBookingAt),
      lastBookingAt: iso(c.lastBookingAt),
      status: c.status,
    },
    memberships: c.badges.map(toBadge),
  };
}

function toStats(s: ClientStats) {
  return {
    totalBookings: s.totalBookings,
    activeBookings: s.activeBookings,
    lifetimeSpendCents: s.lifetimeSpendCents,
    firstBookingAt: iso(s.firstBookingAt),
    lastBookingAt: iso(s.lastBookingAt),
    lastAttendedAt: iso(s.lastAttendedAt),
    status: s.status,
  };
}

export const CreateClientBody = z
  .object({
    email: Email,
    name: PersonName,
    phone: ClientFields.shape.phone.optional(),
    emergencyContact: ClientFields.shape.emergencyContact.optional(),
    marketingConsent: z.boolean().optional(),
  })
  .strict();

export const createClientEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/clients",
  tag: "Clients",
  summary: "Create a client, or return the existing one with the same normalised email (C1).",
  body: CreateClientBody,
  responses: {
    201: { description: "A new client.", schema: ClientBody },
    200: { description: "The client that already had this email.", schema: ClientBody },
  },
  handle: async (ctx, { body }) => {
    const { client, created } = await findOrCreateClient(ctx, {
      ...body,
      phone: body.phone ?? undefined,
      source: "api",
    });
    return { status: created ? 201 : 200, body: toApiClient(client) };
  },
});

export const listClientsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients",
  tag: "Clients",
  summary:
    "The studio's clients with their R1 stats and R5 badges. Search with q (name, email, phone); filter by status (R2), growing=true (3–5 bookings), tag, planId, companyId; sort by any column (sort=name, sort=-lifetimeSpend, …; newest first by default).",
  query: ListClientsInput.omit({ page: true, withTotal: true, figure: true, from: true, to: true }),
  responses: { 200: { description: "A page of clients.", schema: PageOf(ClientListItemBody) } },
  handle: async (ctx, { query }) => {
    const page = await listClients(ctx, query);
    return { body: { data: page.data.map(toListItem), nextCursor: page.nextCursor } };
  },
});

export const getClientEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients/{id}",
  tag: "Clients",
  summary: "One client with its R1 stats and R5 membership badges (inherited ones marked).",
  params: IdParams,
  responses: { 200: { description: "The client.", schema: ClientDetailBody } },
  handle: async (ctx, { params }) => {
    const client = await getClient(ctx, params.id);
    const [stats, badges] = await Promise.all([getClientStats(ctx, client.id), membershipBadges(ctx, [client.id])]);
    return {
      body: { ...toApiClient(client), stats: toStats(stats), memberships: (badges.get(client.id) ?? []).map(toBadge) },
    };
  },
});

export const updateClientEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/clients/{id}",
  tag: "Clients",
  summary: "Change a client's details (C2). An email already used by another client is refused.",
  params: IdParams,
  body: UpdateClientInput,
  responses: { 200: { description: "The client after the change.", schema: ClientBody } },
  refusals: { 409: ["email_taken"] },
  handle: async (ctx, { params, body }) => ({ body: toApiClient(await updateClient(ctx, params.id, body)) }),
});
