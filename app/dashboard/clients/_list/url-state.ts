import type { ListClientsInput } from "@/lib/crm/list-clients";
import { CLIENT_SORT_KEYS, type ClientSortKey } from "@/lib/crm/list-keys";

/**
 * The clients list keeps all of its state in the address (q, status, growing,
 * tag, plan, company, sort, page, size), so a filtered view can be bookmarked
 * and shared. This module is plain functions used by the page (server) and the
 * list's client components alike; it must not import anything server-only.
 */

export const CLIENTS_PATH = "/dashboard/clients";
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_SORT = "-createdAt";
/** The most pages the list verb numbers (ListClientsInput.page). */
const MAX_PAGE = 10_000;

/** The sort keys the list verb accepts. */
export const SORT_KEYS = CLIENT_SORT_KEYS;
export type SortKey = ClientSortKey;

export function isSortKey(id: string): id is SortKey {
  return (SORT_KEYS as readonly string[]).includes(id);
}

export type ListState = {
  q?: string;
  /** As written in the address; the list verb validates it (R2 statuses). */
  status?: string;
  growing: boolean;
  tag?: string;
  /** A plan id. */
  plan?: string;
  /** A company id. */
  company?: string;
  /** R9: the people behind one report figure (a summary field such as atRisk), for the days from–to. */
  figure?: string;
  from?: string;
  to?: string;
  /** `name` ascending, `-name` descending. */
  sort: string;
  /** 1-based. */
  page: number;
  size: number;
};

/** The keys whose change is a new question: the list goes back to page 1 and the selection is dropped. */
export const FILTER_KEYS = [
  "q",
  "status",
  "growing",
  "tag",
  "plan",
  "company",
  "figure",
  "from",
  "to",
] as const satisfies readonly (keyof ListState)[];
export type FilterKey = (typeof FILTER_KEYS)[number];

export const DEFAULT_STATE: ListState = { growing: false, sort: DEFAULT_SORT, page: 1, size: DEFAULT_PAGE_SIZE };

export type SearchParams = Record<string, string | string[] | undefined>;

/** One query-string value: a repeated parameter counts by its first value, a blank one as absent. */
function param(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

/**
 * Reads the list's state from the address. What only this page knows (page,
 * size, growing) is checked here and reported in `problems`; the filters and
 * the sort are checked by the list verb, whose InvalidInputError the page shows.
 */
export function readListState(sp: SearchParams): { state: ListState; problems: string[] } {
  const problems: string[] = [];
  const state: ListState = { ...DEFAULT_STATE };
  state.q = param(sp.q);
  state.status = param(sp.status);
  state.tag = param(sp.tag);
  state.plan = param(sp.plan);
  state.company = param(sp.company);
  state.figure = param(sp.figure);
  state.from = param(sp.from);
  state.to = param(sp.to);
  state.sort = param(sp.sort) ?? DEFAULT_SORT;

  const growing = param(sp.growing);
  if (growing !== undefined) {
    if (["true", "1"].includes(growing)) state.growing = true;
    else if (!["false", "0"].includes(growing)) problems.push("growing: use growing=true, or leave it out.");
  }

  const page = param(sp.page);
  if (page !== undefined) {
    const n = /^\d+$/.test(page) ? Number(page) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_PAGE) state.page = n;
    else problems.push(`page: use a whole number from 1 to ${MAX_PAGE.toLocaleString("en-GB")}.`);
  }

  const size = param(sp.size);
  if (size !== undefined) {
    const n = Number(size);
    if ((PAGE_SIZES as readonly number[]).includes(n)) state.size = n;
    else problems.push("size: show 25, 50 or 100 clients per page.");
  }
  return { state, problems };
}

/** Any filter on (the sort, page and size are not filters). */
export function hasFilters(state: ListState): boolean {
  return Boolean(state.q || state.status || state.growing || state.tag || state.plan || state.company || state.figure);
}

