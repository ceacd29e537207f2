import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { clients, clientTags } from "@/db/schema";
import { erasedClientIdsSql } from "@/lib/clients/erase-client";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError, NotFoundError } from "@/lib/core/errors";
import { isUuid, parseInput } from "@/lib/core/validation";

/** The most tags one client carries (the same cap as the client form, ClientFields.tags). */
export const MAX_TAGS_PER_CLIENT = 50;
/** The most clients one bulk tagging (a list selection) may name. */
export const MAX_BULK_CLIENTS = 1000;

/** R4: a tag is free text, trimmed, 1–50 characters; no commas (the client form separates tags with them). */
export const Tag = z
  .string({ error: "Enter a tag." })
  .trim()
  .min(1, { error: "Enter a tag." })
  .max(50, { error: "Keep a tag to 50 characters or fewer." })
  .refine((s) => !s.includes(","), { error: "A tag cannot contain a comma." })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: "The tag contains control characters." });

export const TagInput = z.object({ clientId: z.string().max(100), tag: Tag });
export type TagInput = z.input<typeof TagInput>;

/** Removing names any tag the client has, even one written before these rules (through the client form, say). */
export const RemoveTagInput = z.object({
  clientId: z.string().max(100),
  tag: z.string({ error: "Name the tag." }).trim().min(1, { error: "Name the tag." }).max(200),
});

export const TagClientsInput = z.object({
  clientIds: z
    .array(z.string().max(100))
    .min(1, { error: "Select at least one client." })
    .max(MAX_BULK_CLIENTS, { error: `Select at most ${MAX_BULK_CLIENTS} clients at once.` }),
  tag: Tag,
});
export type TagClientsInput = z.input<typeof TagClientsInput>;

/** Tags compare case-insensitively: "Yoga" and "yoga" are the same tag (R4). */
export function sameTag(a: string, b: string): boolean {
  return a.toLocaleLowerCase("en") === b.toLocaleLowerCase("en");
}

/** Drops later case-insensitive repeats, keeping the first spelling: ["Yoga", "yoga", "Pilates"] → ["Yoga", "Pilates"]. */
export function dedupeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) if (!out.some((o) => sameTag(o, t))) out.push(t);
  return out;
}

const liveClient = (ctx: Ctx, clientId: string) =>
  and(eq(clients.studioId, ctx.studio.id), eq(clients.id, clientId), isNull(clients.erasedAt));

/** Reads and locks a live client's tags for a change; another studio's or an erased client is "not found". */
async function lockTags(ctx: Ctx, clientId: string): Promise<string[]> {
  if (!isUuid(clientId)) throw new NotFoundError("Client");
  const [row] = await ctx.db
    .select({ tags: clients.tags })
    .from(clients)
    .where(liveClient(ctx, clientId))
    .for("update");
  if (!row) throw new NotFoundError("Client");
  return row.tags;
}

async function writeTags(ctx: Ctx, clientId: string, tags: string[]): Promise<void> {
  await ctx.db.update(clients).set({ tags, updatedAt: ctx.now }).where(liveClient(ctx, clientId));
}

/**
 * R4: tags a client. A tag the client already has in any letter case changes
 * nothing (the first spelling stays). Returns the client's tags. The audit
 * says a tag was added, not which (tags are erased with the client, P1).
 */
export async function addTag(ctx: Ctx, raw: TagInput): Promise<string[]> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(TagInput, raw);
  return inTransaction(ctx, async (tx) => {
    const current = await lockTags(tx, input.clientId);
    const next = dedupeTags([...current, input.tag]);
    if (next.length === current.length) return current;
    if (next.length > MAX_TAGS_PER_CLIENT) {
      throw new InvalidInputError(`A client can carry at most ${MAX_TAGS_PER_CLIENT} tags.`, {
        tag: [`This client already has ${MAX_TAGS_PER_CLIENT} tags. Remove one first.`],
      });
    }
    await writeTags(tx, input.clientId, next);
    await audit(tx, { action: "client.tag_added", table: "clients", rowId: input.clientId });
    return next;
  });
}

/** R4: removes a tag from a client, whatever its letter case. Removing a tag the client lacks changes nothing. Returns the client's tags. */
export async function removeTag(ctx: Ctx, raw: z.input<typeof RemoveTagInput>): Promise<string[]> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(RemoveTagInput, raw);
  return inTransaction(ctx, async (tx) => {
    const current = await lockTags(tx, input.clientId);
    const next = current.filter((t) => !sameTag(t, input.tag));
    if (next.length === current.length) return current;
    await writeTags(tx, input.clientId, next);
    await audit(tx, { action: "client.tag_removed", table: "clients", rowId: input.clientId });
    return next;
  });
}

