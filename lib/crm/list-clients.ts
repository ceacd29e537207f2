import { and, eq, getTableColumns, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { clients, companyClients, memberships, type Client } from "@/db/schema";
import { type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { InvalidInputError } from "@/lib/core/errors";
import { decodeCursor, encodeCursor, Limit, type Page } from "@/lib/core/pagination";
import { isUuid, parseInput } from "@/lib/core/validation";
import { rowsOf } from "@/lib/core/sql";
import { erasedClientIdsSql } from "@/lib/clients/erase-client";
import { clientSearchCondition } from "@/lib/clients/search";
import { membershipBadges, type MembershipBadge } from "@/lib/memberships/badges";
import { grantsRightsSql } from "@/lib/memberships/effective-status";
import { FIGURES, figureClientsCondition } from "@/lib/reports/figures";
import { ReportPeriodInput } from "@/lib/reports/period";
import {
  CLIENT_STATUSES,
  clientStatus,
  clientStatusCondition,
  clientStatusSql,
  growingCondition,
  type ClientStatus,
} from "./client-stats";

import { CLIENT_SORT_KEYS, type ClientSortKey } from "./list-keys";
import { taggedCondition, taggedCountSql } from "./tags";

/** The sortable columns: each sorts by an expression with its own index (db/schema/clients.ts), then by id. */
export { CLIENT_SORT_KEYS, type ClientSortKey } from "./list-keys";

/** `sort=name` ascending, `sort=-name` descending. */
const Sort = z
  .string()
  .trim()
  .regex(new RegExp(`^-?(${CLIENT_SORT_KEYS.join("|")})$`), {
    error: `sort must be one of ${CLIENT_SORT_KEYS.join(", ")}, optionally prefixed with "-" for descending.`,
  })
  .default("-createdAt");

/** Query-string booleans: `true`/`1` and `false`/`0`. */
const Flag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", ""])])
  .transform((v) => v === true || v === "true" || v === "1")
  .optional();

export const ClientFilters = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(CLIENT_STATUSES, { error: `status must be one of ${CLIENT_STATUSES.join(", ")}.` }).optional(),
  growing: Flag,
  tag: z.string().trim().max(50).optional(),
  planId: z.uuid({ error: "planId must be a plan id." }).optional(),
  companyId: z.uuid({ error: "companyId must be a company id." }).optional(),
  /** R9: only the people behind one report figure for the period `from`–`to` (owners and managers). */
  figure: z.enum(FIGURES, { error: `figure must be one of ${FIGURES.join(", ")}.` }).optional(),
  from: ReportPeriodInput.shape.from,
  to: ReportPeriodInput.shape.to,
});
export type ClientFilters = z.input<typeof ClientFilters>;

export const ListClientsInput = ClientFilters.extend({
  sort: Sort,
  limit: Limit,
  cursor: z.string().max(500).optional(),
  /** 1-based page for the dashboard's numbered pages; the API pages with `cursor`. */
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  /** Also count every matching client (the dashboard's "of N"). */
  withTotal: Flag,
});
export type ListClientsInput = z.input<typeof ListClientsInput>;

export type ClientListRow = Client & {
  status: ClientStatus;
  /** R5: one badge per membership granting rights now, own or inherited. */
  badges: MembershipBadge[];
};

/**
 * Counting every match of a broad filter costs a scan of the studio's clients;
 * past this many the dashboard says "10,000+" (pages still walk to the end).
 */
export const CLIENT_COUNT_CAP = 10_000;

/**
 * "new" is read in one pass up to this many (fewMatchesPage). Past it, new clients are common enough that walking
 * the sort index finds a page quickly (at 100,000 clients, one in a hundred or more), and the count reads the stats
 * index alone. A studio of 100,000 with 13,500 new clients took 148 ms at p99 when the one pass went up to
 * CLIENT_COUNT_CAP before giving up.
 */
const NEW_FEW = 1000;

export type ClientListPage = Page<ClientListRow> & {
  /** With `withTotal`: the number of matches, exact up to CLIENT_COUNT_CAP. */
  total: number | null;
  /** False when there are more than `total` (the cap) matches. */
  totalExact: boolean;
  sort: string;
};

