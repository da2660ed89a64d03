/**
 * @module The registry's once-a-second visit of active queues: a wheel of queues by the second they next have
 * something to close at (the open second, a 10 s or 1 min bucket), so a tick visits only the queues whose second or
 * bucket has ended, never the idle ones; and the queues that went idle, visited once more when their per-second
 * records have aged out of the ring, to drop them.
 */
import { RING_SECONDS, type QueueMetrics } from './queue-metrics';

export class CloseWheel {
  /** Queues with an open second or rollup bucket. */
  private readonly active = new Set<QueueMetrics>();
  /** Active queues by the second they have something to close at: a tick visits only the seconds that have come. */
  private readonly due = new Map<number, QueueMetrics[]>();
  /**
   * Queues that went idle, in the order they did, with the second their per-second records have all aged out of the
   * ring: each is visited once more then, to drop them (a FIFO, as every wait is the same).
   */
  private cooling: { at: number; metrics: QueueMetrics }[] = [];
  private coolingHead = 0;
  /** Queue-seconds closed by ticks so far (tests use it to show idle queues are not visited). */
  work = 0;

  get activeCount(): number {
    return this.active.size;
  }

  /** The queue opened a second: it is visited when that second (or the first bucket after it) ends. */
  activate(metrics: QueueMetrics): void {
    this.active.add(metrics);
    this.schedule(metrics, metrics.nextCloseSecond);
  }

  /** The queue is gone (its buckets closed already): visits due for it pass it by. */
  remove(metrics: QueueMetrics): void {
    this.active.delete(metrics);
  }

  /** At shutdown: closes every open bucket of every active queue (partial ones included). */
  closeAll(): void {
    for (const metrics of this.active) metrics.closeAll();
    this.active.clear();
  }

  /** Closes what ended by `second` in the queues due by then, and drops the per-second records that aged out. */
  advance(second: number): void {
    // The wheel holds about a minute of distinct seconds, whatever the number of queues.
    for (const [at, due] of this.due) {
      if (at > second) continue;
      this.due.delete(at);
      for (const metrics of due) {
        if (metrics.wakeSecond !== at) continue;
        metrics.wakeSecond = -1;
        if (!this.active.has(metrics)) continue;
        this.work++;
        metrics.advance(second);
        const next = metrics.nextCloseSecond;
        if (next >= 0) {
          this.schedule(metrics, next);
        } else {
          this.active.delete(metrics);
          metrics.release(second);
          this.cooling.push({ at: second + RING_SECONDS, metrics });
        }
      }
    }
    this.dropAgedRecords(second);
  }

  private schedule(metrics: QueueMetrics, second: number): void {
    if (metrics.wakeSecond === second) return;
    metrics.wakeSecond = second;
    const due = this.due.get(second);
    if (due) due.push(metrics);
    else this.due.set(second, [metrics]);
  }

  private dropAgedRecords(second: number): void {
    const cooling = this.cooling;
    while (this.coolingHead < cooling.length && cooling[this.coolingHead].at <= second) {
      const { metrics } = cooling[this.coolingHead++];
      this.work++;
      if (!this.active.has(metrics)) metrics.release(second);
    }
    if (this.coolingHead > 1024 && this.coolingHead * 2 > cooling.length) {
      this.cooling = cooling.slice(this.coolingHead);
      this.coolingHead = 0;
    }
  }
}
