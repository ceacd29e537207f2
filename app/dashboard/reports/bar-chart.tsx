import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { cn } from "@/app/_ui";

export type Series = {
  key: string;
  label: string;
  /** Tailwind fill class of the bars and the legend swatch. */ fill: string;
};
export type Column = {
  label: string;
  /** Screen-reader and tooltip label, e.g. "November 2026". */ longLabel: string;
  values: Record<string, number>;
};

type Props = {
  id: string;
  title: string;
  description: string;
  series: Series[];
  columns: Column[];
  format: (n: number) => string;
};

const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 64 };
const BAR_SLOT = 44;

/**
 * R9 charts: a bar chart drawn on the server (visx scales and shapes, no
 * client JavaScript), stacked when there are several series, negative values
 * below the zero line. Accessible: the SVG is one labelled image with a text
 * summary, each bar names its value, and the same numbers are one click away
 * as a table.
 */
export function BarChart({ id, title, description, series, columns, format }: Props) {
  const width = Math.max(320, MARGIN.left + MARGIN.right + columns.length * BAR_SLOT);
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = columns.map((c) => {
    let pos = 0;
    let neg = 0;
    for (const s of series) {
      const v = c.values[s.key] ?? 0;
      if (v >= 0) pos += v;
      else neg += v;
    }
    return { pos, neg };
  });
  const max = Math.max(1, ...totals.map((t) => t.pos));
  const min = Math.min(0, ...totals.map((t) => t.neg));
  const x = scaleBand<string>({ domain: columns.map((c) => c.label), range: [0, innerW], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [min, max], range: [innerH, 0], nice: true });
  const ticks = y.ticks(4);
  const every = Math.ceil(columns.length / 12);

  return (
    <figure aria-labelledby={`${id}-title`} className="grid gap-2">
      <figcaption id={`${id}-title`} className="text-sm font-medium">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        className="h-auto w-full max-w-3xl"
        role="img"
        aria-label={`${title}. ${description}`}
      >
        <Group left={MARGIN.left} top={MARGIN.top}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={0} x2={innerW} y1={y(t)} y2={y(t)} className={t === 0 ? "stroke-input" : "stroke-border"} />
              <text x={-8} y={y(t)} dy="0.32em" textAnchor="end" className="fill-muted-foreground text-[11px]">
                {format(t)}
              </text>
            </g>
          ))}
          {columns.map((c, i) => {
            let up = 0;
            let down = 0;
            return (
              <g key={c.label}>
                {series.map((s) => {
                  const v = c.values[s.key] ?? 0;
                  if (v === 0) return null;
                  const from = v >= 0 ? up : down;
                  const to = from + v;
                  if (v >= 0) up = to;
                  else down = to;
                  const top = y(Math.max(from, to));
                  return (
                    <Bar
                      key={s.key}
                      x={x(c.label)}
                      y={top}
                      width={x.bandwidth()}
                      height={Math.max(1, Math.abs(y(from) - y(to)))}
                      className={s.fill}
                    >
                      <title>{`${c.longLabel}, ${s.label}: ${format(v)}`}</title>
                    </Bar>
                  );
                })}
                {i % every === 0 ? (
                  <text
                    x={(x(c.label) ?? 0) + x.bandwidth() / 2}
                    y={innerH + 18}
                    textAnchor="middle"
                    className="fill-muted-foreground text-[11px]"
                  >
                    {c.label}
                  </text>
                ) : null}
              </g>
            );
          })}
        </Group>
      </svg>
      {series.length > 1 ? (
        <ul className="flex flex-wrap gap-3 text-xs text-muted-foreground" aria-label="Legend">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <svg aria-hidden="true" viewBox="0 0 10 10" className="size-2.5">
                <rect width="10" height="10" className={s.fill} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-800 underline-offset-2 hover:underline">Show as a table</summary>
        <div className="mt-2 overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="bg-canvas">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Period
                </th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="px-3 py-2 text-right font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.label} className="border-t border-border">
                  <th scope="row" className="px-3 py-1.5 text-left font-normal">
                    {c.longLabel}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} className={cn("px-3 py-1.5 text-right tabular-nums")}>
                      {format(c.values[s.key] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
