// Charts drawn as plain SVG and CSS bars: no chart library in the public bundle.
import { formatShortVnd, formatVnd } from './format';

export type Series = { key: string; label: string; className: string };

/** Grouped vertical bars, one group per category of the x axis (years). */
export function ColumnChart({
  groups,
  series,
  title,
}: {
  groups: { label: string; values: Record<string, number> }[];
  series: Series[];
  title: string;
}) {
  const max = Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key] ?? 0)));
  const width = 600;
  const height = 240;
  const top = 16;
  const bottom = 28;
  const left = 8;
  const plot = height - top - bottom;
  const groupWidth = (width - left) / Math.max(groups.length, 1);
  const barWidth = Math.min(36, (groupWidth * 0.8) / series.length);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <line x1={left} x2={width} y1={top + plot} y2={top + plot} className="axis" />
        {groups.map((g, i) => {
          const x0 = left + i * groupWidth + (groupWidth - barWidth * series.length) / 2;
          return (
            <g key={g.label}>
              {series.map((s, j) => {
                const value = g.values[s.key] ?? 0;
                const h = (value / max) * plot;
                return (
                  <rect key={s.key} x={x0 + j * barWidth} y={top + plot - h} width={barWidth - 2} height={h} className={s.className}>
                    <title>{`${g.label} – ${s.label}: ${formatVnd(value)}`}</title>
                  </rect>
                );
              })}
              <text x={left + i * groupWidth + groupWidth / 2} y={height - 8} textAnchor="middle" className="tick">
                {g.label}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

/** Horizontal bars, one row per item, with its figures beside: reads well on a phone. */
export function BarList({
  rows,
  series,
}: {
  rows: { label: string; values: Record<string, number> }[];
  series: Series[];
}) {
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r.values[s.key] ?? 0)));
  return (
    <div className="barlist">
      <Legend series={series} />
      {rows.map((r) => (
        <div className="barrow" key={r.label}>
          <div className="barlabel">{r.label}</div>
          {series.map((s) => {
            const value = r.values[s.key] ?? 0;
            return (
              <div className="bartrack" key={s.key} title={`${s.label}: ${formatVnd(value)}`}>
                <span className={`bar ${s.className}`} style={{ width: `${(value / max) * 100}%` }} />
                <span className="barvalue">{formatShortVnd(value)}</span>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="legend">
      {series.map((s) => (
        <li key={s.key}>
          <span className={`swatch ${s.className}`} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
