/** @module A counter with per-second buckets, so rates over the last few seconds cost O(window) to read and O(1) to bump. */

export class RateCounter {
  private readonly counts: Float64Array;
  private readonly seconds: Float64Array;
  total = 0;

  /** `buckets` bounds the longest window `rate` can read. */
  constructor(private readonly buckets = 64) {
    this.counts = new Float64Array(buckets);
    this.seconds = new Float64Array(buckets).fill(-1);
  }

  add(nowMs: number, n = 1): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % this.buckets;
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
      const slot = ((second % this.buckets) + this.buckets) % this.buckets;
      if (this.seconds[slot] === second) sum += this.counts[slot];
    }
    return sum / windowSeconds;
  }
}
