/**
 * @module Publisher confirms of one channel (confirm.select): each publish gets the next sequence number, and its
 * ack (or nack) goes out in order once everything published by the end of that turn is durable, runs of acks
 * coalesced into one `multiple` ack.
 */
import type { ChannelHost } from './channel-host';
import { encodeBasicAck, encodeBasicNack } from './codec';

export class PublisherConfirms {
  active = false;
  private seq = 0;
  /** Outcomes (true = ack) of publishes not yet confirmed, the first being seq `confirmedUpTo + 1`. */
  private outcomes: boolean[] = [];
  private confirmedUpTo = 0;
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly channel: number,
    private readonly host: ChannelHost,
  ) {}

  get unconfirmed(): number {
    return this.outcomes.length;
  }

  /** Records the outcome of the next publish (in confirm mode only). */
  record(ok: boolean): void {
    if (!this.active || this.stopped) return;
    this.seq++;
    this.outcomes.push(ok);
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(() => {
      this.scheduled = false;
      // committed() covers what was written before it is called: every publish up to this seq.
      const upTo = this.seq;
      this.host.broker.committed().then(
        () => this.send(upTo, true),
        () => this.send(upTo, false),
      );
    });
  }

  /** The channel closed: nothing more is confirmed. */
  stop(): void {
    this.stopped = true;
    this.outcomes = [];
  }

  private send(upTo: number, durable: boolean): void {
    const count = upTo - this.confirmedUpTo;
    if (this.stopped || count <= 0) return;
    const outcomes = this.outcomes.splice(0, count);
    const base = this.confirmedUpTo;
    this.confirmedUpTo = upTo;
    let runStart = -1;
    const flushAcks = (end: number) => {
      if (runStart < 0) return;
      this.host.send(encodeBasicAck(this.channel, base + end, end - runStart > 1));
      runStart = -1;
    };
    for (let i = 0; i < outcomes.length; i++) {
      if (outcomes[i] && durable) {
        if (runStart < 0) runStart = i;
      } else {
        flushAcks(i);
        this.host.send(encodeBasicNack(this.channel, base + i + 1, false, false));
      }
    }
    flushAcks(outcomes.length);
  }
}