/**
 * Each sort column's expression (each has its own index in db/schema/clients.ts)
 * and the type its keyset value is cast back to. Keyset values travel as the
 * database's own text (`expr::text`), never through a JS Date, so timestamps keep
 * their microseconds and a page boundary between two clients created in the same
 * millisecond neither skips nor repeats anyone. The list and its CSV export share it.
 */
export function clientSortColumn(key: ClientSortKey, now: Date): { expr: SQL; cast: string } {
  switch (key) {
    case "createdAt":
      return { expr: sql`${clients.createdAt}`, cast: "timestamptz" };
    case "name":
      return { expr: sql`lower(${clients.name})`, cast: "text" };
    case "email":
      return { expr: sql`coalesce(${clients.emailNormalized}, '')`, cast: "text" };
    case "phone":
      return { expr: sql`coalesce(${clients.phone}, '')`, cast: "text" };
    case "totalBookings":
      return { expr: sql`${clients.totalBookings}`, cast: "integer" };
    case "lifetimeSpend":
      return { expr: sql`${clients.lifetimeSpendCents}`, cast: "bigint" };
    case "firstBookingAt":
      return { expr: sql`coalesce(${clients.firstBookingAt}, '-infinity')`, cast: "timestamptz" };
    case "lastBookingAt":
      return { expr: sql`coalesce(${clients.lastBookingAt}, '-infinity')`, cast: "timestamptz" };
    case "status":
      // new < active < regular < lapsed: the order of CLIENT_STATUSES.
      return {
        expr: sql`(case ${clientStatusSql(now)} when 'new' then 0 when 'active' then 1 when 'regular' then 2 else 3 end)`,
        cast: "integer",
      };
  }
}

/** `sort=-name` → the column and direction. */
export function parseSort(sort: string): { key: ClientSortKey; descending: boolean } {
  const descending = sort.startsWith("-");
  return { key: (descending ? sort.slice(1) : sort) as ClientSortKey, descending };
}

/** Rows strictly after `(value, id)` in the given order: the keyset page condition. */
/**
 * Whether a cursor's sort value casts to its column's type (issue 14: a
 * cursor carrying a value of the wrong type is `400 invalid_input`, not a cast
 * error in SQL). Timestamps are as Postgres writes them as text.
 */
function fitsCast(value: string, cast: string): boolean {
  if (cast === "integer") return /^-?\d{1,10}$/.test(value) && Math.abs(Number(value)) <= 2_147_483_647;
  if (cast === "bigint") return /^-?\d{1,18}$/.test(value);
  if (cast === "timestamptz") {
    if (value === "-infinity") return true;
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/.exec(value);
    if (!m) return false;
    const [, y, mo, d, h, mi, sec] = m.map(Number) as number[];
    const day = new Date(Date.UTC(y!, mo! - 1, d!));
    return day.getUTCMonth() === mo! - 1 && day.getUTCDate() === d && h! < 24 && mi! < 60 && sec! < 60;
  }
  return true;
}

export function afterKeyset(column: { expr: SQL; cast: string }, descending: boolean, value: string, id: string): SQL {
  const cmp = descending ? sql`<` : sql`>`;
  return sql`(${column.expr}, ${clients.id}) ${cmp} (${value}::${sql.raw(column.cast)}, ${id}::uuid)`;
}

/**
 * One page of rows in the given order. The status sort has no index of its own
 * (it depends on the clock), so it first picks the page's ids (`walked`, from
 * statusWalkIds, or else from sorting the narrow stats index's entries, index-only),
 * then reads those rows.
 */
function pageQuery(
  ctx: Ctx,
  key: ClientSortKey,
  column: { expr: SQL },
  where: SQL[],
  dir: SQL,
  limit: number,
  offset: number,
  walked: SQL | null,
) {
  const order = [sql`${column.expr} ${dir}`, sql`${clients.id} ${dir}`];
  const select = { ...getTableColumns(clients), sortValue: sql<string>`(${column.expr})::text` };
  if (key !== "status") {
    return ctx.db
      .select(select)
      .from(clients)
      .where(and(...where))
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
  }
  const ids = walked
    ? sql`(${walked})`
    : ctx.db
        .select({ id: clients.id })
        .from(clients)
        .where(and(...where))
        .orderBy(...order)
        .limit(limit)
        .offset(offset);
  return ctx.db
    .select(select)
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids)))
    .orderBy(...order);
}