/** A stable key of the filters alone: the row selection lives as long as it does not change. */
export function filterKey(state: ListState): string {
  return JSON.stringify(FILTER_KEYS.map((k) => state[k] ?? null));
}

/** The query string of a state, defaults left out so addresses stay short. */
export function listQuery(state: ListState): URLSearchParams {
  const qs = new URLSearchParams();
  if (state.q) qs.set("q", state.q);
  if (state.status) qs.set("status", state.status);
  if (state.growing) qs.set("growing", "true");
  if (state.tag) qs.set("tag", state.tag);
  if (state.plan) qs.set("plan", state.plan);
  if (state.company) qs.set("company", state.company);
  if (state.figure) qs.set("figure", state.figure);
  if (state.from) qs.set("from", state.from);
  if (state.to) qs.set("to", state.to);
  if (state.sort !== DEFAULT_SORT) qs.set("sort", state.sort);
  if (state.page > 1) qs.set("page", String(state.page));
  if (state.size !== DEFAULT_PAGE_SIZE) qs.set("size", String(state.size));
  return qs;
}

export function listHref(state: ListState): string {
  const qs = listQuery(state).toString();
  return qs ? `${CLIENTS_PATH}?${qs}` : CLIENTS_PATH;
}

/**
 * The state after a change. A change of filter, sort or page size starts again
 * at page 1 (unless the change names a page itself).
 */
export function withChange(state: ListState, change: Partial<ListState>): ListState {
  const next = { ...state, ...change };
  const restarts = (Object.keys(change) as (keyof ListState)[]).some((k) => k !== "page" && change[k] !== state[k]);
  if (restarts && change.page === undefined) next.page = 1;
  return next;
}

/** The address of the list after a change (see withChange). */
export function changedHref(state: ListState, change: Partial<ListState>): string {
  return listHref(withChange(state, change));
}

/** The same list without filters; the sort and page size stay. */
export function clearedHref(state: ListState): string {
  return listHref({ ...DEFAULT_STATE, sort: state.sort, size: state.size });
}

/** R6: the CSV of this view (the export route reads the list's own parameter names). */
export function exportHref(state: ListState): string {
  const qs = listQuery({ ...state, page: 1, size: DEFAULT_PAGE_SIZE });
  const s = qs.toString();
  return `${CLIENTS_PATH}/export.csv${s ? `?${s}` : ""}`;
}

/** The list verb's input for this state. */
export function listInput(state: ListState): ListClientsInput {
  return {
    q: state.q,
    status: state.status as ListClientsInput["status"],
    growing: state.growing,
    tag: state.tag,
    planId: state.plan,
    companyId: state.company,
    figure: state.figure as ListClientsInput["figure"],
    from: state.from,
    to: state.to,
    sort: state.sort,
    page: state.page,
    limit: state.size,
    withTotal: true,
  };
}

export type SortParam = { id: string; desc: boolean };

/** `-name` → { id: "name", desc: true }. */
export function parseSort(sort: string): SortParam {
  return sort.startsWith("-") ? { id: sort.slice(1), desc: true } : { id: sort, desc: false };
}

export function sortParam(s: SortParam): string {
  return `${s.desc ? "-" : ""}${s.id}`;
}

/** The parameter names staff see in the address, for the verb's field names. */
const PARAM_NAMES: Record<string, string> = { planId: "plan", companyId: "company", limit: "size" };

/** An address parameter's problems as sentences, for the list verb's InvalidInputError fields. */
export function describeProblems(fields: Record<string, string[]>, fallback: string): string[] {
  const out: string[] = [];
  for (const [field, messages] of Object.entries(fields)) {
    const name = PARAM_NAMES[field] ?? field;
    for (const m of messages) {
      const text = m.replace(/^(planId|companyId|limit)\b/, (w) => PARAM_NAMES[w] ?? w);
      out.push(field === "_" || text.startsWith(`${name} `) ? text : `${name}: ${text}`);
    }
  }
  return out.length ? out : [fallback];
}
