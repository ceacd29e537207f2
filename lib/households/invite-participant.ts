import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { clients, type Client } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requireMemberActor, requireStudioActor } from "@/lib/core/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { Email, normalizeEmail, parseInput, PersonName } from "@/lib/core/validation";
import { confirmLink, holdForConfirmation, useConfirmation } from "@/lib/identity/confirmations";
import { enqueueTemplateMail } from "@/lib/jobs";
import { linkHouseholdMember, managedHouseholdOf } from "./household-access";

export const InviteParticipantInput = z.object({ name: PersonName, email: Email });
export type InviteParticipantInput = z.input<typeof InviteParticipantInput>;

const ParticipantData = z.object({ primaryId: z.uuid(), name: z.string(), primaryName: z.string() });

/**
 * A5 (H1): a member adds someone with an email to the household it manages.
 * Nothing is created or looked up by the email: the request is held and the
 * person at that address is mailed a link to confirm. The answer is the same
 * whether the address is a client of the studio, has a login, or is new — so a
 * member can neither claim an existing client's record nor pre-claim a future
 * member's by typing their email.
 */
export async function inviteParticipant(
  ctx: Ctx,
  raw: InviteParticipantInput,
  opts: { origin: string },
): Promise<void> {
  requireMemberActor(ctx);
  const input = parseInput(InviteParticipantInput, raw);
  await inTransaction(ctx, async (tx) => {
    const managed = await managedHouseholdOf(tx);
    if (!managed)
      throw new ForbiddenError("Only the primary customer or an additional user can add people to a household.");
    const [primary] = await tx.db
      .select({ name: clients.name })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, managed.primaryId)));
    if (!primary) throw new NotFoundError("Client");
    const held = await holdForConfirmation(tx, {
      purpose: "household_participant",
      email: input.email,
      data: { primaryId: managed.primaryId, name: input.name, primaryName: primary.name },
    });
    await enqueueTemplateMail(
      tx,
      "household_invite",
      { name: input.name, primaryName: primary.name, link: confirmLink(opts.origin, ctx.studio.slug, held.token) },
      { to: normalizeEmail(input.email), key: `household-invite:${held.id}` },
    );
  });
}

/**
 * A5: the person at the email confirmed. They are the studio's client with
 * that email (C1 finds or makes it) and join the household as a participant —
 * refused as before when they are already in a household or lead one (H1).
 * One transaction: a refusal leaves the link unused.
 */
export async function confirmParticipant(ctx: Ctx, token: string): Promise<{ client: Client; primaryName: string }> {
  requireStudioActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const held = await useConfirmation(tx, token, "household_participant");
    const data = ParticipantData.parse(JSON.parse(held.data));
    const [primary] = await tx.db
      .select({ id: clients.id })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, data.primaryId), isNull(clients.erasedAt)));
    if (!primary) throw new NotFoundError("Household");
    const { client } = await findOrCreateClient(tx, { email: held.email, name: data.name, source: "portal" });
    await linkHouseholdMember(tx, { primaryId: data.primaryId, memberId: client.id, role: "participant" });
    return {
      client: { ...client, householdPrimaryId: data.primaryId, householdRole: "participant" as const },
      primaryName: data.primaryName,
    };
  });
}
