import { and, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { clients, users, type Client, type Studio } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { normalizeEmail, parseInput } from "@/lib/core/validation";
import { verifyCredentials } from "@/lib/auth/verify-credentials";

/** What a client whose portal access was turned off is told (H3). */
export const PORTAL_DISABLED_MESSAGE =
  "Your access to this studio's member portal has been turned off. Please contact the studio if you think this is a mistake.";

export const SetPortalAccessInput = z.object({
  clientId: z.uuid({ error: "Choose a client." }),
  enabled: z.boolean({ error: "Say whether portal access is on or off." }),
});
export type SetPortalAccessInput = z.input<typeof SetPortalAccessInput>;

/**
 * H3: staff turn a client's member-portal access off or back on. While off,
 * the client cannot sign in to this studio's portal nor act in it (no member
 * context); nothing else about the record changes: its login, bookings,
 * memberships and payments stay as they are. A change is audited; setting the
 * value it already has changes nothing. Another studio's client is "not found".
 */
export async function setPortalAccess(ctx: Ctx, raw: SetPortalAccessInput): Promise<Client> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(SetPortalAccessInput, raw);
  return inTransaction(ctx, async (tx) => {
    const where = and(eq(clients.studioId, ctx.studio.id), eq(clients.id, input.clientId), isNull(clients.erasedAt));
    const [current] = await tx.db.select().from(clients).where(where).for("update");
    if (!current) throw new NotFoundError("Client");
    if (current.portalDisabled === !input.enabled) return current;
    const [row] = await tx.db
      .update(clients)
      .set({ portalDisabled: !input.enabled, updatedAt: ctx.now })
      .where(where)
      .returning();
    await audit(tx, {
      action: input.enabled ? "client.portal_access_enabled" : "client.portal_access_disabled",
      table: "clients",
      rowId: input.clientId,
    });
    return row!;
  });
}

/** The client a login is at a studio, for the portal: usable, turned off (H3), or none. */
export type PortalClient =
  { status: "ok"; clientId: string } | { status: "disabled"; clientId: string } | { status: "none" };

/** H3: which client of the studio a signed-in login is, and whether its portal access is on. */
export async function findPortalClient(db: Db, studioId: string, userId: string): Promise<PortalClient> {
  const [client] = await db
    .select({ id: clients.id, portalDisabled: clients.portalDisabled })
    .from(clients)
    .where(and(eq(clients.studioId, studioId), eq(clients.userId, userId)));
  if (!client) return { status: "none" };
  return { status: client.portalDisabled ? "disabled" : "ok", clientId: client.id };
}

/**
 * H3: the portal ctx of a login at a studio, or null when it is not a client
 * there or its portal access is turned off. The request-bound builder
 * (getMemberContext) is this with the session's user and the clock.
 */
export async function memberContextFor(db: Db, studio: Studio, userId: string, now: Date): Promise<Ctx | null> {
  const found = await findPortalClient(db, studio.id, userId);
  if (found.status !== "ok") return null;
  return { db, studio, actor: { kind: "member", userId, clientId: found.clientId }, now };
}

/**
 * H3: whether a portal sign-in with this email and password goes ahead.
 * `allowed`: the email is no client of the studio whose access is off, so the
 * ordinary sign-in decides (it checks the password). Otherwise the password is
 * checked here, rate-limited like every sign-in, and a wrong one reads as
 * `invalid_credentials`, so nobody learns about a client's access from a guess;
 * a right one is refused as `disabled`. A RateLimitedError passes through.
 */
export async function checkPortalSignIn(
  db: Db,
  studio: Studio,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<"allowed" | "disabled" | "invalid_credentials"> {
  const email = normalizeEmail(input.email);
  if (!email) return "allowed";
  const [disabled] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(
      and(
        eq(clients.studioId, studio.id),
        eq(clients.portalDisabled, true),
        isNull(clients.erasedAt),
        or(
          eq(clients.emailNormalized, email),
          sql`${clients.userId} in (select ${users.id} from ${users} where ${users.email} = ${email})`,
        ),
      ),
    )
    .limit(1);
  if (!disabled) return "allowed";
  const user = await verifyCredentials(db, input, now);
  return user ? "disabled" : "invalid_credentials";
}
