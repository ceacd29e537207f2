import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { clients, memberships, type MembershipPlan } from "@/db/schema";
import { CLIENT_BATCH_MAX } from "@/lib/clients/find-or-create-client";
import { audit } from "@/lib/core/audit";
import { inTransaction, type Ctx } from "@/lib/core/ctx";
import { requirePermission } from "@/lib/core/permissions";
import { RuleError } from "@/lib/core/errors";
import { parseInput } from "@/lib/core/validation";
import { plural } from "@/lib/core/format";
import { getPlan } from "@/lib/plans/plans";
import { csvRecords } from "./csv";
import { jsonItems } from "./json";
import {
  columnFor,
  columnSchemas,
  duplicateKey,
  IMPORT_COLUMNS,
  REQUIRED_COLUMNS,
  validateRow,
  type ImportColumn,
  type RowError,
  type ValidRow,
} from "./rows";
import { decodeUtf8, fileError, type ImportSource } from "./source";
import { writeImportBatch } from "./write";

/** Rows per multi-row statement; also how often progress is reported. */
export const IMPORT_BATCH_SIZE = Math.min(1000, CLIENT_BATCH_MAX);
/** The error list stops here; `moreErrors` counts the rest. */
export const MAX_LISTED_ERRORS = 1000;
const SAMPLE_SIZE = 5;

export const ImportInput = z.object({
  planId: z.uuid({ error: "Choose a plan." }),
  format: z.enum(["csv", "json"], { error: "Choose CSV or JSON." }),
});
export type ImportInput = z.input<typeof ImportInput>;

/** One problem of the file. `row`: for CSV the row as a spreadsheet shows it (the header is row 1); for JSON the item's position from 1. */
export type ImportError = { row: number; field: string; message: string };

export type ImportProgress = {
  /** Data rows read so far (blank lines not counted). */
  processed: number;
  valid: number;
  invalid: number;
  /** Bytes of the file read so far. */
  bytes: number;
};

export type ImportSampleRow = {
  row: number;
  email: string;
  name: string;
  startsAt: string;
  endsAt: string | null;
  sessions: number | null;
};

export type ImportPreview = {
  valid: number;
  invalid: number;
  errors: ImportError[];
  /** Errors beyond the listed ones. */
  moreErrors: number;
  /** Valid rows whose membership already exists (same email, plan and start): confirming adds nothing for them. */
  alreadyImported: number;
  /** The first valid rows as they will be written. */
  sample: ImportSampleRow[];
  /**
   * Valid rows worth a second look before confirming; they are imported as given (M10). Today: more sessions left
   * than the plan's pack holds (15 left on a 10-session pack), usually a typo. At most MAX_LISTED_ERRORS listed.
   */
  warnings: ImportError[];
};

export type ImportResult = ImportPreview & { imported: number };

type ImportOptions = ImportInput & {
  source: ImportSource;
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  /** Refuse the file once it passes this many bytes (uploads). */
  maxBytes?: number;
};

/** A data row of either format, its values keyed by column, and what is wrong with its shape. */
type Item = {
  row: number;
  data: Partial<Record<ImportColumn, unknown>>;
  unknownKeys: string[];
  shapeErrors: RowError[];
  /** Not a row at all (a JSON item that is no object): its shape error is all there is to say. */
  unreadable?: boolean;
};

/** File-level findings, each listed once: unknown or missing columns make every row they touch invalid. */
type Notice = { error: ImportError; spoilsEveryRow: boolean; missing?: ImportColumn };

const KNOWN = `Use ${IMPORT_COLUMNS.join(", ")}.`;

