/** @module A Recharts line chart of rows already shaped by a pure function: it only plots, it computes nothing. */
'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartSeries<K extends string> {
  key: K;
  label: string;
  color: string;
  /** Drawn as steps (a state that holds until the next point, such as running or down), not as a curve. */
  step?: boolean;
}

export interface TimeSeriesChartProps<K extends string> {
  title: string;
  rows: ReadonlyArray<{ t: number } & Partial<Record<K, number | null>>>;
  series: ChartSeries<K>[];
  formatTick: (t: number) => string;
  formatValue: (value: number) => string;
  /** Whole-number axis (counts), so ticks never repeat after rounding. */
  integer?: boolean;
  /** A fixed value axis (0 to 1 for down or running); left out, it fits the data. */
  yDomain?: [number, number];
}

export function TimeSeriesChart<K extends string>({ title, rows, series, formatTick, formatValue, integer = false, yDomain }: TimeSeriesChartProps<K>) {
  return (
    // The first and last points' times, for tests and tools to see how far back and how recent the chart is.
    <figure
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-3 shadow-sm"
      data-earliest-t={rows[0]?.t}
      data-latest-t={rows[rows.length - 1]?.t}
      data-points={rows.length}
    >
      <figcaption className="text-sm font-semibold text-ink">{title}</figcaption>
      <div className="h-52 text-ink-muted" role="img" aria-label={`${title} chart`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...rows]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={formatTick}
              tick={{ fill: 'currentColor', fontSize: 11 }}
              stroke="currentColor"
              minTickGap={40}
            />
            <YAxis allowDecimals={!integer} {...(yDomain ? { domain: yDomain } : {})} tickFormatter={formatValue} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" width={56} />
            <Tooltip
              labelFormatter={(t) => formatTick(Number(t))}
              formatter={(value) => (typeof value === 'number' ? formatValue(value) : '—')}
              contentStyle={{ background: 'var(--color-surface)', border: '1px solid var(--color-line)', color: 'var(--color-ink)' }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                dot={false}
                strokeWidth={1.75}
                isAnimationActive={false}
                connectNulls={false}
                type={s.step ? 'stepAfter' : 'monotone'}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
