import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db";
import { clients, embedTokenUses, studios, type Membership, type Studio } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { checkPortalSignIn, findPortalClient, PORTAL_DISABLED_MESSAGE } from "@/lib/clients/portal-access";
import { findOrCreateClient } from "@/lib/clients/find-or-create-client";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requireMemberActor, requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError, RuleError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/validation";
import { assignMembership } from "@/lib/memberships/assign-membership";
import { getPublicPlan } from "@/lib/plans/plans";
import { joinStudio } from "@/lib/portal/join-studio";
import { registerMember, type RegisterMemberInput } from "@/lib/portal/register-member";
import { checkoutNeeded, startCheckout } from "@/lib/stripe/checkout";
import { EmbedTokenError, newEmbedSecret, verifyEmbedToken } from "./token";

/** Who the embedded flow is acting for once the visitor is known. */
export type EmbedVisitor = { clientId: string; userId: string | null };

/** Accepted token ids are kept this long past their expiry, then pruned. */
const KEEP_USED_TOKEN_IDS_MS = 3600_000;

/**
 * E2: the studio's server vouches for a visitor with a signed token; the flow
 * accepts it once. The token is checked (verifyEmbedToken), its `jti` is
 * recorded for the studio in the same transaction that finds or creates the
 * client by the token's email (C1, source "embed"), so a replayed token — also
 * two uses racing — is refused and creates nothing. A client whose portal
 * access staff turned off (H3) is refused too. `ctx` is the system acting for
 * the studio of the embed URL.
 */
export async function acceptEmbedToken(ctx: Ctx, token: string): Promise<EmbedVisitor> {
  requirePermission(ctx, "embed.manage");
  const [fresh] = await ctx.db
    .select({ embedSecret: studios.embedSecret })
    .from(studios)
    .where(eq(studios.id, ctx.studio.id));
  const claims = verifyEmbedToken(token, { slug: ctx.studio.slug, embedSecret: fresh?.embedSecret ?? null }, ctx.now);
  return inTransaction(ctx, async (tx) => {
    await tx.db
      .delete(embedTokenUses)
      .where(
        and(
          eq(embedTokenUses.studioId, ctx.studio.id),
          lt(embedTokenUses.expiresAt, new Date(ctx.now.getTime() - KEEP_USED_TOKEN_IDS_MS)),
        ),
      );
    const [first] = await tx.db
      .insert(embedTokenUses)
      .values({ studioId: ctx.studio.id, jti: claims.jti, expiresAt: new Date(claims.exp * 1000), usedAt: ctx.now })
      .onConflictDoNothing()
      .returning({ jti: embedTokenUses.jti });
    if (!first) throw new EmbedTokenError("replayed");
    const { client, created } = await findOrCreateClient(tx, {
      email: claims.email,
      name: claims.name,
      source: "embed",
    });
    if (client.portalDisabled || client.erasedAt) throw new EmbedTokenError("access_disabled");
    await audit(tx, { action: "embed.token_accepted", table: "clients", rowId: client.id, data: { created } });
    return { clientId: client.id, userId: null };
  });
}

/**
 * E2 "otherwise the visitor signs in": a portal login's email and password
 * (rate-limited like every sign-in; unknown email and wrong password answer
 * alike), refused for a client whose portal access is off (H3). A verified
 * login that is not yet a client here becomes one (C1); an unverified one is
 * linked to nothing and mailed a link that does it (A1): "check_email".
 */
export async function embedSignIn(
  ctx: Ctx,
  input: { email: string; password: string; ip: string; origin: string; planId?: string },
): Promise<EmbedVisitor | "check_email"> {
  requirePermission(ctx, "embed.manage");
  const check = await checkPortalSignIn(ctx.db, ctx.studio, input, ctx.now);
  if (check === "disabled") throw new RuleError("portal_disabled", PORTAL_DISABLED_MESSAGE);
  const user = check === "allowed" ? await verifyCredentials(ctx.db, input, ctx.now) : null;
  if (!user)
    throw new InvalidInputError("That email and password do not match.", {
      password: ["That email and password do not match."],
    });
  const found = await findPortalClient(ctx.db, ctx.studio.id, user.id);
  if (found.status === "disabled") throw new RuleError("portal_disabled", PORTAL_DISABLED_MESSAGE);
  if (found.status === "ok") return { clientId: found.clientId, userId: user.id };
  const joined = await joinStudio(
    ctx,
    { userId: user.id },
    { source: "embed", origin: input.origin, planId: input.planId },
  );
  if (joined.kind === "check_email") return "check_email";
  return { clientId: joined.client.id, userId: user.id };
}

