/**
 * F1: a form's text is kept as sanitized Markdown and shown through a tiny,
 * safe subset renderer (no library: `marked` is in node_modules only as a
 * transitive dependency, and it passes raw HTML through). Supported: headings
 * (#, ##, ###), paragraphs, line breaks, "- " / "* " and "1. " lists, **bold**
 * and *italic*. Everything else is text: it is parsed into blocks of plain
 * strings that React escapes when rendering, and no HTML string is ever built.
 */

export type Inline = { text: string; bold?: boolean; italic?: boolean };
export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; content: Inline[] }
  | { kind: "paragraph"; lines: Inline[][] }
  | { kind: "list"; ordered: boolean; items: Inline[][] };

/** The longest body kept. */
export const MAX_BODY_LENGTH = 50_000;

/**
 * What is stored: line endings normalised, control characters and HTML tags
 * and comments removed (the renderer would escape them anyway; stripping them
 * keeps the stored text what the signer saw), trailing spaces trimmed.
 */
export function sanitizeMarkdown(raw: string): string {
  return raw
    .replace(/\r\n?/g, "\n")
    .replace(/<!--[\s\S]*?(-->|$)/g, "")
    .replace(/<\/?[a-zA-Z][^<>]*>/g, "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** **bold** and *italic* (or _italic_) inside a line; anything unmatched stays as typed. */
export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_/g;
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ text: m[1], bold: true });
    else out.push({ text: (m[2] ?? m[3])!, italic: true });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ text: line.slice(last) });
  return out;
}

/** The blocks of a (sanitized) body. */
export function parseMarkdown(body: string): Block[] {
  const blocks: Block[] = [];
  let para: Inline[][] = [];
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  const flush = () => {
    if (para.length) blocks.push({ kind: "paragraph", lines: para });
    if (list) blocks.push({ kind: "list", ...list });
    para = [];
    list = null;
  };
  for (const raw of sanitizeMarkdown(body).split("\n")) {
    const line = raw.trim();
    if (line === "") {
      flush();
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({
        kind: "heading",
        level: heading[1]!.length as 1 | 2 | 3,
        content: parseInline(heading[2]!.replace(/\s+#+$/, "")),
      });
      continue;
    }
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d{1,3}[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = Boolean(numbered && !bullet);
      if (para.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(parseInline(item[1]!));
      continue;
    }
    if (list) flush();
    para.push(parseInline(line));
  }
  flush();
  return blocks;
}

/** The body as plain text (mail's text part, the API). */
export function markdownText(body: string): string {
  return parseMarkdown(body)
    .map((b) => {
      const t = (xs: Inline[]) => xs.map((x) => x.text).join("");
      if (b.kind === "heading") return t(b.content);
      if (b.kind === "paragraph") return b.lines.map(t).join("\n");
      return b.items.map((i, n) => `${b.ordered ? `${n + 1}.` : "-"} ${t(i)}`).join("\n");
    })
    .join("\n\n");
}
