/**
 * @module Flow control of one connection's publishes: the bytes it published that the store has not yet made
 * durable; over the bound its socket stops being read until a commit brings them back under, so a publisher
 * faster than the disk is slowed at TCP, not buffered in the server (RabbitMQ's credit flow does the same job).
 */
import type { ReadGate } from './read-gate';

export class PublishFlow {
  private unstored = 0;
  /** Bytes published since the last commit was asked for. */
  private batch = 0;
  private scheduled = false;

  constructor(
    private readonly limitBytes: number,
    private readonly gate: ReadGate,
    private readonly committed: () => Promise<void>,
  ) {}

  get bytes(): number {
    return this.unstored;
  }

  /** A publish of `bytes` was routed; it counts until the commit that covers it is done. */
  published(bytes: number): void {
    this.unstored += bytes;
    this.batch += bytes;
    if (this.unstored > this.limitBytes) this.gate.hold('flow');
    if (this.scheduled) return;
    this.scheduled = true;
    // At the end of the turn, as the confirms: one commit covers every publish read from this chunk.
    process.nextTick(() => {
      this.scheduled = false;
      const covered = this.batch;
      this.batch = 0;
      const done = () => {
        this.unstored -= covered;
        if (this.unstored <= this.limitBytes) this.gate.release('flow');
      };
      let commit: Promise<void>;
      try {
        commit = this.committed();
      } catch {
        return done();
      }
      commit.then(done, done);
    });
  }
}
