import { z } from "zod";
import type { StaffInvitation } from "@/db/schema";
import {
  changeStaffRole,
  ChangeRoleInput,
  InviteInput,
  inviteStaff,
  listInvitations,
  listStaff,
  removeStaff,
  revokeInvitation,
  type StaffMember,
} from "@/lib/team/team";
import { defineEndpoint, IdParams } from "../endpoint";

const Role = z.enum(["owner", "manager", "front_desk", "instructor"]);

export const StaffBody = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    status: z.literal("active"),
  })
  .meta({ id: "StaffMember" });

export const InvitationBody = z
  .object({ id: z.uuid(), email: z.string(), role: Role, expiresAt: z.iso.datetime({ offset: true }) })
  .meta({ id: "StaffInvitation" });

function toApiStaff(s: StaffMember) {
  return { id: s.id, userId: s.userId, email: s.email, name: s.name, role: s.role, status: s.status };
}
function toApiInvitation(i: StaffInvitation) {
  return { id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() };
}

export const listStaffEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/staff",
  tag: "Team",
  summary:
    "The studio's staff with their roles (T1). A staff member's `id` is their login's id; classes name instructors by it (T3).",
  responses: { 200: { description: "The team.", schema: z.object({ data: z.array(StaffBody) }) } },
  handle: async (ctx) => ({ body: { data: (await listStaff(ctx)).map(toApiStaff) } }),
});

export const inviteStaffEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/staff/invitations",
  tag: "Team",
  summary:
    "Invite someone to the staff by email with a role (T1). The mail goes out as a job; its link works once, for 7 days, " +
    "and is accepted by a verified login with that email. A pending invitation for the same email is replaced.",
  body: InviteInput,
  responses: { 201: { description: "The invitation.", schema: InvitationBody } },
  refusals: { 409: ["already_staff"] },
  handle: async (ctx, { body, request }) => ({
    status: 201,
    body: toApiInvitation(await inviteStaff(ctx, body, { origin: new URL(request.url).origin })),
  }),
});

export const listInvitationsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/staff/invitations",
  tag: "Team",
  summary: "Invitations not yet accepted or revoked, newest first (expired ones included; their expiresAt is past).",
  responses: { 200: { description: "The invitations.", schema: z.object({ data: z.array(InvitationBody) }) } },
  handle: async (ctx) => ({ body: { data: (await listInvitations(ctx)).map(toApiInvitation) } }),
});

export const revokeInvitationEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/staff/invitations/{id}",
  tag: "Team",
  summary: "Revoke an invitation: its link stops working at once (T1).",
  params: IdParams,
  responses: { 204: { description: "Revoked." } },
  handle: async (ctx, { params }) => {
    await revokeInvitation(ctx, params.id);
    return { status: 204, body: null };
  },
});

export const changeStaffRoleEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/staff/{id}",
  tag: "Team",
  summary: "Change a staff member's role (T1, T2). The studio's last owner stays an owner.",
  params: IdParams,
  body: ChangeRoleInput,
  responses: { 200: { description: "The staff member.", schema: StaffBody } },
  refusals: { 409: ["last_owner"] },
  handle: async (ctx, { params, body }) => ({ body: toApiStaff(await changeStaffRole(ctx, params.id, body)) }),
});

export const removeStaffEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/staff/{id}",
  tag: "Team",
  summary:
    "Remove a staff member: their access ends with their next request; what they did (bookings, notes) stays on record. " +
    "Classes and sessions they teach lose their instructor (T3). The last owner cannot be removed.",
  params: IdParams,
  responses: { 204: { description: "Removed." } },
  refusals: { 409: ["last_owner"] },
  handle: async (ctx, { params }) => {
    await removeStaff(ctx, params.id);
    return { status: 204, body: null };
  },
});