/**
 * The ids of a page of the status sort when nothing else filters the list but, perhaps, one status (R2's order:
 * new, active, regular, lapsed, then id). No index is in that order, since the 90-day line moves with the clock,
 * but each status alone is a condition on the two counters, and clients_studio_id_stats_idx holds them in id
 * order. So each status's first `offset + limit` ids (after the cursor) come from walking that index, index-only,
 * and the page is their runs one after another: a few hundred index entries for a first page where sorting every
 * client's status read the whole studio (p99 ~50 ms at 100,000 clients, ~400 ms at 1,000,000). A rare status
 * costs at most one walk of the studio's entries in that index.
 */
function statusWalkIds(
  ctx: Ctx,
  only: ClientStatus | undefined,
  descending: boolean,
  after: { rank: number; id: string } | null,
  limit: number,
  offset: number,
): SQL {
  const dir = descending ? sql`desc` : sql`asc`;
  const runs: SQL[] = [];
  for (const status of only ? [only] : CLIENT_STATUSES) {
    const rank = CLIENT_STATUSES.indexOf(status);
    // Runs wholly before the cursor's are done; the cursor's own run goes on after its id.
    if (after && (descending ? rank > after.rank : rank < after.rank)) continue;
    const rest =
      after?.rank === rank ? sql` and ${clients.id} ${descending ? sql`<` : sql`>`} ${after.id}::uuid` : sql``;
    runs.push(sql`(select ${clients.id} as id, ${sql.raw(String(rank))} as rank from ${clients}
      where ${clients.studioId} = ${ctx.studio.id}::uuid and ${clients.erasedAt} is null
        and ${clientStatusCondition(status, ctx.now)}${rest}
      order by ${clients.id} ${dir} limit ${offset + limit})`);
  }
  if (runs.length === 0) return sql`select null::uuid where false`;
  return sql`select w.id from (${sql.join(runs, sql` union all `)}) w
    order by w.rank ${dir}, w.id ${dir} limit ${limit} offset ${offset}`;
}

/**
 * R5/M7 for one client at a time: `clientId` holds the plan now, itself or through a linked company. Each
 * EXISTS probes the client's own memberships by index; OFFSET 0 keeps the planner from turning it into the hashed
 * set of every holder, which is the point of asking per client (a few candidates of a popular plan).
 */
function holdsPlanSql(ctx: Ctx, planId: string, clientId: SQL): SQL {
  const m = alias(memberships, "m");
  const holds = sql`${m.studioId} = ${ctx.studio.id}::uuid and ${m.planId} = ${planId}::uuid and ${grantsRightsSql(ctx.now, m)}`;
  return sql`(exists (select 1 from ${memberships} ${m} where ${holds} and ${m.clientId} = ${clientId} offset 0)
    or exists (select 1 from ${companyClients} cc join ${memberships} ${m}
      on ${m.studioId} = cc.studio_id and ${m.companyId} = cc.company_id
      where cc.studio_id = ${ctx.studio.id}::uuid and cc.client_id = ${clientId} and ${holds} offset 0))`;
}

/**
 * The number of the plan's holders who are not erased, counted from the holders' side: the plan's memberships in
 * client order from memberships_plan_idx alone (distinct as they stream, stopping at the cap), less the few erased
 * clients (clients_erased_idx), plus the company-linked holders who hold it no other way. Exact up to the cap like
 * the list's own count (each part stops past it), without reading a client row.
 */
