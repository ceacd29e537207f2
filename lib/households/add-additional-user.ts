import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { clients, type Client } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError } from "@/lib/core/errors";
import { Email, normalizeEmail, parseInput, PersonName } from "@/lib/core/validation";
import { linkHouseholdMember } from "./household-access";

export const AddAdditionalUserInput = z.object({
  primaryId: z.uuid({ error: "Choose the primary customer." }),
  email: Email,
  /** Needed only when no client has this email yet. */
  name: PersonName.optional(),
});
export type AddAdditionalUserInput = z.input<typeof AddAdditionalUserInput>;

/**
 * H1: staff add an additional user (an adult who sees and uses the primary's
 * profile, bookings and memberships, not its payment methods) to a household.
 * An email is required. The studio's client with that email (C1, matched
 * case- and space-insensitively) is linked when it is in no household and
 * leads none; otherwise a new client is created with the given name. No
 * nesting; another studio's ids are "not found"; audited.
 */
export async function addAdditionalUser(ctx: Ctx, raw: AddAdditionalUserInput): Promise<Client> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(AddAdditionalUserInput, raw);
  return inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db
      .select({ id: clients.id, name: clients.name })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.emailNormalized, normalizeEmail(input.email))));
    const name = input.name ?? existing?.name;
    if (!name) {
      throw new InvalidInputError("No client has this email yet: enter their name to add them.", {
        name: ["No client has this email yet: enter their name to add them."],
      });
    }
    const { client } = await findOrCreateClient(tx, { email: input.email, name, source: "staff" });
    await linkHouseholdMember(tx, { primaryId: input.primaryId, memberId: client.id, role: "additional_user" });
    return { ...client, householdPrimaryId: input.primaryId, householdRole: "additional_user" as const };
  });
}
