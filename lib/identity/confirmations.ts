import { and, eq, gt, isNull } from "drizzle-orm";
import {
  classes,
  classSessions,
  emailConfirmations,
  type EmailConfirmation,
  type EmailConfirmationPurpose,
} from "@/db/schema";
import { hashOneTimeToken, newOneTimeToken } from "@/lib/auth/one-time-token";
import type { Ctx } from "@/lib/core/ctx";
import { RuleError } from "@/lib/core/errors";
import { normalizeEmail } from "@/lib/core/validation";

/** A5: a confirmation link is good for at most this long. */
export const CONFIRM_TTL_MS = 24 * 3600_000;

const INVALID = "This link has expired or was already used.";

/** The link a confirmation mail carries: a page that shows what is asked and confirms only on a POST. */
export function confirmLink(origin: string, slug: string, token: string): string {
  return `${origin}/s/${slug}/confirm?token=${encodeURIComponent(token)}`;
}

/**
 * A5: holds something asked for on behalf of an email address until the
 * person at that address confirms it: a random token (only its SHA-256
 * stored), single use, expiring at `expiresAt` or after 24 h, whichever is
 * first. Returns the token for the mail. Call inside the transaction that mails it.
 */
export async function holdForConfirmation(
  ctx: Ctx,
  input: { purpose: EmailConfirmationPurpose; email: string; data: Record<string, unknown>; expiresAt?: Date },
): Promise<{ id: string; token: string }> {
  const { token, hash } = newOneTimeToken();
  const cap = new Date(ctx.now.getTime() + CONFIRM_TTL_MS);
  const expiresAt = input.expiresAt && input.expiresAt < cap ? input.expiresAt : cap;
  const [row] = await ctx.db
    .insert(emailConfirmations)
    .values({
      studioId: ctx.studio.id,
      purpose: input.purpose,
      tokenHash: hash,
      email: normalizeEmail(input.email),
      data: JSON.stringify(input.data),
      expiresAt,
      createdAt: ctx.now,
    })
    .returning({ id: emailConfirmations.id });
  return { id: row!.id, token };
}

/** A live confirmation of this studio named by a link's token, without using it (the page that shows what is asked). */
export async function findConfirmation(ctx: Ctx, token: string): Promise<EmailConfirmation | null> {
  if (!token || token.length > 200) return null;
  const [row] = await ctx.db
    .select()
    .from(emailConfirmations)
    .where(
      and(
        eq(emailConfirmations.studioId, ctx.studio.id),
        eq(emailConfirmations.tokenHash, hashOneTimeToken(token)),
        isNull(emailConfirmations.usedAt),
        gt(emailConfirmations.expiresAt, ctx.now),
      ),
    );
  return row ?? null;
}

/** Uses a confirmation once (a guarded UPDATE: two clicks racing use it once), or `link_invalid`. Call inside the transaction that does what it confirms. */
export async function useConfirmation(
  ctx: Ctx,
  token: string,
  purpose?: EmailConfirmationPurpose,
): Promise<EmailConfirmation> {
  if (!token || token.length > 200) throw new RuleError("link_invalid", INVALID);
  const [row] = await ctx.db
    .update(emailConfirmations)
    .set({ usedAt: ctx.now })
    .where(
      and(
        eq(emailConfirmations.studioId, ctx.studio.id),
        eq(emailConfirmations.tokenHash, hashOneTimeToken(token)),
        purpose ? eq(emailConfirmations.purpose, purpose) : undefined,
        isNull(emailConfirmations.usedAt),
        gt(emailConfirmations.expiresAt, ctx.now),
      ),
    )
    .returning();
  if (!row) throw new RuleError("link_invalid", INVALID);
  return row;
}

/** A5: the class and time a held guest booking is for, to show on its confirmation page (this studio's session only). */
export async function confirmationSessionSummary(
  ctx: Ctx,
  sessionId: string,
): Promise<{ title: string; startsAt: Date } | null> {
  const [row] = await ctx.db
    .select({ title: classes.title, startsAt: classSessions.startsAt })
    .from(classSessions)
    .innerJoin(classes, and(eq(classes.studioId, classSessions.studioId), eq(classes.id, classSessions.classId)))
    .where(and(eq(classSessions.studioId, ctx.studio.id), eq(classSessions.id, sessionId)));
  return row ?? null;
}
