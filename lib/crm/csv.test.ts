import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BOM, csvField, csvMoney, csvRecord, csvStream, CsvNumber, type CsvCell } from "./csv";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ chunks: Uint8Array[]; text: string }> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  // ignoreBOM: keep the mark so the test can see it.
  return { chunks, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks)) };
}

async function* batches<T>(...items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe("CSV writing (R6, R7)", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ["+48 600 100 200", "'+48 600 100 200"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", `"'\r=1+1"`],
    ["Anna Kowalska", "Anna Kowalska"],
    ["Zoë Łukasiewicz", "Zoë Łukasiewicz"],
    ["a = b", "a = b"],
    ['say "hi"', '"say ""hi"""'],
    ["Smith, Jane", '"Smith, Jane"'],
    ["line one\nline two", '"line one\nline two"'],
    ["line one\r\nline two", '"line one\r\nline two"'],
    ["", ""],
  ])("neutralises and quotes a text cell: %j → %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("writes numbers the exporter computed as plain numbers, never neutralised", () => {
    expect(csvField(12)).toBe("12");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(csvMoney(1250))).toBe("12.50");
    expect(csvField(csvMoney(5))).toBe("0.05");
    expect(csvField(csvMoney(123456789))).toBe("1234567.89");
    expect(csvField(csvMoney(-1250))).toBe("-12.50");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    // Text can never pose as a number to slip past neutralisation.
    expect(() => new CsvNumber("-1+1")).toThrow();
    expect(() => new CsvNumber("=1")).toThrow();
  });

  it("records end in CRLF and parse back to the original values", () => {
    const row: CsvCell[] = ["Smith, Jane", 'say "hi"', "two\nlines", "=1+1", 7, csvMoney(990), null];
    const line = csvRecord(row);
    expect(line.endsWith("\r\n")).toBe(true);
    expect(parse(line)).toEqual([["Smith, Jane", 'say "hi"', "two\nlines", "'=1+1", "7", "9.90", ""]]);
  });

  it("streams the BOM and header first, then one chunk per non-empty batch, and stops the source when cancelled", async () => {
    const { chunks, text } = await readAll(
      csvStream(
        ["Name", "Spend"],
        batches<CsvCell[][]>(
          [["Ada", csvMoney(100)]],
          [],
          [
            ["Zoë", csvMoney(250)],
            ["Bo", null],
          ],
        ),
      ),
    );
    expect(chunks).toHaveLength(3);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe(`${BOM}Name,Spend\r\nAda,1.00\r\nZoë,2.50\r\nBo,\r\n`);
    // The bytes are UTF-8 with the BOM EF BB BF in front.
    expect([...chunks[0]!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    let produced = 0;
    let stopped = false;
    async function* endless(): AsyncGenerator<CsvCell[][]> {
      try {
        for (;;) {
          produced++;
          yield [["row", produced]];
        }
      } finally {
        stopped = true;
      }
    }
    const reader = csvStream(["Name", "N"], endless()).getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    await reader.cancel();
    expect(stopped).toBe(true);
    // Pull-based: nothing was read far ahead of the consumer.
    expect(produced).toBeLessThanOrEqual(2);
  });

  it("errors the stream when a batch fails, instead of ending it as if complete", async () => {
    async function* failing(): AsyncGenerator<CsvCell[][]> {
      yield [["ok"]];
      throw new Error("database went away");
    }
    await expect(readAll(csvStream(["A"], failing()))).rejects.toThrow("database went away");
  });
});
