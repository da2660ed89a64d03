/**
 * @module Publishes in flight on one confirm channel, up to a window, each settled by its own confirm. With `mandatory`
 * RabbitMQ returns an unroutable message before its confirm, and the return does not say which publish it was: it is
 * matched to the oldest publish in flight of the same exchange, routing key, message id and body (two such publishes
 * are the same message, so which of them stays makes no difference).
 */
import { createHash } from 'node:crypto';
import type { ConfirmChannel, Message, Options } from 'amqplib';

/** How many replayed messages may await their confirm at once: enough to keep a quorum queue's commits full. */
export const CONFIRM_WINDOW = 64;

interface Flight {
  fingerprint: string;
  returned: boolean;
  settled: Promise<void>;
}

const fingerprintOf = (exchange: string, routingKey: string, messageId: unknown, content: Buffer) =>
  `${exchange}\0${routingKey}\0${String(messageId ?? '')}\0${createHash('sha1').update(content).digest('base64')}`;

export class ConfirmWindow {
  private readonly flights: Flight[] = [];

  constructor(
    private readonly channel: ConfirmChannel,
    private readonly size = CONFIRM_WINDOW,
  ) {
    channel.on('return', (message: Message) => {
      const fingerprint = fingerprintOf(message.fields.exchange, message.fields.routingKey, message.properties.messageId, message.content);
      const flight = this.flights.find((candidate) => !candidate.returned && candidate.fingerprint === fingerprint);
      if (flight) flight.returned = true;
    });
  }

  get inFlight(): number {
    return this.flights.length;
  }

  /** Waits for room, then publishes; `settled(true)` once confirmed and routed, `settled(false)` when returned or refused. */
  async publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish, settled: (delivered: boolean) => void): Promise<void> {
    while (this.flights.length >= this.size) await Promise.race(this.flights.map((flight) => flight.settled));
    const flight: Flight = { fingerprint: fingerprintOf(exchange, routingKey, options.messageId, content), returned: false, settled: Promise.resolve() };
    flight.settled = new Promise<boolean>((resolve) => {
      // A message amqplib cannot write (a header it read but cannot encode) throws here: refused like a nack.
      try {
        this.channel.publish(exchange, routingKey, content, options, (error) => resolve(error == null));
      } catch {
        resolve(false);
      }
    }).then((acked) => {
      this.flights.splice(this.flights.indexOf(flight), 1);
      // What the caller does with the outcome is its own: a throw there must not leave a rejection unheard.
      try {
        settled(acked && !flight.returned);
      } catch {
        // ignored: see above
      }
    });
    this.flights.push(flight);
  }

  /** Waits until every publish in flight is settled. */
  async drain(): Promise<void> {
    while (this.flights.length > 0) await Promise.all(this.flights.map((flight) => flight.settled));
  }
}
