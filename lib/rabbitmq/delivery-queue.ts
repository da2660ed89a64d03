/**
 * @module The deliveries of one AMQP consumer, taken one at a time: `next` answers the oldest delivery not taken yet,
 * `null` once the cluster cancelled the consumer (its queue was deleted), or `'quiet'` when none came for a while.
 */
import type { ConsumeMessage } from 'amqplib';

export class DeliveryQueue {
  private readonly waiting: (ConsumeMessage | null)[] = [];
  private taker: ((delivery: ConsumeMessage | null) => void) | undefined;

  /** amqplib's consumer callback. */
  readonly push = (delivery: ConsumeMessage | null): void => {
    const taker = this.taker;
    this.taker = undefined;
    if (taker) taker(delivery);
    else this.waiting.push(delivery);
  };

  next(quietMs: number): Promise<ConsumeMessage | null | 'quiet'> {
    if (this.waiting.length > 0) return Promise.resolve(this.waiting.shift()!);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.taker = undefined;
        resolve('quiet');
      }, quietMs);
      this.taker = (delivery) => {
        clearTimeout(timer);
        resolve(delivery);
      };
    });
  }
}
