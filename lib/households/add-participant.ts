import { z } from "zod";
import type { Client } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { ForbiddenError, InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { Email, parseInput, PersonName } from "@/lib/core/validation";
import { linkHouseholdMember, managedHouseholdOf } from "./household-access";

export const AddParticipantInput = z.object({
  /** The primary customer. Staff name it; a member adds to the household it manages (omit it, or give that primary). */
  primaryId: z.uuid({ error: "Choose the primary customer." }).optional(),
  name: PersonName,
  /** Optional: a child has none. */
  email: Email.optional(),
});
export type AddParticipantInput = z.input<typeof AddParticipantInput>;

/**
 * H1: adds a participant (someone the primary books and pays for, e.g. a
 * child) to a household. The participant is a client record like any other
 * (C1), with or without an email. Staff (instructor and up) may add to any
 * primary of the studio, and may link an existing client by its email when it
 * is in no household and leads none. A member signed in to the portal adds to
 * the household it is the primary or an additional user of someone without an
 * email (a child); someone with an email is invited and confirms by mail
 * (A5, inviteParticipant). No nesting; another studio's primary is "not
 * found"; audited.
 */
export async function addParticipant(ctx: Ctx, raw: AddParticipantInput): Promise<Client> {
  requirePermission(ctx, "clients.write", { orMember: true });
  const input = parseInput(AddParticipantInput, raw);
  return inTransaction(ctx, async (tx) => {
    let primaryId: string;
    if (ctx.actor.kind === "member") {
      const managed = await managedHouseholdOf(tx);
      if (!managed)
        throw new ForbiddenError("Only the primary customer or an additional user can add people to a household.");
      if (input.primaryId && input.primaryId !== managed.primaryId) throw new NotFoundError("Client");
      primaryId = managed.primaryId;
    } else {
      if (!input.primaryId)
        throw new InvalidInputError("Choose the primary customer.", { primaryId: ["Choose the primary customer."] });
      primaryId = input.primaryId;
    }
    if (ctx.actor.kind === "member" && input.email) {
      // A5: a member never attaches a person with an email (a client's record, or a future sign-up's) without that person's confirmation.
      throw new RuleError("confirmation_required", "Someone with an email confirms by email: use inviteParticipant.");
    }
    const source = ctx.actor.kind === "member" ? "portal" : "staff";
    const { client } = await findOrCreateClient(tx, { name: input.name, email: input.email, source });
    await linkHouseholdMember(tx, { primaryId, memberId: client.id, role: "participant" });
    return { ...client, householdPrimaryId: primaryId, householdRole: "participant" as const };
  });
}