function planHoldersCount(ctx: Ctx, planId: string): SQL<number> {
  const m = alias(memberships, "m");
  const own = alias(memberships, "own");
  const studio = sql`${ctx.studio.id}::uuid`;
  const holds = (t: typeof m | typeof own) =>
    sql`${t.studioId} = ${studio} and ${t.planId} = ${planId}::uuid and ${grantsRightsSql(ctx.now, t)}`;
  const erased = erasedClientIdsSql(studio);
  const cap = CLIENT_COUNT_CAP + 1;
  return sql<number>`select
      (select count(*) from (select distinct ${m.clientId} from ${memberships} ${m}
        where ${holds(m)} and ${m.clientId} is not null and ${m.clientId} not in ${erased} limit ${cap}) direct)::int
    + (select count(*) from (select distinct cc.client_id from ${companyClients} cc join ${memberships} ${m}
        on ${m.studioId} = cc.studio_id and ${m.companyId} = cc.company_id
        where cc.studio_id = ${studio} and ${holds(m)} and cc.client_id not in ${erased}
          and not exists (select 1 from ${memberships} ${own} where ${holds(own)} and ${own.clientId} = cc.client_id)
        limit ${cap}) linked)::int as n`;
}

/**
 * Candidates read per row wanted (PLAN_SCAN_MIN to PLAN_SCAN_MAX) before the plan filter gives up probing one by
 * one. The probing stops as soon as the page is full (the candidates stream in index order), so the allowance
 * costs nothing when the plan is common and at most PLAN_SCAN_MAX probes when it is rare. Ten per row was too few
 * for a plan held by 12% of 1,000,000 clients: the newest 510 held 50 of the 51 wanted, and the page fell back to
 * hashing all 120,000 holders (60–80 ms, issue 20). Pages deeper than PLAN_SCAN_MAX / PLAN_SCAN_DEEPEST rows go
 * straight to the set-based query.
 */
const PLAN_SCAN_FACTOR = 20;
const PLAN_SCAN_DEEPEST = 10;
const PLAN_SCAN_MIN = 500;
const PLAN_SCAN_MAX = 5000;

/**
 * A page of the plan filter (R5) when the plan is common: the first candidates in the page's order by the sort
 * column's index, each probed for the plan (holdsPlanSql), then those rows read. Reading a popular plan's every
 * holder into a hashed set costs ~40 ms at 100,000 clients; this costs a few index probes per row shown. Null
 * when the candidates hold too few of the page's rows (a rare plan, or a deep page): the caller then runs the
 * set-based query, which is cheap exactly when the plan is rare. Never the status sort (it has its own path).
 */
