import { is, Param, Placeholder, sql, type Column } from "drizzle-orm";
import type { Db } from "@/db";
import type { Ctx } from "./ctx";

/** What Drizzle's `.prepare()` returns, as far as a statement uses it. */
type Prepared<R> = { execute(values?: Record<string, unknown>): Promise<R> };

/** What a statement needs of a database or transaction at run time (Drizzle's session, not in its public types). */
type WithSession = { session: { constructor: unknown; client: unknown } };

/**
 * A statement built once and run many times (issue 20). Drizzle builds a query's SQL text anew on every call: its
 * entity checks (`is`), column casing and selection walks were about a third of the Node CPU the booking path
 * spends (the profile in the note), more than executing the statements. A statement made here is built
 * on its first run, with a slot (`$.name`, or `slot(name)`) wherever a value goes, and after that runs on any
 * database or transaction of the same driver with the values given by name: the same SQL text, so the postgres
 * driver's prepared statement on the server is reused as before, and the rows come back mapped as Drizzle maps
 * them.
 *
 * Drizzle binds a prepared query to the connection it was made on (a transaction's is new each time), so the one
 * built is rebound to the caller's connection for each run. That reaches into Drizzle's session (`session.client`),
 * which drizzle-orm 0.45 keeps on both drivers (postgres-js and PGlite); the booking tests run every statement made
 * here on both, inside and outside transactions.
 */
export function statement<V extends Record<string, unknown>, P extends Prepared<unknown>>(
  build: (db: Db, $: V) => P,
): (db: Db, values: V) => ReturnType<P["execute"]> {
  const built = new Map<unknown, P>();
  // `$.name` is the slot `name` (a Proxy has no keys of its own: name each value, never spread or pass `$` whole).
  const slots = new Proxy({} as V, { get: (_, name) => slot(String(name)) });
  return (db, values) => {
    const { session } = db as unknown as WithSession;
    let prepared = built.get(session.constructor);
    if (!prepared) {
      prepared = build(db, slots);
      nullSafeSlots(prepared);
      built.set(session.constructor, prepared);
    }
    const bound = Object.create(prepared) as P & { client: unknown };
    bound.client = session.client;
    return bound.execute(values) as ReturnType<P["execute"]>;
  };
}

/**
 * Drizzle encodes a slot's value with its column's encoder and, unlike a plain value, does not pass null around it:
 * a null timestamp would throw, a null jsonb would be stored as JSON `null`. Each slot's encoder (made for this
 * statement alone) is wrapped so that null stays SQL NULL, as it does when the statement is built per call.
 */
function nullSafeSlots(prepared: unknown): void {
  for (const p of (prepared as { params?: unknown[] }).params ?? []) {
    if (!is(p, Param) || !is(p.value, Placeholder)) continue;
    const encoder = p.encoder;
    (p as { encoder: typeof encoder }).encoder = {
      mapToDriverValue: (v: unknown) => (v === null ? null : encoder.mapToDriverValue(v)),
    };
  }
}

/** Where a statement's value named `name` goes (`sql.placeholder`), typed as the value so builders accept it. */
export function slot<T = string>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}

/**
 * A slot compared with a column in a condition (`gt(col, encoded($.now, col))`): its value is then encoded as the
 * column's values are (a Date for a timestamp), as Drizzle encodes a plain value there. A slot set into a column
 * (insert, update) is encoded already; a slot in hand-written SQL goes to the driver as given.
 */
export function encoded<T>(value: T, column: Column): T {
  return sql.param(value, column) as unknown as T;
}

/**
 * The Ctx a statement is built with, for fragments written against a ctx (`listensTo`, `isLiveBooking`, …): its
 * studio id is the `studioId` slot. Nothing else of it may be read: a statement is built once for every caller, so
 * no caller's clock, actor or studio settings may end up in it (reading one throws while the statement is built).
 */
export function statementCtx(db: Db): Ctx {
  const unavailable = (what: string) => () => {
    throw new Error(`A statement is built once for every caller: pass ${what} as a slot.`);
  };
  const studio = new Proxy({} as Ctx["studio"], {
    get: (_, name) => (name === "id" ? slot("studioId") : unavailable(`the studio's ${String(name)}`)()),
  });
  return Object.defineProperties({ db, studio } as Ctx, {
    actor: { get: unavailable("the actor") },
    now: { get: unavailable("the time") },
  });
}
