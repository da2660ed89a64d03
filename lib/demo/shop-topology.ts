/** @module The demo's shop topology: an `orders` topic exchange, the queues it feeds, and a work queue with a dead-letter queue. */
import type { Broker } from '../engine/broker';
import type { QueueDeclaration } from '../engine/broker-types';

export const ORDERS_EXCHANGE = 'orders';
export const FULFILMENT_QUEUE = 'order-fulfilment';
export const FULFILMENT_DLQ = 'order-fulfilment.dlq';

/** Order events the demo publishes, as routing keys on the `orders` exchange. */
export const ORDER_EVENTS = ['orders.created', 'orders.paid', 'orders.shipped', 'orders.delivered', 'orders.cancelled'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export interface DemoQueue {
  name: string;
  declaration: QueueDeclaration;
  /** Binding keys on the `orders` exchange; none for the dead-letter queue (reached through the default exchange). */
  bindingKeys: string[];
  description: string;
}

export const SHOP_QUEUES: readonly DemoQueue[] = [
  { name: 'inventory', declaration: {}, bindingKeys: ['orders.#'], description: 'every order event; stock is reserved and released' },
  { name: 'billing', declaration: {}, bindingKeys: ['orders.created', 'orders.paid'], description: 'invoices and payments' },
  {
    name: 'notifications',
    // A slow mailer: the backlog grows and messages older than 30 s expire.
    declaration: { arguments: { messageTtlMs: 30_000 } },
    bindingKeys: ['orders.shipped', 'orders.delivered', 'orders.cancelled'],
    description: 'customer e-mails; slow, so messages pile up and expire after 30 s',
  },
  {
    name: 'analytics',
    declaration: { arguments: { maxLength: 10_000 } },
    bindingKeys: ['#'],
    description: 'everything on the exchange, consumed in bulk',
  },
  {
    name: FULFILMENT_QUEUE,
    declaration: { arguments: { deadLetterExchange: '', deadLetterRoutingKey: FULFILMENT_DLQ } },
    bindingKeys: ['orders.paid'],
    description: `a work queue; about 1 in 10 orders is rejected to ${FULFILMENT_DLQ}`,
  },
  { name: FULFILMENT_DLQ, declaration: {}, bindingKeys: [], description: 'dead letters of the fulfilment workers' },
];

export const SHOP_QUEUE_NAMES: readonly string[] = SHOP_QUEUES.map((q) => q.name);

/**
 * Declares the shop topology. Idempotent: declaring it again changes nothing; a queue or exchange of the same name
 * with other settings fails with the broker's `precondition_failed`.
 */
export async function shopTopology(broker: Broker): Promise<void> {
  await broker.declareExchange(ORDERS_EXCHANGE, { type: 'topic' });
  for (const queue of SHOP_QUEUES) {
    await broker.declareQueue(queue.name, queue.declaration);
    for (const routingKey of queue.bindingKeys) {
      await broker.bind({ source: ORDERS_EXCHANGE, destination: queue.name, routingKey });
    }
  }
}