/**
 * E2 "or registers inside the flow" (A1): the same sign-up as the portal's —
 * it answers nothing, and the mailed link (opened top-level, with the
 * password) makes the visitor a client and continues with the plan they chose.
 */
export async function embedRegister(
  ctx: Ctx,
  input: RegisterMemberInput,
  opts: { origin: string; planId?: string },
): Promise<void> {
  requirePermission(ctx, "embed.manage");
  await registerMember(ctx, input, { source: "embed", origin: opts.origin, planId: opts.planId });
}

/**
 * The member ctx of an embed session, or null when its client is gone, erased
 * or has portal access turned off (H3) — so turning access off ends an open
 * embed session at the next step.
 */
export async function embedMemberContext(
  db: Db,
  studio: Studio,
  visitor: EmbedVisitor,
  now: Date,
): Promise<Ctx | null> {
  if (!isUuid(visitor.clientId)) return null;
  const [client] = await db
    .select({ id: clients.id, portalDisabled: clients.portalDisabled })
    .from(clients)
    .where(and(eq(clients.studioId, studio.id), eq(clients.id, visitor.clientId), isNull(clients.erasedAt)));
  if (!client || client.portalDisabled) return null;
  return { db, studio, actor: { kind: "member", userId: visitor.userId, clientId: client.id }, now };
}

export type EmbedJoinResult = { kind: "joined"; membership: Membership } | { kind: "checkout"; url: string };

/**
 * E1: the signed-in visitor joins a published plan — by the same verb as
 * everywhere else (assignMembership, source "embed": E1 public plans only, S5
 * no second usable pack, M10 one membership per holder, plan and start). When
 * the studio takes card payments and there is something to pay, a Stripe
 * Checkout Session is made instead (P0) and the membership is granted by the
 * webhook once paid; the URL must be opened top-level. Otherwise the
 * membership is created now with its payment due at the studio.
 */
export async function joinFromEmbed(
  ctx: Ctx,
  input: { planId: string; origin: string; promoCode?: string },
): Promise<EmbedJoinResult> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new NotFoundError("Client");
  const plan = await getPublicPlan(ctx, input.planId);
  const promoCode = input.promoCode; // M12
  if (await checkoutNeeded(ctx, { planId: plan.id, promoCode })) {
    return {
      kind: "checkout",
      url: (await startCheckout(ctx, { planId: plan.id, promoCode, origin: input.origin })).url,
    };
  }
  const { membership } = await assignMembership(ctx, {
    planId: plan.id,
    clientId: ctx.actor.clientId,
    source: "embed",
    promoCode,
  });
  return { kind: "joined", membership };
}

/** E2 in Settings → Embed: the studio's embed secret, made on first use. Owners only. */
export async function getEmbedSecret(ctx: Ctx): Promise<string | null> {
  requirePermission(ctx, "embed.manage");
  const [row] = await ctx.db
    .select({ embedSecret: studios.embedSecret })
    .from(studios)
    .where(eq(studios.id, ctx.studio.id));
  return row?.embedSecret ?? null;
}

/**
 * E2: a new embed secret for the studio (the first one, or a replacement after
 * a leak). Tokens signed with the old secret stop working at once. Audited
 * without the secret. Owners only.
 */
export async function rotateEmbedSecret(ctx: Ctx): Promise<string> {
  requirePermission(ctx, "embed.manage");
  const secret = newEmbedSecret();
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.db
      .select({ embedSecret: studios.embedSecret })
      .from(studios)
      .where(eq(studios.id, ctx.studio.id))
      .for("update");
    await tx.db.update(studios).set({ embedSecret: secret }).where(eq(studios.id, ctx.studio.id));
    await audit(tx, {
      action: before?.embedSecret ? "studio.embed_secret_rotated" : "studio.embed_secret_created",
      table: "studios",
      rowId: ctx.studio.id,
    });
    return secret;
  });
}

/** Who the flow is acting for, as the "Signed in as" line shows them. */
export async function embedVisitorProfile(ctx: Ctx): Promise<{ name: string; email: string | null }> {
  requireMemberActor(ctx);
  if (ctx.actor.kind !== "member") throw new NotFoundError("Client");
  const [client] = await ctx.db
    .select({ name: clients.name, email: clients.email })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), eq(clients.id, ctx.actor.clientId)));
  if (!client) throw new NotFoundError("Client");
  return client;
}