async function planPage(
  ctx: Ctx,
  planId: string,
  input: ClientFilters,
  column: { expr: SQL },
  keyset: SQL[],
  descending: boolean,
  limit: number,
  offset: number,
): Promise<(Client & { sortValue: string })[] | null> {
  const need = offset + limit;
  if (need * PLAN_SCAN_DEEPEST > PLAN_SCAN_MAX) return null;
  const scan = Math.min(PLAN_SCAN_MAX, Math.max(PLAN_SCAN_MIN, need * PLAN_SCAN_FACTOR));
  // Every condition but the plan's, and the cursor's.
  const others = [...(await clientFilterConditions(ctx, { ...input, planId: undefined })), ...keyset];
  const dir = descending ? sql`desc` : sql`asc`;
  const found = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      select candidates.id from (
        select ${clients.id} as id, ${column.expr} as sort_value from ${clients} where ${and(...others)}
        order by ${column.expr} ${dir}, ${clients.id} ${dir} limit ${scan}) candidates
      where ${holdsPlanSql(ctx, planId, sql`candidates.id`)}
      order by candidates.sort_value ${dir}, candidates.id ${dir}
      limit ${need}`),
  );
  if (found.length < need) return null;
  const ids = found.slice(offset).map((r) => r.id);
  return ctx.db
    .select({ ...getTableColumns(clients), sortValue: sql<string>`(${column.expr})::text` })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids)))
    .orderBy(sql`${column.expr} ${dir}`, sql`${clients.id} ${dir}`);
}

/**
 * The page and the total of a filter that usually matches few clients (a search, R4; "new", R2) from one pass
 * over the matches: the index that finds them is read once, not once for the count and again for the page, and
 * ordering a few is cheap. Walking the sort column's index instead and filtering as it goes reads the studio's
 * clients until it has a page: at 100,000 clients with 129 new ones, 39,000 rows and 40–180 ms. The total
 * counts every match (as the count does), the page only those after the cursor. Null when more than `few`
 * match: the first ones are then not the page, and the caller orders by the sort index instead, counting apart.
 */
async function fewMatchesPage(
  ctx: Ctx,
  column: { expr: SQL },
  conditions: SQL[],
  keyset: SQL[],
  descending: boolean,
  limit: number,
  offset: number,
  few: number,
): Promise<{ rows: (Client & { sortValue: string })[]; total: number } | null> {
  const dir = descending ? sql`desc` : sql`asc`;
  const [found] = rowsOf<{ total: number; ids: string[] | string | null }>(
    await ctx.db.execute(sql`
      with matches as materialized (
        select ${clients.id} as id, ${column.expr} as sort_value, ${keyset.length ? and(...keyset) : sql`true`} as after
          from ${clients} where ${and(...conditions)} limit ${few + 1})
      select (select count(*) from matches)::int as total,
             (select json_agg(p.id order by p.sort_value ${dir}, p.id ${dir}) from (
                select id, sort_value from matches where after
                 order by sort_value ${dir}, id ${dir} limit ${limit} offset ${offset}) p) as ids`),
  );
  const total = Number(found?.total ?? 0);
  if (total > few) return null;
  const ids: string[] = typeof found?.ids === "string" ? JSON.parse(found.ids) : (found?.ids ?? []);
  if (ids.length === 0) return { rows: [], total };
  const rows = await ctx.db
    .select({ ...getTableColumns(clients), sortValue: sql<string>`(${column.expr})::text` })
    .from(clients)
    .where(and(eq(clients.studioId, ctx.studio.id), inArray(clients.id, ids)))
    .orderBy(sql`${column.expr} ${dir}`, sql`${clients.id} ${dir}`);
  return { rows, total };
}

/** The list's filters (`from` and `to` only qualify `figure`). */
const FILTER_KEYS = ["q", "status", "growing", "tag", "planId", "companyId", "figure"] as const;

/** The WHERE of the list and of its CSV export (R2, R4, R5 filters, search), for one studio. */
export async function clientFilterConditions(ctx: Ctx, raw: ClientFilters): Promise<SQL[]> {
  const input = parseInput(ClientFilters, raw);
  const conditions: SQL[] = [eq(clients.studioId, ctx.studio.id), isNull(clients.erasedAt)];

  if (input.q) conditions.push(clientSearchCondition(ctx.studio.id, input.q));
  if (input.status) conditions.push(clientStatusCondition(input.status, ctx.now));
  if (input.figure)
    conditions.push(await figureClientsCondition(ctx, input.figure, { from: input.from, to: input.to }));
  if (input.growing) conditions.push(growingCondition());
  if (input.tag) conditions.push(taggedCondition(ctx.studio.id, input.tag));
  if (input.companyId) {
    conditions.push(sql`exists (select 1 from ${companyClients} cc
      where cc.studio_id = ${clients.studioId} and cc.client_id = ${clients.id} and cc.company_id = ${input.companyId}::uuid)`);
  }
  if (input.planId) {
    // R5/M7: holds the plan now, itself or through a linked company. Two uncorrelated
    // sets (hashed by the planner) rather than a per-client EXISTS: 10 s → milliseconds at 100,000 clients.
    const m = alias(memberships, "m");
    const holds = sql`${m.studioId} = ${ctx.studio.id}::uuid and ${m.planId} = ${input.planId}::uuid and ${grantsRightsSql(ctx.now, m)}`;
    conditions.push(sql`(${clients.id} in (select ${m.clientId} from ${memberships} ${m} where ${holds} and ${m.clientId} is not null)
      or ${clients.id} in (select cc.client_id from ${companyClients} cc join ${memberships} ${m}
        on ${m.studioId} = cc.studio_id and ${m.companyId} = cc.company_id where cc.studio_id = ${ctx.studio.id}::uuid and ${holds}))`);
  }
  return conditions;
}

/**
 * The studio's clients list (R1, R2, R4, R5): search, filters, any column
 * sorted either way, keyset pages for the API (`cursor`) or numbered pages for
 * the dashboard (`page`). Served from the maintained R1 counters and one index
 * per sort column, so it stays fast at 100,000 clients.
 */
export async function listClients(ctx: Ctx, raw: ListClientsInput): Promise<ClientListPage> {
  requirePermission(ctx, "clients.read");
  const input = parseInput(ListClientsInput, raw);
  if (input.cursor && input.page) {
    throw new InvalidInputError("Use either cursor or page, not both.", { cursor: ["Use either cursor or page."] });
  }
  const { key, descending } = parseSort(input.sort);
  const column = clientSortColumn(key, ctx.now);
  const conditions = await clientFilterConditions(ctx, input);

  const after = decodeCursor(input.cursor, 3);
  const keyset: SQL[] = [];
  if (after) {
    const [sort, value, id] = after as [unknown, unknown, unknown];
    if (
      sort !== input.sort ||
      typeof value !== "string" ||
      !fitsCast(value, column.cast) ||
      typeof id !== "string" ||
      !isUuid(id)
    ) {
      throw new InvalidInputError("The cursor belongs to another sort order.", { cursor: ["Invalid cursor."] });
    }
    keyset.push(afterKeyset(column, descending, value, id));
  }
  const dir = descending ? sql`desc` : sql`asc`;

  const pageConditions = [...conditions, ...keyset];
  const offset = input.page ? (input.page - 1) * input.limit : 0;
  // The filters in use, so that a path can ask for "this one and no other".
  const filtered = FILTER_KEYS.filter((f) => !!input[f]);
  const onlyFilter = (f: (typeof FILTER_KEYS)[number]) => filtered.every((g) => g === f);
  // The status sort of the whole list, or of one status, walks an index in id order (statusWalkIds).
  const walked = (limit: number) =>
    key === "status" && onlyFilter("status")
      ? statusWalkIds(
          ctx,
          input.status,
          descending,
          after ? { rank: Number(after[1]), id: String(after[2]) } : null,
          limit,
          offset,
        )
      : null;
  // The plan's or the tag's holders alone are counted from their own index, not through `clients`.
  const holdersCount =
    input.planId && onlyFilter("planId")
      ? planHoldersCount(ctx, input.planId)
      : input.tag && onlyFilter("tag")
        ? taggedCountSql(ctx.studio.id, input.tag, CLIENT_COUNT_CAP + 1)
        : null;
  // A search or "new" (without the plan filter, which has its own path): page and total in one pass when few match.
  const searched =
    (input.q || input.status === "new") && !input.planId
      ? await fewMatchesPage(
          ctx,
          column,
          conditions,
          keyset,
          descending,
          input.limit + 1,
          offset,
          input.q ? CLIENT_COUNT_CAP : NEW_FEW,
        )
      : null;
  const [rows, total] = searched
    ? [searched.rows, input.withTotal ? searched.total : null]
    : await Promise.all([
        (input.planId && key !== "status"
          ? planPage(ctx, input.planId, input, column, keyset, descending, input.limit + 1, offset)
          : Promise.resolve(null)
        ).then(
          (early) =>
            early ?? pageQuery(ctx, key, column, pageConditions, dir, input.limit + 1, offset, walked(input.limit + 1)),
        ),
        !input.withTotal
          ? Promise.resolve(null)
          : holdersCount
            ? ctx.db.execute(holdersCount).then((r) => Number(rowsOf<{ n: number }>(r)[0]?.n ?? 0))
            : ctx.db
                .select({ n: sql<number>`count(*)::int` })
                .from(
                  ctx.db
                    .select({ one: sql`1` })
                    .from(clients)
                    .where(and(...conditions))
                    .limit(CLIENT_COUNT_CAP + 1)
                    .as("matches"),
                )
                .then((r) => Number(r[0]?.n ?? 0)),
      ]);

  const more = rows.length > input.limit;
  const pageRows = more ? rows.slice(0, input.limit) : rows;
  const badges = await membershipBadges(
    ctx,
    pageRows.map((c) => c.id),
  );
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(({ sortValue: _, ...c }) => ({
      ...c,
      status: clientStatus(c, ctx.now),
      badges: badges.get(c.id) ?? [],
    })),
    nextCursor: more && last ? encodeCursor([input.sort, last.sortValue, last.id]) : null,
    total: total === null ? null : Math.min(total, CLIENT_COUNT_CAP),
    totalExact: total === null || total <= CLIENT_COUNT_CAP,
    sort: input.sort,
  };
}
