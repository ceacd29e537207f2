import { z } from "zod";
import { membershipStatus } from "@/db/schema";
import { Email } from "@/lib/core/validation";
import { getClientPermissions, getPermissionsByEmail } from "@/lib/memberships/client-memberships";
import { defineEndpoint, IdParams } from "../endpoint";

export const PermissionsBody = z
  .object({
    clientId: z.uuid(),
    /** The union of the permissions of every membership that grants rights now, own and inherited (M2, M3, M7). */
    permissions: z.array(z.string()),
    memberships: z.array(
      z.object({
        id: z.uuid(),
        plan: z.object({ id: z.uuid(), name: z.string() }),
        status: z.enum(membershipStatus.enumValues),
        inherited: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Permissions" });

export const getClientPermissionsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/clients/{id}/permissions",
  tag: "Permissions",
  summary:
    "What external systems may let this client do now (M2, M3, M7); an expired membership grants nothing, swept or not (M4).",
  params: IdParams,
  responses: { 200: { description: "The client's permissions.", schema: PermissionsBody } },
  handle: async (ctx, { params }) => ({ body: await getClientPermissions(ctx, params.id) }),
});

export const getPermissionsByEmailEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/permissions",
  tag: "Permissions",
  summary:
    "Permissions of the client with this email, matched case- and space-insensitively (C1), for systems that know only an email.",
  query: z.object({ email: Email }),
  responses: { 200: { description: "The client's permissions.", schema: PermissionsBody } },
  handle: async (ctx, { query }) => ({ body: await getPermissionsByEmail(ctx, query.email) }),
});
