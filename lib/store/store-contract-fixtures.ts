/** @module Builders and the shared context of the Store contract suite (see store-contract.ts). */
import { randomUUID } from 'node:crypto';
import type { RecoveredState, SharedStore, Store, TopologyWrite, WriteBatch } from '../engine/store';
import type { BindingInfo, ExchangeInfo, QueueInfo, QueuedMessage } from '../engine/types';

/** What each part of the contract sees; `store` and `shared` change on every restart. */
export interface ContractContext {
  /** The store under test: the shared store as a plain Store (vhost '/'), or one vhost's view of it. */
  readonly store: Store;
  /** The database every vhost lives in. */
  readonly shared: SharedStore;
  /** The maxSeq recovered at the start of the test; every test stores seqs above it. */
  readonly base: number;
  /** Closes the store and reopens the same database, as a process restart does, then recovers `store`. */
  restart(): Promise<RecoveredState>;
  /** Closes and reopens the database as `restart` does, recovering nothing. */
  reopen(): Promise<SharedStore>;
  /** Every stored message of a queue and priority. */
  loadAll(queue: string, priority?: number): Promise<QueuedMessage[]>;
}

export const uid = () => randomUUID().slice(0, 8);

export const exchange = (name: string, over: Partial<ExchangeInfo> = {}): ExchangeInfo => ({
  name,
  type: 'topic',
  durable: true,
  autoDelete: false,
  internal: false,
  arguments: {},
  ...over,
});

export const queue = (name: string, over: Partial<QueueInfo> = {}): QueueInfo => ({
  name,
  durable: true,
  autoDelete: false,
  arguments: {},
  ...over,
});

export const binding = (source: string, destination: string, over: Partial<BindingInfo> = {}): BindingInfo => ({
  id: `b-${uid()}`,
  source,
  destination,
  destinationType: 'queue',
  routingKey: 'orders.#',
  arguments: {},
  ...over,
});

export const message = (seq: number, queueName: string, over: Partial<QueuedMessage> = {}): QueuedMessage => ({
  seq,
  queue: queueName,
  messageId: `m-${seq}`,
  exchange: 'orders',
  routingKey: 'orders.created',
  routingKeys: ['orders.created'],
  payload: Buffer.from(`payload ${seq}`),
  properties: {},
  priority: 0,
  persistent: true,
  publishedAt: 1_700_000_000_000 + seq,
  expiresAt: null,
  deliveryCount: 0,
  ...over,
});

export const batch = (over: Partial<WriteBatch> = {}): WriteBatch => ({
  topology: [],
  inserts: [],
  deliveries: [],
  deletes: [],
  ...over,
});
export const topology = (...ops: TopologyWrite[]): WriteBatch => batch({ topology: ops });

export const byName = <T extends { name: string }>(items: T[], names: string[]) =>
  items.filter((item) => names.includes(item.name)).sort((a, b) => a.name.localeCompare(b.name));
export const countsOf = (state: RecoveredState, queues: string[]) => state.readyCounts.filter((c) => queues.includes(c.queue));
