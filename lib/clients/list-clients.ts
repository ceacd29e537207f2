import { and, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { at } from "@/lib/core/sql";
import { z } from "zod";
import { clients, type Client } from "@/db/schema";
import { requireRole, type Ctx } from "@/lib/core/ctx";
import { decodeCursor, Limit, toPage, type Page } from "@/lib/core/pagination";
import { parseInput } from "@/lib/core/validation";

export const ListClientsInput = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(50).optional(),
  limit: Limit,
  cursor: z.string().max(500).optional(),
});
export type ListClientsInput = z.input<typeof ListClientsInput>;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The studio's clients, newest first, searchable by name, email or phone and filterable by tag (R4). */
export async function listClients(ctx: Ctx, raw: ListClientsInput): Promise<Page<Client>> {
  requireRole(ctx, "instructor");
  const input = parseInput(ListClientsInput, raw);
  const conditions: (SQL | undefined)[] = [eq(clients.studioId, ctx.studio.id), isNull(clients.erasedAt)];

  if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    const digits = input.q.replace(/\D/g, "");
    conditions.push(
      or(
        ilike(clients.name, like),
        ilike(clients.emailNormalized, like),
        digits.length >= 3 ? sql`regexp_replace(${clients.phone}, '\\D', '', 'g') like ${`%${digits}%`}` : undefined,
      ),
    );
  }
  if (input.tag) conditions.push(sql`${clients.tags} @> array[${input.tag}]::text[]`);

  const after = decodeCursor(input.cursor, 2);
  if (after) {
    const [createdAt, id] = after as [string, string];
    conditions.push(sql`(${clients.createdAt}, ${clients.id}) < (${at(new Date(createdAt))}, ${id}::uuid)`);
  }

  const rows = await ctx.db
    .select()
    .from(clients)
    .where(and(...conditions))
    .orderBy(desc(clients.createdAt), desc(clients.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (c) => [c.createdAt.toISOString(), c.id], (c) => c);
}
