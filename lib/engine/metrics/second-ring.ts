/**
 * @module A queue's per-second points, kept only for the seconds that had events: a queue that saw one publish holds
 * one record, a queue busy for 15 minutes holds 900. Seconds between records are implicit (no counts, gauges carried
 * from the record before), so a quiet queue costs bytes, not a 15-minute array. Records sit in a circular buffer that
 * grows by doubling (up to `maxRecords`) and shrinks when trimmed.
 */

/** Fields of a record, each a uint32: the second (epoch seconds), five counts, then three gauges at the second's end. */
export const SECOND = 0;
export const PUB = 1;
export const DEL = 2;
export const ACK = 3;
export const REDEL = 4;
export const DLX = 5;
export const READY = 6;
export const UNACKED = 7;
export const AGE = 8;
const STRIDE = 9;
/** Per record: publish → ack p50/p95/p99 as latency cells + 1 (0 = nothing acked). */
const PERCENTILES = 3;
const INITIAL_CAPACITY = 2;

export class SecondRing {
  /** Record fields; a record's offset is `slot * STRIDE`. */
  fields = new Uint32Array(INITIAL_CAPACITY * STRIDE);
  percentiles = new Uint16Array(INITIAL_CAPACITY * PERCENTILES);
  private capacity = INITIAL_CAPACITY;
  /** Slot of the oldest record. */
  private head = 0;
  /** Records held. */
  size = 0;

  constructor(private readonly maxRecords: number) {}

  /** Slot of the i-th record, oldest first. */
  slot(i: number): number {
    return (this.head + i) % this.capacity;
  }

  /** Slot of the newest record (-1 when empty). */
  newestSlot(): number {
    return this.size === 0 ? -1 : this.slot(this.size - 1);
  }

  secondAt(slot: number): number {
    return this.fields[slot * STRIDE + SECOND];
  }

  /** Appends a zeroed record for `second` (newer than every record held); returns its slot. Drops the oldest when full. */
  append(second: number): number {
    if (this.size === this.capacity) {
      if (this.capacity < this.maxRecords) this.resize(Math.min(this.maxRecords, this.capacity * 2));
      else {
        this.head = (this.head + 1) % this.capacity;
        this.size--;
      }
    }
    const slot = this.slot(this.size++);
    this.clear(slot);
    this.fields[slot * STRIDE + SECOND] = second;
    return slot;
  }

  /** Zeroes a record's counts, gauges and percentiles (its second stays). */
  clear(slot: number): void {
    this.fields.fill(0, slot * STRIDE + 1, slot * STRIDE + STRIDE);
    this.percentiles.fill(0, slot * PERCENTILES, slot * PERCENTILES + PERCENTILES);
  }

  /**
   * Forgets records no reader needs for seconds from `oldestKept` on: all but the newest one before it (that one
   * carries its gauges into the quiet seconds after it). Shrinks the buffer when it is mostly empty.
   */
  trim(oldestKept: number): void {
    while (this.size > 1 && this.secondAt(this.slot(1)) <= oldestKept) {
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    if (this.capacity > INITIAL_CAPACITY && this.size * 4 <= this.capacity) this.resize(Math.max(INITIAL_CAPACITY, this.size * 2));
  }

  /** The slot of the newest record with second ≤ `second`, searching from record index `from` (-1 when none). */
  findAtOrBefore(second: number, from = 0): { index: number; slot: number } {
    let lo = from;
    let hi = this.size - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.secondAt(this.slot(mid)) <= second) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return { index: found, slot: found < 0 ? -1 : this.slot(found) };
  }

  get byteLength(): number {
    return this.fields.byteLength + this.percentiles.byteLength;
  }

  private resize(capacity: number): void {
    const fields = new Uint32Array(capacity * STRIDE);
    const percentiles = new Uint16Array(capacity * PERCENTILES);
    for (let i = 0; i < this.size; i++) {
      const from = this.slot(i);
      fields.set(this.fields.subarray(from * STRIDE, from * STRIDE + STRIDE), i * STRIDE);
      percentiles.set(this.percentiles.subarray(from * PERCENTILES, from * PERCENTILES + PERCENTILES), i * PERCENTILES);
    }
    this.fields = fields;
    this.percentiles = percentiles;
    this.capacity = capacity;
    this.head = 0;
  }
}

export const RECORD_STRIDE = STRIDE;
export const RECORD_PERCENTILES = PERCENTILES;
