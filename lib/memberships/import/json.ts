import { fileError } from "./source";

/** The longest single item; a longer one is refused (the file is not a list of members). */
const MAX_ITEM_CHARS = 100_000;

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The items of a JSON array, one at a time, each with its position (from 1).
 * Reads the text incrementally: only the item being read is held, never the
 * whole file or a second copy of it. Anything that is not one JSON array
 * (a bare object, a syntax error, text after the closing bracket) refuses the
 * whole file.
 */
export async function* jsonItems(text: AsyncIterable<string>): AsyncGenerator<{ row: number; value: unknown }> {
  type State = "start" | "element-or-end" | "element" | "comma-or-end" | "after";
  let state = "start" as State;
  let row = 0;
  let line = 1;
  // The item being read: its text so far, and what is open inside it.
  let item = "";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let primitive = false;

  const malformed = (why: string) =>
    fileError(
      `The file is not valid JSON (${why}, line ${line}). A JSON import is an array of objects: [{"email": "…", "startsAt": "2026-03-01"}, …].`,
    );

  function finish(): { row: number; value: unknown } {
    row += 1;
    let value: unknown;
    try {
      value = JSON.parse(item);
    } catch {
      throw malformed(`item ${row} does not parse`);
    }
    item = "";
    return { row, value };
  }

  for await (const chunk of text) {
    // Where the current item's text begins in this chunk (an item carried over from the last chunk: at 0).
    let start = state === "element" ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x0a) line += 1;
      if (state === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (primitive && depth === 0) {
              // A bare string item ends with its closing quote.
              item += chunk.slice(start, i + 1);
              start = -1;
              yield finish();
              state = "comma-or-end";
            }
          }
          continue;
        }
        if (primitive && depth === 0 && (c === 0x2c || c === 0x5d || WS.has(c))) {
          item += chunk.slice(start, i);
          start = -1;
          yield finish();
          state = "comma-or-end";
          // Re-read this character as the separator.
          i -= 1;
          if (c === 0x0a) line -= 1;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth += 1;
        else if (c === 0x7d || c === 0x5d) {
          depth -= 1;
          if (depth === 0) {
            item += chunk.slice(start, i + 1);
            start = -1;
            yield finish();
            state = "comma-or-end";
          }
        }
        continue;
      }
      if (WS.has(c)) continue;
      switch (state) {
        case "start":
          if (c !== 0x5b) throw malformed("it does not start with [");
          state = "element-or-end";
          break;
        case "element-or-end":
        case "comma-or-end":
          if (c === 0x5d) {
            state = "after";
          } else if (state === "comma-or-end") {
            if (c !== 0x2c) throw malformed(`expected , or ] after item ${row}`);
            state = "element-or-end";
          } else if (c === 0x2c) {
            throw malformed("an empty item");
          } else {
            state = "element";
            start = i;
            depth = c === 0x7b || c === 0x5b ? 1 : 0;
            inString = c === 0x22;
            escaped = false;
            primitive = depth === 0;
          }
          break;
        case "after":
          throw malformed("there is text after the closing ]");
      }
    }
    if (state === "element" && start >= 0) item += chunk.slice(start);
    if (item.length > MAX_ITEM_CHARS) throw malformed(`item ${row + 1} is far too long`);
  }
  if (state === "element" && primitive && depth === 0 && !inString) {
    yield finish();
    state = "comma-or-end";
  }
  if (state === "start") throw fileError("The file is empty. A JSON import is an array of objects.");
  if (state !== "after") throw malformed("it ends before the closing ]");
}