/**
 * R4: tags a selection of the list (up to 1,000 clients) in one statement.
 * Every id must be a live client of this studio, or nothing changes ("not
 * found"); a client that already has the tag in any case is left as it is.
 */
export async function tagClients(ctx: Ctx, raw: TagClientsInput): Promise<{ tagged: number; alreadyTagged: number }> {
  requirePermission(ctx, "clients.write");
  const input = parseInput(TagClientsInput, raw);
  const ids = [...new Set(input.clientIds)];
  if (!ids.every(isUuid)) throw new NotFoundError("Client");
  const hasTag = sql`exists (select 1 from unnest(${clients.tags}) as t(tag) where lower(t.tag) = lower(${input.tag}::text))`;

  return inTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .select({ id: clients.id, hasTag: sql<boolean>`${hasTag}`, count: sql<number>`cardinality(${clients.tags})` })
      .from(clients)
      .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids), isNull(clients.erasedAt)))
      .for("update");
    if (rows.length !== ids.length)
      throw new NotFoundError(ids.length === 1 ? "Client" : "One of the selected clients");
    const full = rows.filter((r) => !r.hasTag && Number(r.count) >= MAX_TAGS_PER_CLIENT).length;
    if (full) {
      throw new InvalidInputError(
        `${full} of the selected clients already carry ${MAX_TAGS_PER_CLIENT} tags; nothing was tagged.`,
        {
          clientIds: [`${full} selected clients have no room for another tag.`],
        },
      );
    }
    const toTag = rows.filter((r) => !r.hasTag).map((r) => r.id);
    if (toTag.length) {
      await tx.db
        .update(clients)
        .set({ tags: sql`array_append(${clients.tags}, ${input.tag}::text)`, updatedAt: ctx.now })
        .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, toTag)));
      await audit(tx, { action: "clients.tagged", table: "clients", data: { count: toTag.length } });
    }
    return { tagged: toTag.length, alreadyTagged: rows.length - toTag.length };
  });
}

/**
 * R4's tag filter, as a condition on `clients`: carries `tag` exactly (as `tags @> array[tag]` did). Its ids come
 * from `client_tags`' primary key (studio, tag, client), which holds this studio's holders of the tag in one range.
 */
export function taggedCondition(studioId: string, tag: string): SQL {
  return sql`${clients.id} in (select ct.client_id from ${clientTags} ct where ct.studio_id = ${studioId}::uuid and ct.tag = ${tag})`;
}

/**
 * How many live clients carry `tag`, counting at most `cap`: from the tag's range of `client_tags`' primary key
 * alone, less the erased (whose tags erasure clears; their small index, should one still carry it). At 1,000,000
 * clients: 10,001 index entries, where counting through `clients` walked a tenth of the studio.
 */
export function taggedCountSql(studioId: string, tag: string, cap: number): SQL<number> {
  const studio = sql`${studioId}::uuid`;
  return sql<number>`select count(*)::int as n from (select 1 from ${clientTags} ct
    where ct.studio_id = ${studio} and ct.tag = ${tag} and ct.client_id not in ${erasedClientIdsSql(studio)} limit ${cap}) tagged`;
}

export type StudioTag = { tag: string; clients: number };

/**
 * R4: every tag in use in the studio with how many live clients carry it, for the list's tag filter (alphabetical).
 * Grouped from `client_tags` (the studio's tagged clients only, from its primary key); the erased, whose tags are
 * cleared, are left out by their own small index should one still carry a tag.
 */
export async function listStudioTags(ctx: Ctx): Promise<StudioTag[]> {
  requirePermission(ctx, "clients.read");
  const rows = await ctx.db
    .select({ tag: clientTags.tag, clients: sql<number>`count(*)::int` })
    .from(clientTags)
    .where(
      and(
        eq(clientTags.studioId, ctx.studio.id),
        sql`${clientTags.clientId} not in ${erasedClientIdsSql(sql`${ctx.studio.id}::uuid`)}`,
      ),
    )
    .groupBy(clientTags.tag)
    .orderBy(sql`lower(${clientTags.tag}) collate "C"`, sql`${clientTags.tag} collate "C"`);
  return rows.map((r) => ({ tag: r.tag, clients: Number(r.clients) }));
}
