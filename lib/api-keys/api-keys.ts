import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { apiKeys, studios, type ApiKey, type Studio } from "@/db/schema";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { NotFoundError } from "@/lib/core/errors";
import { statement } from "@/lib/core/statements";
import { isUuid, parseInput } from "@/lib/core/validation";

const KEY_PREFIX = "rk_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** API.md: what a key may do. `manage` is everything (keys made before scopes have it). */
export const API_KEY_SCOPES = ["read", "book", "message", "manage"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, { error: "Name the key after what uses it." }).max(80),
  /** X3: the scopes chosen when the key is made; all (`manage`) when none are given. */
  scopes: z.array(z.enum(API_KEY_SCOPES)).max(4).optional(),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

/**
 * Creates an API key for the studio (owners only). Returns the key itself once;
 * only its SHA-256 is stored (256 random bits need no slow hash).
 */
export async function createApiKey(ctx: Ctx, raw: CreateApiKeyInput): Promise<{ key: string; apiKey: ApiKey }> {
  requirePermission(ctx, "apikeys.manage");
  const input = parseInput(CreateApiKeyInput, raw);
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  return inTransaction(ctx, async (tx) => {
    const [apiKey] = await tx.db
      .insert(apiKeys)
      .values({
        studioId: ctx.studio.id,
        name: input.name,
        prefix: key.slice(0, KEY_PREFIX.length + 6),
        hash: hashApiKey(key),
        scopes: input.scopes?.length ? [...new Set(input.scopes)] : ["manage"],
        createdByUserId: ctx.actor.kind === "staff" ? ctx.actor.userId : null,
        createdAt: ctx.now,
      })
      .returning();
    await audit(tx, {
      action: "api_key.created",
      table: "api_keys",
      rowId: apiKey!.id,
      data: { name: input.name, scopes: apiKey!.scopes },
    });
    return { key, apiKey: apiKey! };
  });
}

/** Revokes a key at once; requests with it get 401 from then on. */
export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, "apikeys.manage");
  if (!isUuid(id)) throw new NotFoundError("API key");
  await inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(apiKeys)
      .set({ revokedAt: ctx.now })
      .where(and(eq(apiKeys.studioId, ctx.studio.id), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (!row) throw new NotFoundError("API key");
    await audit(tx, { action: "api_key.revoked", table: "api_keys", rowId: id });
  });
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKey[]> {
  requirePermission(ctx, "apikeys.manage");
  return ctx.db.select().from(apiKeys).where(eq(apiKeys.studioId, ctx.studio.id)).orderBy(desc(apiKeys.createdAt));
}

/** A key that is not revoked, with its studio, by its hash (every API request asks: built once, issue 20). */
const keyByHash = statement((db, $: { hash: string }) =>
  db
    .select({ apiKey: apiKeys, studio: studios })
    .from(apiKeys)
    .innerJoin(studios, eq(studios.id, apiKeys.studioId))
    .where(and(eq(apiKeys.hash, $.hash), isNull(apiKeys.revokedAt)))
    .prepare("api_key_by_hash"),
);

/** The studio and key behind a bearer token, or null when unknown or revoked. */
export async function authenticateApiKey(
  db: Db,
  key: string,
  now = new Date(),
): Promise<{ studio: Studio; apiKey: ApiKey } | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const hash = hashApiKey(key);
  const [row] = await keyByHash(db, { hash });
  if (!row) return null;
  // Record use at most once a minute, so reads do not each become a write.
  const aMinuteAgo = new Date(now.getTime() - 60_000);
  if (!row.apiKey.lastUsedAt || row.apiKey.lastUsedAt < aMinuteAgo) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.studioId, row.apiKey.studioId),
          eq(apiKeys.id, row.apiKey.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, aMinuteAgo)),
        ),
      );
  }
  return row;
}
