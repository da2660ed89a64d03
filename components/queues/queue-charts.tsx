/**
 * @module The queue page's charts — depth, rates, latency, consumer lag, oldest age — over the chosen window; a chart
 * of what the broker does not measure is replaced by the reason.
 */
'use client';

import { chartColors } from '@/components/charts/chart-colors';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { RefusalNote } from '@/components/ui/gated-button';
import type { QueueMetrics } from '@/lib/client/types';
import type { BrokerAbilities } from '@/lib/console/broker-abilities';
import { formatRate } from '@/lib/console/format-rate';
import { formatTick, queueChartRows } from '@/lib/console/queue-chart-rows';
import { formatCount } from './format-count';
import { formatDuration } from './format-duration';

export function QueueCharts({ metrics, abilities }: { metrics: QueueMetrics; abilities: BrokerAbilities }) {
  const latency = abilities.capability('latencyPercentiles');
  const oldest = abilities.capability('oldestReadyAge');
  const rows = queueChartRows(metrics);
  const tick = (t: number) => formatTick(t, metrics.windowMs);
  const count = (v: number) => formatCount(Math.round(v));
  const ms = (v: number) => formatDuration(v);
  const s = (v: number) => formatDuration(v * 1000);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TimeSeriesChart
        title="Depth"
        rows={rows}
        formatTick={tick}
        formatValue={count}
        integer
        series={[
          { key: 'ready', label: 'Ready', color: chartColors.blue },
          { key: 'unacked', label: 'Unacked', color: chartColors.amber },
        ]}
      />
      <TimeSeriesChart
        title="Rates (per second)"
        rows={rows}
        formatTick={tick}
        formatValue={formatRate}
        series={[
          { key: 'publish', label: 'Publish', color: chartColors.blue },
          { key: 'deliver', label: 'Deliver', color: chartColors.violet },
          { key: 'ack', label: 'Ack', color: chartColors.green },
          { key: 'redeliver', label: 'Redeliver', color: chartColors.red },
        ]}
      />
      {latency.allowed ? (
        <TimeSeriesChart
          title="Latency, publish to ack"
          rows={rows}
          formatTick={tick}
          formatValue={ms}
          series={[
            { key: 'p50', label: 'p50', color: chartColors.green },
            { key: 'p95', label: 'p95', color: chartColors.amber },
            { key: 'p99', label: 'p99', color: chartColors.red },
          ]}
        />
      ) : (
        <RefusalNote decision={latency} className="self-start" />
      )}
      <TimeSeriesChart
        title="Consumer lag"
        rows={rows}
        formatTick={tick}
        formatValue={count}
        integer
        series={[{ key: 'backlog', label: 'Backlog (ready)', color: chartColors.blue }]}
      />
      <TimeSeriesChart
        title="Oldest message and time to drain"
        rows={rows}
        formatTick={tick}
        formatValue={s}
        series={[
          // Without the broker measuring it, the oldest age would be an empty line: time to drain stays.
          ...(oldest.allowed ? [{ key: 'oldestAgeS' as const, label: 'Oldest ready age', color: chartColors.amber }] : []),
          { key: 'drainS' as const, label: 'Time to drain', color: chartColors.teal },
        ]}
      />
    </div>
  );
}
