import { InvalidInputError } from "@/lib/core/errors";

/** Where an import file comes from: its text, a stream of its bytes (an upload), or chunks from code. */
export type ImportSource =
  string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> | ReadableStream<Uint8Array>;

export type ImportFormat = "csv" | "json";

/** A file-level refusal: the whole file is rejected and nothing is written (M10). */
export function fileError(message: string): InvalidInputError {
  return new InvalidInputError(message, { data: [message] });
}

async function* chunksOf(source: ImportSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source === "string") {
    yield source;
    return;
  }
  if (typeof (source as ReadableStream).getReader === "function" && !(Symbol.asyncIterator in source)) {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source as AsyncIterable<Uint8Array | string>;
}

const UTF16_MESSAGE =
  'The file is not UTF-8 text: it looks like UTF-16 ("Unicode text"). Save it as "CSV UTF-8" or JSON in UTF-8 and try again.';

/**
 * The file's text, chunk by chunk, never the whole file at once. Bytes must be
 * valid UTF-8 (a byte-order mark is dropped) and hold no NUL (UTF-16 read as
 * bytes); anything else is refused as a whole, so a file saved in another
 * encoding never imports garbled names.
 * `onBytes` hears how many bytes have been read so far.
 */
export async function* decodeUtf8(
  source: ImportSource,
  onBytes?: (bytes: number) => void,
  maxBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  let first = true;
  for await (const chunk of chunksOf(source)) {
    let text: string;
    if (typeof chunk === "string") {
      text = chunk;
      bytes += Buffer.byteLength(chunk);
    } else {
      if (
        bytes === 0 &&
        chunk.byteLength >= 2 &&
        ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
      ) {
        throw fileError(UTF16_MESSAGE);
      }
      bytes += chunk.byteLength;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw fileError(
          `The file is not UTF-8 text (a broken character near byte ${bytes}). Save it as "CSV UTF-8" or JSON in UTF-8 and try again.`,
        );
      }
    }
    if (bytes > maxBytes) {
      throw fileError(
        `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB. Split it into smaller files and import each.`,
      );
    }
    // No text file holds NUL; UTF-16 without a byte-order mark is plain ASCII with a NUL after (or before) every byte.
    if (text.includes("\u0000")) throw fileError(UTF16_MESSAGE);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    onBytes?.(bytes);
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw fileError(
      "The file is not UTF-8 text (it ends in the middle of a character). Save it as UTF-8 and try again.",
    );
  }
  if (rest) yield rest;
}
