/** @module A counter with per-second buckets, so rates over the last few seconds cost O(window) to read and O(1) to bump. */

const BUCKETS = 64;

export class RateCounter {
  private readonly counts = new Float64Array(BUCKETS);
  private readonly seconds = new Float64Array(BUCKETS).fill(-1);
  total = 0;

  add(nowMs: number, n = 1): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % BUCKETS;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] += n;
    this.total += n;
  }

  /** Events per second over the last `windowSeconds` whole seconds before the current one. */
  rate(nowMs: number, windowSeconds = 5): number {
    const current = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let second = current - windowSeconds; second < current; second++) {
      const slot = ((second % BUCKETS) + BUCKETS) % BUCKETS;
      if (this.seconds[slot] === second) sum += this.counts[slot];
    }
    return sum / windowSeconds;
  }
}
