/**
 * @module Runs the demo shop over the broker facade: a producer of order events at a few per second and consumers of
 * each queue at their own pace, some failing, so rates, depth, redeliveries and dead letters all move.
 */
import { randomUUID } from 'node:crypto';
import type { Broker } from '../engine/broker';
import type { Delivery } from '../engine/types';
import { FULFILMENT_QUEUE, ORDERS_EXCHANGE, shopTopology, type OrderEvent } from './shop-topology';

/** Runs `run` after `ms`; the answer cancels it. The same shape the broker takes, so tests can drive both with fake time. */
export type SetTimer = (run: () => void, ms: number) => () => void;

export interface DemoWorker {
  queue: string;
  prefetch: number;
  /** Mean time one message takes; each takes between half and one and a half times this. */
  workMs: number;
  /** Share of messages rejected without requeue (dead-lettered). */
  rejectRate?: number;
  /** Share of messages nacked back to the queue (redelivered). */
  retryRate?: number;
}

export const DEMO_WORKERS: readonly DemoWorker[] = [
  { queue: 'inventory', prefetch: 10, workMs: 150 },
  { queue: 'billing', prefetch: 4, workMs: 400 },
  { queue: 'notifications', prefetch: 1, workMs: 2500 },
  { queue: 'analytics', prefetch: 50, workMs: 80 },
  { queue: FULFILMENT_QUEUE, prefetch: 2, workMs: 700, rejectRate: 0.1, retryRate: 0.05 },
];

export interface DemoRunnerOptions {
  broker: Broker;
  setTimer?: SetTimer;
  /** In [0, 1); injectable so tests can be exact. */
  random?: () => number;
  /** Mean time between two published order events (default 200 ms: about five a second). */
  publishIntervalMs?: number;
  workers?: readonly DemoWorker[];
  /** A publish, ack or nack that failed (storage unavailable, a queue deleted under the demo); the demo carries on. */
  onError?: (error: unknown) => void;
}

type OrderState = 'created' | 'paid' | 'shipped';

interface OpenOrder {
  id: string;
  customerId: string;
  state: OrderState;
  total: number;
  items: { sku: string; quantity: number }[];
}

const SKUS = ['mug-blue', 'tee-m', 'tee-l', 'poster-a2', 'sticker-pack', 'hoodie-xl', 'notebook'];
const MAX_OPEN_ORDERS = 40;

export const defaultSetTimer: SetTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};

export class DemoRunner {
  private readonly broker: Broker;
  private readonly setTimer: SetTimer;
  private readonly random: () => number;
  private readonly publishIntervalMs: number;
  private readonly workers: readonly DemoWorker[];
  private readonly onError: (error: unknown) => void;
  private readonly timers = new Set<() => void>();
  private readonly subscriptions = new Map<string, () => void>();
  private readonly openOrders: OpenOrder[] = [];
  private starting: Promise<void> | undefined;
  private active = false;
  /** Bumped by stop(), so a start still declaring the topology does not go on to run. */
  private generation = 0;
  private orderNumber = 1000;

  constructor(options: DemoRunnerOptions) {
    this.broker = options.broker;
    this.setTimer = options.setTimer ?? defaultSetTimer;
    this.random = options.random ?? Math.random;
    this.publishIntervalMs = options.publishIntervalMs ?? 200;
    this.workers = options.workers ?? DEMO_WORKERS;
    this.onError = options.onError ?? (() => undefined);
  }

  get running(): boolean {
    return this.active;
  }

