import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { bookings, clients } from "@/db/schema";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError, RuleError } from "@/lib/core/errors";
import { normalizeEmail } from "@/lib/core/validation";
import { canActFor } from "@/lib/households/household-access";
import type { MailRecipient } from "../session-read";
import { isLiveBooking, type BookingTarget } from "./load-target";

/** Who a booking is for, as its input says. */
export type ClientChoice = { clientId?: string; email?: string; name?: string };

export const ONE_CLIENT_MESSAGE = "Give exactly one of clientId or email.";

/**
 * Whom (every door: the verbs, the API, the dashboard) a booking or a waitlist place is for. Staff, an API
 * key and the system name exactly one of a clientId or an email; a member may name nobody (it books itself) or a
 * clientId (a household participant, H1), never an email. A name goes only with an email (a client that may be new,
 * C1). Used as a refinement: `Fields.superRefine(clientChoiceRules({ required: true }))`.
 */
export function clientChoiceRules(opts: { required: boolean }) {
  return (v: ClientChoice, c: z.RefinementCtx): void => {
    if ((v.clientId && v.email) || (opts.required && !v.clientId && !v.email))
      c.addIssue({ code: "custom", path: ["clientId"], message: ONE_CLIENT_MESSAGE });
    if (v.name !== undefined && !v.email)
      c.addIssue({
        code: "custom",
        path: ["name"],
        message: "A name goes with an email, for a client that may be new.",
      });
  };
}

/** Whether the caller must name the client (everyone but a member booking for itself or its household). */
export function mustNameClient(ctx: Ctx): boolean {
  return ctx.actor.kind !== "member";
}

/** The client a booking is for; `recipient` when already read (for its mail). */
export type ResolvedClient = { id: string; recipient?: MailRecipient | null };

/**
 * Step 2: who the booking is for.
 *  - a member: itself or (H1) a participant of the household it manages;
 *  - staff by email: the client of that email, created by C1 (`create`), or,
 *    for a read-only question (canBook), the existing one or nobody yet (null);
 *  - staff by id: that client of this studio, not erased.
 */
export async function resolveClient(
  tx: Ctx,
  input: ClientChoice,
  target: BookingTarget,
  opts: { create: boolean },
): Promise<ResolvedClient | null> {
  if (tx.actor.kind === "member") {
    if (input.clientId && input.clientId !== tx.actor.clientId && !(await canActFor(tx, input.clientId)))
      throw new NotFoundError("Client");
    return { id: input.clientId ?? tx.actor.clientId };
  }
  if (input.email) {
    const name = input.name ?? input.email.split("@")[0]!;
    if (opts.create) {
      const { client } = await findOrCreateClient(tx, { email: input.email, name, source: "booking" });
      return { id: client.id, recipient: { name: client.name, email: client.email } };
    }
    const [found] = await tx.db
      .select({ id: clients.id, name: clients.name, email: clients.email })
      .from(clients)
      .where(
        and(
          eq(clients.studioId, tx.studio.id),
          eq(clients.emailNormalized, normalizeEmail(input.email)),
          isNull(clients.erasedAt),
        ),
      );
    return found ? { id: found.id, recipient: { name: found.name, email: found.email } } : null;
  }
  if (target.named) {
    // What getClient checks: the caller's role, and a client of this studio that is not erased.
    requirePermission(tx, "clients.read");
    if (!target.named.client) throw new NotFoundError("Client");
    return { id: target.named.client.id, recipient: target.named.client };
  }
  throw new RuleError("client_required", "Say who the booking is for: a clientId, or an email and name.");
}

/** S3: a client holds one live booking per session (`already_booked`). */
export async function refuseIfBooked(tx: Ctx, target: BookingTarget, clientId: string): Promise<void> {
  const live = target.named
    ? target.named.live
    : (
        await tx.db
          .select({ id: bookings.id })
          .from(bookings)
          .where(isLiveBooking(tx, target.session.id, clientId))
          .prepare("live_booking")
          .execute()
      )[0]?.id;
  if (live) {
    throw new RuleError(
      "already_booked",
      tx.actor.kind === "member" && clientId !== tx.actor.clientId
        ? "They already have a place in this session."
        : "You already have a place in this session.",
    );
  }
}