async function* csvItems(text: AsyncIterable<string>): AsyncGenerator<Item | Notice> {
  let header: (ImportColumn | null)[] | null = null;
  for await (const { row, values } of csvRecords(text)) {
    if (!header) {
      if (values.every((v) => v === "")) {
        throw fileError(
          "The first row must be the header, such as email,name,startsAt. Remove the blank lines above it.",
        );
      }
      header = values.map((h) => columnFor(h));
      const seen = new Set<ImportColumn>();
      for (const [i, h] of values.entries()) {
        const column = header[i]!;
        if (!column) {
          yield {
            error: { row, field: h || `column ${i + 1}`, message: `Unknown column "${h}". ${KNOWN}` },
            spoilsEveryRow: true,
          };
        } else if (seen.has(column)) {
          yield { error: { row, field: column, message: `The column ${column} appears twice.` }, spoilsEveryRow: true };
        }
        if (column) seen.add(column);
      }
      for (const column of REQUIRED_COLUMNS) {
        if (!seen.has(column)) {
          yield {
            error: { row, field: column, message: `The file has no ${column} column. ${KNOWN}` },
            spoilsEveryRow: true,
            missing: column,
          };
        }
      }
      continue;
    }
    if (values.every((v) => v === "")) continue;
    const data: Partial<Record<ImportColumn, unknown>> = {};
    const shapeErrors: RowError[] = [];
    for (const [i, v] of values.entries()) {
      const column = header[i];
      if (column) data[column] = v;
      else if (i >= header.length && v !== "") {
        shapeErrors.push({
          field: "_",
          message: `This row has ${values.length} values but the header has ${header.length} columns.`,
        });
        break;
      }
    }
    yield { row, data, unknownKeys: [], shapeErrors };
  }
  if (!header) throw fileError("The file is empty. A CSV import starts with a header row: email,name,startsAt,…");
}

async function* jsonRows(text: AsyncIterable<string>): AsyncGenerator<Item | Notice> {
  const reported = new Set<string>();
  for await (const { row, value } of jsonItems(text)) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      const message = 'Each item must be an object such as {"email": "…", "startsAt": "2026-03-01"}.';
      yield { row, data: {}, unknownKeys: [], shapeErrors: [{ field: "_", message }], unreadable: true };
      continue;
    }
    const data: Partial<Record<ImportColumn, unknown>> = {};
    const unknownKeys: string[] = [];
    const shapeErrors: RowError[] = [];
    for (const [key, v] of Object.entries(value)) {
      const column = columnFor(key);
      if (!column) {
        unknownKeys.push(key);
        if (!reported.has(key)) {
          reported.add(key);
          yield { error: { row, field: key, message: `Unknown field "${key}". ${KNOWN}` }, spoilsEveryRow: false };
        }
      } else if (column in data) {
        shapeErrors.push({ field: column, message: `The field ${column} is given twice.` });
      } else data[column] = v;
    }
    yield { row, data, unknownKeys, shapeErrors };
  }
}

/**
 * Reads the whole file once, streaming: validates every row, collects the
 * errors, and hands the valid rows on in batches. Holds one batch, the capped
 * error list and the keys of rows seen (for duplicates), never the file.
 */
async function scan(
  ctx: Ctx,
  plan: MembershipPlan,
  opts: ImportOptions,
  onBatch: (rows: ValidRow[]) => Promise<void>,
): Promise<ImportPreview> {
  const schemas = columnSchemas(ctx.studio.timezone);
  const result: ImportPreview = {
    valid: 0,
    invalid: 0,
    errors: [],
    moreErrors: 0,
    alreadyImported: 0,
    sample: [],
    warnings: [],
  };
  const report = (e: ImportError) => {
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push(e);
    else result.moreErrors += 1;
  };
  let bytes = 0;
  let batch: ValidRow[] = [];
  let spoiled = false;
  const skip = new Set<ImportColumn>();
  const firstRowOf = new Map<string, number>();
  const progress = async () =>
    opts.onProgress?.({
      processed: result.valid + result.invalid,
      valid: result.valid,
      invalid: result.invalid,
      bytes,
    });

  const text = decodeUtf8(opts.source, (b) => (bytes = b), opts.maxBytes);
  const items = opts.format === "csv" ? csvItems(text) : jsonRows(text);
  for await (const item of items) {
    if ("error" in item) {
      report(item.error);
      if (item.spoilsEveryRow) spoiled = true;
      if (item.missing) skip.add(item.missing);
      continue;
    }
    const checked = item.unreadable
      ? ({ ok: false, errors: [], key: null } as const)
      : validateRow(schemas, plan, item.row, item.data, skip);
    const errors = [...item.shapeErrors, ...(checked.ok ? [] : checked.errors)];
    const key = checked.ok ? duplicateKey(checked.value.emailNormalized, checked.value.startsAt) : checked.key;
    if (key) {
      const first = firstRowOf.get(key);
      if (first === undefined) firstRowOf.set(key, item.row);
      else
        errors.push({
          field: "email",
          message: `Row ${first} already has this email with the same start: each membership is listed once.`,
        });
    }
    for (const e of errors) report({ row: item.row, ...e });
    if (errors.length || spoiled || item.unknownKeys.length || !checked.ok) {
      result.invalid += 1;
    } else {
      result.valid += 1;
      const v = checked.value;
      if (
        plan.kind === "sessions" &&
        plan.sessions !== null &&
        v.sessions !== null &&
        v.sessions > plan.sessions &&
        result.warnings.length < MAX_LISTED_ERRORS
      ) {
        result.warnings.push({
          row: v.row,
          field: "sessionsRemaining",
          message: `${plural(v.sessions, "session")} left is more than the ${plural(plan.sessions, "session")} the pack holds. Imported as given: check the file if that is a mistake.`,
        });
      }
      if (result.sample.length < SAMPLE_SIZE) {
        result.sample.push({
          row: v.row,
          email: v.email,
          name: v.name,
          startsAt: v.startsAt.toISOString(),
          endsAt: v.endsAt?.toISOString() ?? null,
          sessions: v.sessions,
        });
      }
      batch.push(v);
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await onBatch(batch);
        batch = [];
      }
    }
    if ((result.valid + result.invalid) % IMPORT_BATCH_SIZE === 0) await progress();
  }
  if (batch.length) await onBatch(batch);
  await progress();
  return result;
}

