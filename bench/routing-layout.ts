/**
 * @module How long the routing page takes to turn a topology into positions: graph building plus dagre layout for
 * 500 nodes (100 exchanges, 400 queues) and 800 bindings, median of several runs, in-process (no browser).
 */
import { buildRoutingGraph } from '../lib/console/routing-graph';
import { layoutInput, layoutRoutingGraph } from '../lib/console/routing-layout';
import { sampleTopology } from '../lib/console/sample-topology';
import { median } from './stats';

export function routingLayout(exchanges = 100, queues = 400, bindings = 800, runs = 7) {
  const topology = sampleTopology(exchanges, queues, bindings);
  const buildMs: number[] = [];
  const layoutMs: number[] = [];
  let edges = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const graph = buildRoutingGraph(topology);
    const built = performance.now();
    layoutRoutingGraph(layoutInput(graph));
    buildMs.push(built - started);
    layoutMs.push(performance.now() - built);
    edges = graph.edges.length;
  }
  const round = (values: number[]) => values.map((v) => Number(v.toFixed(1)));
  return {
    unit: 'ms',
    nodes: exchanges + queues,
    edges,
    runs,
    buildMedianMs: Number(median(buildMs).toFixed(1)),
    layoutMedianMs: Number(median(layoutMs).toFixed(1)),
    totalMedianMs: Number(median(buildMs.map((b, i) => b + layoutMs[i])).toFixed(1)),
    layoutRunsMs: round(layoutMs),
  };
}
