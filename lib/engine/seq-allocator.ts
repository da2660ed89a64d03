/**
 * @module The message sequence: seqs are the stored messages' primary key, unique across every vhost of a
 * database, so the brokers sharing one store share one allocator.
 */

export class SeqAllocator {
  private nextSeq = 1;

  /** The seq of the next stored copy. */
  next(): number {
    return this.nextSeq++;
  }

  /** The last seq handed out (0 when none). */
  get last(): number {
    return this.nextSeq - 1;
  }

  /** Makes every later seq larger than `seq` (a store's recovered maximum); never goes back. */
  advancePast(seq: number): void {
    if (seq >= this.nextSeq) this.nextSeq = seq + 1;
  }
}
