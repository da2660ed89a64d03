/**
 * @module A counter with per-second buckets, so rates over the last few seconds cost O(window) to read and O(1) to
 * bump. The buckets are allocated at the first event: every queue and consumer has counters, most never count.
 */

export class RateCounter {
  /** Per slot: the second it holds, then its count (one array, allocated at the first `add`). */
  private slots: Float64Array | undefined;
  total = 0;

  /** `buckets` bounds the longest window `rate` can read. */
  constructor(private readonly buckets = 64) {}

  add(nowMs: number, n = 1): void {
    const second = Math.floor(nowMs / 1000);
    const slot = (second % this.buckets) * 2;
    const slots = (this.slots ??= new Float64Array(this.buckets * 2).fill(-1));
    if (slots[slot] !== second) {
      slots[slot] = second;
      slots[slot + 1] = 0;
    }
    slots[slot + 1] += n;
    this.total += n;
  }

  /** Events per second over the last `windowSeconds` whole seconds before the current one. */
  rate(nowMs: number, windowSeconds = 5): number {
    const slots = this.slots;
    if (!slots) return 0;
    const current = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let second = current - windowSeconds; second < current; second++) {
      const slot = (((second % this.buckets) + this.buckets) % this.buckets) * 2;
      if (slots[slot] === second) sum += slots[slot + 1];
    }
    return sum / windowSeconds;
  }
}