  /** Timers waiting to fire (the producer and messages being worked on); 0 once stopped. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Declares the topology and starts producing and consuming; does nothing when already running. */
  start(): Promise<void> {
    if (this.active) return Promise.resolve();
    this.starting ??= this.begin().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Cancels the producer, every consumer (their unacked messages go back to ready) and every timer; the topology stays. */
  stop(): void {
    this.generation++;
    this.active = false;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    for (const cancel of this.subscriptions.values()) cancel();
    this.subscriptions.clear();
  }

  private async begin(): Promise<void> {
    const generation = this.generation;
    await shopTopology(this.broker);
    if (generation !== this.generation) return;
    for (const worker of this.workers) this.subscribe(worker);
    this.active = true;
    this.scheduleProduce();
  }

  private schedule(run: () => void, ms: number): void {
    const cancel = this.setTimer(() => {
      this.timers.delete(cancel);
      run();
    }, Math.max(1, Math.round(ms)));
    this.timers.add(cancel);
  }

  /** Between half and one and a half times `meanMs`. */
  private jitter(meanMs: number): number {
    return meanMs * (0.5 + this.random());
  }

  // ---- producing ---------------------------------------------------------------------------

  private scheduleProduce(): void {
    this.schedule(() => {
      this.produce();
      if (this.active) this.scheduleProduce();
    }, this.jitter(this.publishIntervalMs));
  }

  private produce(): void {
    const { order, event } = this.nextEvent();
    const now = this.broker.clock.now();
    const payload = {
      orderId: order.id,
      event: event.slice('orders.'.length),
      customerId: order.customerId,
      items: order.items,
      total: order.total,
      currency: 'EUR',
      at: new Date(now).toISOString(),
    };
    this.broker
      .publish({
        exchange: ORDERS_EXCHANGE,
        routingKey: event,
        payload: Buffer.from(JSON.stringify(payload)),
        properties: {
          messageId: randomUUID(),
          correlationId: order.id,
          contentType: 'application/json',
          type: event,
          appId: 'switchboard-demo',
          timestamp: now,
          headers: { 'x-order-id': order.id, 'x-customer-id': order.customerId, 'x-source': 'demo-shop' },
        },
      })
      .catch(this.onError);
  }

  /** Opens a new order or moves an open one along: created → paid → shipped → delivered, or created → cancelled. */
  private nextEvent(): { order: OpenOrder; event: OrderEvent } {
    if (this.openOrders.length < 3 || (this.openOrders.length < MAX_OPEN_ORDERS && this.random() < 0.35)) {
      const order = this.newOrder();
      this.openOrders.push(order);
      return { order, event: 'orders.created' };
    }
    const index = Math.floor(this.random() * this.openOrders.length);
    const order = this.openOrders[index];
    if (order.state === 'created') {
      if (this.random() < 0.1) {
        this.openOrders.splice(index, 1);
        return { order, event: 'orders.cancelled' };
      }
      order.state = 'paid';
      return { order, event: 'orders.paid' };
    }
    if (order.state === 'paid') {
      order.state = 'shipped';
      return { order, event: 'orders.shipped' };
    }
    this.openOrders.splice(index, 1);
    return { order, event: 'orders.delivered' };
  }

  private newOrder(): OpenOrder {
    const count = 1 + Math.floor(this.random() * 3);
    const items = Array.from({ length: count }, () => ({
      sku: SKUS[Math.floor(this.random() * SKUS.length)],
      quantity: 1 + Math.floor(this.random() * 2),
    }));
    return {
      id: `ord-${++this.orderNumber}`,
      customerId: `cust-${100 + Math.floor(this.random() * 900)}`,
      state: 'created',
      total: Math.round(items.reduce((sum, item) => sum + item.quantity * (8 + this.random() * 40), 0) * 100) / 100,
      items,
    };
  }

  // ---- consuming ---------------------------------------------------------------------------

  private subscribe(worker: DemoWorker): void {
    const subscription = this.broker.subscribe(worker.queue, {
      prefetch: worker.prefetch,
      onDelivery: (delivery) => this.schedule(() => this.settle(worker, delivery), this.jitter(worker.workMs)),
      // The queue was deleted under the demo: that worker is done, the rest go on.
      onEnd: () => this.subscriptions.delete(worker.queue),
    });
    this.subscriptions.set(worker.queue, subscription.cancel);
  }

  private settle(worker: DemoWorker, delivery: Delivery): void {
    const roll = this.random();
    const tags = [delivery.deliveryTag];
    let settled: Promise<number>;
    if (roll < (worker.rejectRate ?? 0)) settled = this.broker.nack(worker.queue, tags, false);
    else if (roll < (worker.rejectRate ?? 0) + (worker.retryRate ?? 0)) settled = this.broker.nack(worker.queue, tags, true);
    else settled = this.broker.ack(worker.queue, tags);
    settled.catch(this.onError);
  }
}
