/** @module The last hour of an attached cluster's nodes: memory used against its limit, one chart per node, and each node's running state as steps. */
'use client';

import { chartColors } from '@/components/charts/chart-colors';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import type { ClusterNodeHistory } from '@/lib/client/cluster-types';
import { historyNodeNames, memoryRows, runningKey, runningRows } from '@/lib/console/cluster-node-history';
import { formatBytes } from '@/lib/console/format-bytes';
import { formatTick } from '@/lib/console/queue-chart-rows';

const HOUR_MS = 3_600_000;
const palette = [chartColors.blue, chartColors.amber, chartColors.green, chartColors.violet, chartColors.teal, chartColors.red];
const tick = (t: number) => formatTick(t, HOUR_MS);

export function ClusterNodeCharts({ history }: { history: ClusterNodeHistory }) {
  const names = historyNodeNames(history);
  if (history.samples.length === 0 || names.length === 0) {
    return <p className="text-sm text-ink-muted">No samples yet: Switchboard samples the cluster every {Math.round(history.intervalMs / 1000)} s.</p>;
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TimeSeriesChart
        title="Nodes running"
        rows={runningRows(history, names)}
        formatTick={tick}
        formatValue={(value) => (value >= 1 ? 'running' : 'down')}
        integer
        yDomain={[0, 1]}
        series={names.map((name, i) => ({ key: runningKey(i), label: name, color: palette[i % palette.length]!, step: true }))}
      />
      {names.map((name) => (
        <TimeSeriesChart
          key={name}
          title={`Memory of ${name}`}
          rows={memoryRows(history, name)}
          formatTick={tick}
          formatValue={formatBytes}
          series={[
            { key: 'used', label: 'Used', color: chartColors.blue },
            { key: 'limit', label: 'Limit (high watermark)', color: chartColors.red },
          ]}
        />
      ))}
    </div>
  );
}
