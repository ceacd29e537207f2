import { Fragment, type CSSProperties, type ReactNode } from "react";
import { parseMarkdown, type Inline } from "./markdown";

function inline(xs: Inline[]): ReactNode {
  return xs.map((x, i) =>
    x.bold ? (
      <strong key={i}>{x.text}</strong>
    ) : x.italic ? (
      <em key={i}>{x.text}</em>
    ) : (
      <Fragment key={i}>{x.text}</Fragment>
    ),
  );
}

/**
 * F1: a form's body as React elements (the portal, the embed, the dashboard and
 * the mailed copy): text only, escaped by React; no HTML string is built.
 * `headingLevel`: the level the body's "#" headings start at on the page.
 */
export function MarkdownView({
  body,
  headingLevel = 3,
  className,
  style,
}: {
  body: string;
  headingLevel?: 2 | 3 | 4;
  className?: string;
  style?: CSSProperties;
}) {
  return (
    <div className={className} style={style}>
      {parseMarkdown(body).map((b, i) => {
        if (b.kind === "heading") {
          const level = Math.min(6, headingLevel + b.level - 1);
          const H = `h${level}` as "h2" | "h3" | "h4" | "h5" | "h6";
          return (
            <H key={i} className="mt-3 font-semibold first:mt-0">
              {inline(b.content)}
            </H>
          );
        }
        if (b.kind === "list") {
          const L = b.ordered ? "ol" : "ul";
          return (
            <L key={i} className={`my-2 grid gap-1 pl-5 ${b.ordered ? "list-decimal" : "list-disc"}`}>
              {b.items.map((item, j) => (
                <li key={j}>{inline(item)}</li>
              ))}
            </L>
          );
        }
        return (
          <p key={i} className="my-2">
            {b.lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                {inline(line)}
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}
