/**
 * @module The messages a replay moved whose ack may not have reached the cluster. An AMQP ack has no answer: one
 * written just as the node closes the connection (a node stopping discards every frame after its own close) is lost
 * without an error, and the message comes back to the dead-letter queue, redelivered, although its copy is already
 * at the destination. The job must not count it twice: its budget (the messages counted at the start) would run out
 * with one of them still in the queue.
 *
 * The pass remembers each message it acked by a fingerprint of its body and properties, until a pass ends with its
 * channel alive (RabbitMQ handles a channel's frames in order, so the pass's last round trip proves every earlier ack
 * arrived). A redelivered message that matches one is moved again, since two messages can be byte for byte the same
 * and dropping it could lose one, but it is not counted again.
 */
import { createHash } from 'node:crypto';
import type { Message } from 'amqplib';

/** Most fingerprints kept: more acks than a pass can write while a connection goes down. */
export const ACKS_IN_DOUBT_LIMIT = 10_000;

/** The message's body and properties, less the count a quorum queue adds to each delivery after the first. */
export function fingerprintOfDelivery(message: Message): string {
  const { headers, ...properties } = message.properties;
  const { 'x-delivery-count': _deliveries, ...kept } = headers ?? {};
  return createHash('sha1').update(message.content).update(JSON.stringify({ ...properties, headers: kept })).digest('base64');
}

export class AcksInDoubt {
  /** Fingerprint → how many acked messages had it, the first recorded first (a Map keeps insertion order). */
  private readonly acked = new Map<string, number>();
  private size = 0;

  constructor(private readonly limit = ACKS_IN_DOUBT_LIMIT) {}

  recordAck(fingerprint: string): void {
    this.acked.set(fingerprint, (this.acked.get(fingerprint) ?? 0) + 1);
    this.size += 1;
    if (this.size > this.limit) this.forget(this.acked.keys().next().value!);
  }

  /** True once per recorded ack of `fingerprint`: the redelivered message was already moved. */
  takeMatch(fingerprint: string): boolean {
    if (!this.acked.has(fingerprint)) return false;
    this.forget(fingerprint);
    return true;
  }

  /** Every ack so far is known to have arrived. */
  clear(): void {
    this.acked.clear();
    this.size = 0;
  }

  private forget(fingerprint: string): void {
    const count = this.acked.get(fingerprint) ?? 0;
    if (count <= 1) this.acked.delete(fingerprint);
    else this.acked.set(fingerprint, count - 1);
    this.size -= Math.min(count, 1);
  }
}
