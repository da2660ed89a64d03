/** @module The message-flow counters every queue (and the broker as a whole) keeps, with their rates. */
import type { RateSet } from '../types';
import { RateCounter } from './rate-counter';

export type FlowEvent = keyof RateSet;

export class FlowMetrics {
  readonly publish = new RateCounter();
  readonly deliver = new RateCounter();
  readonly ack = new RateCounter();
  readonly redeliver = new RateCounter();
  readonly deadLetter = new RateCounter();

  constructor(private readonly parent?: FlowMetrics) {}

  count(event: FlowEvent, nowMs: number, n = 1): void {
    this[event].add(nowMs, n);
    this.parent?.count(event, nowMs, n);
  }

  rates(nowMs: number): RateSet {
    return {
      publish: this.publish.rate(nowMs),
      deliver: this.deliver.rate(nowMs),
      ack: this.ack.rate(nowMs),
      redeliver: this.redeliver.rate(nowMs),
      deadLetter: this.deadLetter.rate(nowMs),
    };
  }
}
