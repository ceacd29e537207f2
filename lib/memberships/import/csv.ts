import { pipeline, Readable } from "node:stream";
import { parse } from "csv-parse";
import { fileError } from "./source";

/** The longest record a file may hold; a longer one is a broken file (an unclosed quote swallowing the rest, say). */
const MAX_RECORD_CHARS = 100_000;

/** The delimiter of the header line: comma, or the semicolon or tab some spreadsheets write instead. */
function detectDelimiter(headerLine: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, headerLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ",";
}

/**
 * The records of a CSV file as arrays of trimmed strings, header first, each
 * with its row as a spreadsheet shows it (the header is row 1; a blank line
 * still takes a row, and its values are all empty). Streams through csv-parse, so
 * only one record is held at a time. A malformed file (an unclosed quote) is
 * refused as a whole.
 */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<{ row: number; values: string[] }> {
  const it = text[Symbol.asyncIterator]();
  // Read up to the end of the header line to choose the delimiter, then replay what was read.
  let head = "";
  let done = false;
  while (!head.includes("\n") && head.length < MAX_RECORD_CHARS) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
  }
  const newline = head.indexOf("\n");
  const delimiter = detectDelimiter(newline >= 0 ? head.slice(0, newline) : head);

  async function* replay(): AsyncGenerator<string> {
    if (head) yield head;
    head = "";
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }

  const parser = parse({
    delimiter,
    relax_column_count: true,
    trim: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  let sourceError: unknown;
  const source = Readable.from(
    (async function* () {
      try {
        yield* replay();
      } catch (e) {
        sourceError = e;
        throw e;
      }
    })(),
  );
  pipeline(source, parser, () => {});

  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, values: record };
    }
  } catch (e) {
    if (sourceError) throw sourceError;
    const where =
      typeof (e as { lines?: unknown }).lines === "number" ? ` near line ${(e as { lines: number }).lines}` : "";
    const code = (e as { code?: string }).code;
    const why =
      code === "CSV_QUOTE_NOT_CLOSED"
        ? "a quote is opened and never closed"
        : code === "CSV_MAX_RECORD_SIZE"
          ? "a row is far too long (an unclosed quote, perhaps)"
          : "it does not read as CSV";
    throw fileError(`The file could not be read${where}: ${why}. Check it in a spreadsheet and save it as CSV again.`);
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
}
