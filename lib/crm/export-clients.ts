import { and, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { clients } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { dayInZone } from "@/lib/core/time";
import { parseInput } from "@/lib/core/validation";
import { membershipBadges } from "@/lib/memberships/badges";
import { clientStatusSql, type ClientStatus } from "./client-stats";
import { csvMoney, csvStream, type CsvCell } from "./csv";
import {
  afterKeyset,
  ClientFilters,
  clientFilterConditions,
  clientSortColumn,
  ListClientsInput,
  parseSort,
  type ClientSortKey,
} from "./list-clients";

/** The list's filters and sort (R2, R4, R5), without paging: the export is the whole list. */
export const ExportClientsInput = ClientFilters.extend({ sort: ListClientsInput.shape.sort });
export type ExportClientsInput = z.input<typeof ExportClientsInput>;

/** Clients read per query: one short query each, so the connection is free between batches. */
export const EXPORT_BATCH = 1000;

/**
 * R6: the clients list as a CSV stream — name, email, phone, total bookings,
 * lifetime spend (a decimal in the studio's currency, named in the header),
 * first and last booking date (YYYY-MM-DD in the studio's zone), status (R2),
 * tags and memberships (R5 badges, inherited ones marked "via <company>"),
 * `; `-joined. Owners only (docs/rules.md "staff": instructors may not export). The same
 * filters and sort as the list (q, status, growing, tag, planId, companyId).
 *
 * Streamed so 100,000 clients never load into memory: keyset batches of
 * EXPORT_BATCH clients, each its own short query (plus one for the batch's
 * badges), read only when the previous batch has been sent. No cursor or
 * transaction stays open between batches, so on PGlite's single connection
 * other requests run in between. Input and role are checked before the stream
 * is returned: a refusal is an error, not a broken download.
 * The batches run after this returns, while the response is sent: `ctx.db`
 * must be the database itself, not a transaction that will have ended by then.
 */
export async function exportClientsCsv(ctx: Ctx, raw: ExportClientsInput): Promise<ReadableStream<Uint8Array>> {
  requirePermission(ctx, "exports");
  const input = parseInput(ExportClientsInput, raw);
  const { key, descending } = parseSort(input.sort);
  const header = [
    "Name",
    "Email",
    "Phone",
    "Total bookings",
    `Lifetime spend (${ctx.studio.currency})`,
    "First booking",
    "Last booking",
    "Status",
    "Tags",
    "Memberships",
  ];
  return csvStream(header, clientBatches(ctx, await clientFilterConditions(ctx, input), key, descending));
}

async function* clientBatches(
  ctx: Ctx,
  conditions: SQL[],
  key: ClientSortKey,
  descending: boolean,
): AsyncGenerator<CsvCell[][]> {
  const column = clientSortColumn(key, ctx.now);
  const { expr } = column;
  const dir = descending ? sql`desc` : sql`asc`;
  const tz = ctx.studio.timezone;
  let after: { value: string; id: string } | null = null;

  for (;;) {
    const page: SQL[] = after ? [...conditions, afterKeyset(column, descending, after.value, after.id)] : conditions;
    const rows = await ctx.db
      .select({
        id: clients.id,
        name: clients.name,
        email: clients.email,
        phone: clients.phone,
        totalBookings: clients.totalBookings,
        lifetimeSpendCents: clients.lifetimeSpendCents,
        firstBookingAt: clients.firstBookingAt,
        lastBookingAt: clients.lastBookingAt,
        tags: clients.tags,
        status: sql<ClientStatus>`${clientStatusSql(ctx.now)}`,
        sortValue: sql<string>`(${expr})::text`,
      })
      .from(clients)
      .where(and(...page))
      .orderBy(sql`${expr} ${dir}`, sql`${clients.id} ${dir}`)
      .limit(EXPORT_BATCH);
    if (!rows.length) return;

    const badges = await membershipBadges(
      ctx,
      rows.map((c) => c.id),
    );
    yield rows.map((c) => [
      c.name,
      c.email,
      c.phone,
      c.totalBookings,
      csvMoney(Number(c.lifetimeSpendCents)),
      c.firstBookingAt ? dayInZone(c.firstBookingAt, tz) : null,
      c.lastBookingAt ? dayInZone(c.lastBookingAt, tz) : null,
      c.status,
      c.tags.join("; "),
      (badges.get(c.id) ?? [])
        .map((b) => (b.inherited ? `${b.planName} (via ${b.companyName})` : b.planName))
        .join("; "),
    ]);

    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1]!;
    after = { value: last.sortValue, id: last.id };
  }
}
