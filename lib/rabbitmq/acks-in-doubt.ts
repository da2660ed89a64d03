/**
 * @module The messages a replay moved whose ack may not have reached the cluster. An AMQP ack has no answer: one
 * written just as the node closes the connection (a node stopping discards every frame after its own close) is lost
 * without an error, and the message comes back to the dead-letter queue, redelivered, although its copy is already
 * at the destination. The job must not count it twice: its budget (the messages counted at the start) would run out
 * with one of them still in the queue.
 *
 * Each pass remembers the messages it acked by a fingerprint of body and properties:
 *  - a pass that ends with a round trip on its channel proves them arrived (RabbitMQ handles a channel's frames in
 *    order), and they are forgotten;
 *  - a pass whose channel went away leaves them in doubt for the passes after it, until one matches a redelivered
 *    message or a pass reads the queue to its end.
 * A redelivered message that matches is moved again, since two messages can be byte for byte the same and dropping it
 * could lose one, but it is not counted again.
 */
import { createHash } from 'node:crypto';
import type { Message } from 'amqplib';

/** Most fingerprints kept in doubt, and by one pass: more acks than a pass can write while a connection goes down. */
export const ACKS_IN_DOUBT_LIMIT = 10_000;

/** The message's body and properties, less the count a quorum queue adds to each delivery after the first. */
export function fingerprintOfDelivery(message: Message): string {
  const { headers, ...properties } = message.properties;
  const { 'x-delivery-count': _deliveries, ...kept } = headers ?? {};
  return createHash('sha1').update(message.content).update(JSON.stringify({ ...properties, headers: kept })).digest('base64');
}

export class AcksInDoubt {
  private readonly doubted: FingerprintCounts;
  private readonly thisPass: FingerprintCounts;

  constructor(limit = ACKS_IN_DOUBT_LIMIT) {
    this.doubted = new FingerprintCounts(limit);
    this.thisPass = new FingerprintCounts(limit);
  }

  recordAck(fingerprint: string): void {
    this.thisPass.add(fingerprint);
  }

  /** True once per doubted ack of `fingerprint`: the redelivered message was already moved. */
  takeMatch(fingerprint: string): boolean {
    return this.doubted.take(fingerprint);
  }

  /** A matched message that could not be moved again is back in the queue, still moved once. */
  giveBackMatch(fingerprint: string): void {
    this.doubted.add(fingerprint);
  }

  /** The pass's channel answered after its last ack: every ack of the pass arrived. */
  passProven(): void {
    this.thisPass.clear();
  }

  /** The pass's channel went away: any of its acks may have been lost with it. */
  passBroken(): void {
    for (const fingerprint of this.thisPass.each()) this.doubted.add(fingerprint);
    this.thisPass.clear();
  }

  /** A pass read the queue to its end: whatever it did not meet again had its ack arrive. */
  queueDrained(): void {
    this.doubted.clear();
  }
}

/** A bounded multiset of fingerprints; past its limit it forgets the fingerprint recorded first. */
export class FingerprintCounts {
  /** Fingerprint → how many times, the first recorded first (a Map keeps insertion order). */
  private readonly counts = new Map<string, number>();
  private size = 0;

  constructor(private readonly limit: number) {}

  add(fingerprint: string): void {
    this.counts.set(fingerprint, (this.counts.get(fingerprint) ?? 0) + 1);
    this.size += 1;
    if (this.size > this.limit) this.take(this.counts.keys().next().value!);
  }

  /** Removes one of `fingerprint`; false when there is none. */
  take(fingerprint: string): boolean {
    const count = this.counts.get(fingerprint);
    if (count === undefined) return false;
    if (count === 1) this.counts.delete(fingerprint);
    else this.counts.set(fingerprint, count - 1);
    this.size -= 1;
    return true;
  }

  *each(): Iterable<string> {
    for (const [fingerprint, count] of this.counts) for (let i = 0; i < count; i += 1) yield fingerprint;
  }

  clear(): void {
    this.counts.clear();
    this.size = 0;
  }
}