async function importablePlan(ctx: Ctx, planId: string): Promise<MembershipPlan> {
  const plan = await getPlan(ctx, planId);
  if (plan.archivedAt)
    throw new RuleError("plan_archived", "This plan is archived and no longer sold. Choose another plan.");
  return plan;
}

/** Valid rows of a batch whose membership already exists (same client by email, plan and start). */
async function countExisting(ctx: Ctx, plan: MembershipPlan, rows: ValidRow[]): Promise<number> {
  const found = await ctx.db
    .select({ email: clients.emailNormalized, startsAt: memberships.startsAt })
    .from(memberships)
    .innerJoin(clients, and(eq(clients.studioId, memberships.studioId), eq(clients.id, memberships.clientId)))
    .where(
      and(
        eq(memberships.studioId, ctx.studio.id),
        eq(memberships.planId, plan.id),
        sql`${clients.emailNormalized} = any(${sql.param([...new Set(rows.map((r) => r.emailNormalized))])}::text[])`,
      ),
    );
  const existing = new Set(found.map((f) => duplicateKey(f.email!, f.startsAt)));
  return rows.filter((r) => existing.has(duplicateKey(r.emailNormalized, r.startsAt))).length;
}

/**
 * M10, step one: reads a CSV or JSON file of members for a plan and lists every
 * row's errors, the counts, the rows already imported and a sample, writing
 * nothing. A file that is not UTF-8 or does not parse is refused as a whole.
 * Owners and instructors may import; an archived plan is refused.
 */
export async function previewImport(ctx: Ctx, raw: ImportOptions): Promise<ImportPreview> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(ImportInput, raw);
  const plan = await importablePlan(ctx, input.planId);
  let alreadyImported = 0;
  const result = await scan(ctx, plan, { ...raw, ...input }, async (rows) => {
    alreadyImported += await countExisting(ctx, plan, rows);
  });
  return { ...result, alreadyImported };
}

/**
 * M10, step two: writes every valid row of the file in one transaction, in
 * batched multi-row statements, and leaves out the invalid rows (the preview
 * listed them). Clients are found or created by email (C1); each membership has
 * source "import" and no payment; a session pack records its sessions in the
 * ledger (S2); member-since is set once (C3). A row whose email, plan and
 * start already exist adds nothing, so the same file twice imports once;
 * `imported` counts new memberships only. A file that turns out broken part
 * way (bad encoding, bad syntax) rolls everything back. One audit row records
 * the import.
 */
export async function runImport(ctx: Ctx, raw: ImportOptions): Promise<ImportResult> {
  requirePermission(ctx, "memberships.sell");
  const input = parseInput(ImportInput, raw);
  return inTransaction(ctx, async (tx) => {
    // One import per studio at a time: two files sharing people, written batch by batch in
    // different orders, would otherwise wait on each other's new clients and deadlock.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${ctx.studio.id}`}))`);
    const plan = await importablePlan(tx, input.planId);
    let imported = 0;
    const result = await scan(tx, plan, { ...raw, ...input }, async (rows) => {
      imported += await writeImportBatch(tx, plan, rows);
    });
    const summary: ImportResult = { ...result, alreadyImported: result.valid - imported, imported };
    await audit(tx, {
      action: "membership.imported",
      table: "membership_plans",
      rowId: plan.id,
      data: {
        format: input.format,
        valid: summary.valid,
        invalid: summary.invalid,
        imported,
        alreadyImported: summary.alreadyImported,
      },
    });
    return summary;
  });
}
