/**
 * CSV writing for the CRM exports (R6, R7): RFC 4180 text, safe to open in a
 * spreadsheet, produced as a web stream of UTF-8 bytes.
 *
 * Choices, and why:
 *  - RFC 4180: fields separated by commas, records by CRLF; a field holding a
 *    comma, a double quote, CR or LF is wrapped in double quotes, and each
 *    double quote inside it is doubled.
 *  - Formula neutralisation (OWASP "CSV injection"): a text cell a spreadsheet
 *    would run as a formula — one that starts with `=`, `+`, `-`, `@`, a tab or
 *    a carriage return — gets a leading `'`, so Excel, LibreOffice and Google
 *    Sheets show it as text. Client names, tags, class titles and notes are
 *    typed by people (and by members themselves in the portal), so every text
 *    cell goes through this; a phone number "+48 600…" therefore reads
 *    "'+48 600…", the accepted price of never running a formula.
 *  - Numbers the exporter itself emits (counts, money) are written as plain
 *    numbers and never neutralised. Money is a positive decimal with a point and
 *    no symbol ("1234.50"), the currency named in the header or its own column:
 *    a refund is a positive amount on a row typed "refund", so no number cell
 *    ever starts with "-" and sums stay readable in every spreadsheet locale.
 *  - UTF-8 with a byte-order mark: Excel opens a BOM-less CSV in the system's
 *    legacy code page and turns "Zoë Łukasiewicz" into mojibake; with the BOM
 *    it reads UTF-8. Other tools (csv-parse with `bom: true`, LibreOffice,
 *    Google Sheets, pandas with `utf-8-sig`) skip it.
 */

import { dayInZone } from "@/lib/core/time";

/** A cell: text from people (neutralised), a number we computed (kept as is), or empty. */
export type CsvCell = string | number | CsvNumber | null | undefined;

/**
 * A number already formatted by the exporter (money as "12.50"): written
 * verbatim, never neutralised — a plain decimal, even a negative one, is a
 * number to every spreadsheet, not a formula. Only digits, a point and a
 * leading minus get through the constructor, so text can never pose as one.
 */
export class CsvNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`Not a plain decimal: ${text}`);
  }
}

/** The byte-order mark that makes Excel read the file as UTF-8. */
export const BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell with a formula-looking start made inert by a leading apostrophe. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field of a record: neutralised when it is text, then quoted per RFC 4180 when needed. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof CsvNumber) return cell.text;
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return "";
    return String(cell);
  }
  const text = neutralise(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(",") + "\r\n";
}

/**
 * Money in minor units as a plain decimal ("1234.50"), two decimals like
 * `formatMoney`. The exports only ever pass amounts that are not negative
 * (refunds are rows of their own); a negative one would still read "-12.50".
 */
export function csvMoney(cents: number): CsvNumber {
  const n = Math.round(cents);
  const abs = Math.abs(n);
  return new CsvNumber(`${n < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`);
}

/**
 * A CSV file as a web stream: the BOM and the header first, then one chunk per
 * batch that `batches` yields. Pull-based, so the next batch is read only when
 * the consumer (the HTTP response) has taken the previous one: memory holds one
 * batch whatever the file's size. Cancelling the stream (the browser went away)
 * stops the generator, so no further query runs.
 */
export function csvStream(
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvCell[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<readonly (readonly CsvCell[])[]> | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(BOM + csvRecord(header)));
          return;
        }
        iterator ??= batches[Symbol.asyncIterator]();
        try {
          // Skip empty batches so each pull either enqueues bytes or closes.
          for (;;) {
            const next = await iterator.next();
            if (next.done) {
              controller.close();
              return;
            }
            if (next.value.length) {
              controller.enqueue(encoder.encode(next.value.map(csvRecord).join("")));
              return;
            }
          }
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await iterator?.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** `clients-2026-03-02.csv`: a download's name, dated today in the studio's zone. */
export function csvFilename(prefix: string, now: Date, timeZone: string): string {
  return `${prefix}-${dayInZone(now, timeZone)}.csv`;
}

/** The headers of a CSV download (dashboard and API alike). */
export function csvHeaders(filename: string): Record<string, string> {
  return {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  };
}
