/**
 * @module How often the queue sampler reads one cluster: every interval (5 s), or less often when a sample takes
 * long, so that Switchboard's sampling keeps a cluster's management API busy at most a quarter of the time. (With
 * 10,000 queues a sample is 20 pages of 500 queues; read every 5 s, it made RabbitMQ's own queue page about three
 * times slower.) A failed sample counts too, so a cluster that times out is asked less often.
 */
import { performance } from 'node:perf_hooks';

/** A sample may take at most 1/SAMPLE_LOAD_FACTOR of the time between two samples. */
export const SAMPLE_LOAD_FACTOR = 4;

export class SamplePacing {
  private readonly runs = new Map<string, { startedAt: number; tookMs: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The time between two samples of the cluster now: the interval, or a whole number of them. */
  spacingMs(clusterId: string): number {
    const run = this.runs.get(clusterId);
    if (!run) return this.intervalMs;
    return Math.max(1, Math.ceil((SAMPLE_LOAD_FACTOR * run.tookMs) / this.intervalMs)) * this.intervalMs;
  }

  /** Whether a tick of the interval timer samples the cluster. */
  due(clusterId: string): boolean {
    const run = this.runs.get(clusterId);
    // Half an interval of slack: a tick a few milliseconds early must not wait a whole interval more.
    return !run || this.clock() - run.startedAt >= this.spacingMs(clusterId) - this.intervalMs / 2;
  }

  /** A sample begins; the function returned is called when it ends, well or not. */
  begin(clusterId: string): () => void {
    const startedAt = this.clock();
    return () => this.runs.set(clusterId, { startedAt, tookMs: this.clock() - startedAt });
  }

  forget(clusterId: string): void {
    this.runs.delete(clusterId);
  }
}
