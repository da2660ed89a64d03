/**
 * @module Exchanges, bindings and the routing walk over them (exchange-to-exchange bindings and
 * alternate exchanges included). Queues are known here only by name.
 */
import { EngineError, notFound } from '../errors';
import type { BindingInfo, ExchangeInfo, FieldTable } from '../types';
import { bindingMatches } from './exchange-matcher';
import { TopicTrie } from './topic-trie';

export const DEFAULT_EXCHANGE = '';

export interface RouteStep {
  exchange: string;
  bindingId: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
}

export interface RouteResult {
  queues: Set<string>;
  path: RouteStep[];
}

const destinationKey = (type: 'queue' | 'exchange', name: string) => `${type}:${name}`;

/** The `bindingId` of a route step from an exchange to its alternate exchange. */
const alternateHopId = (exchange: string) => `alternate:${exchange}`;

/** The binding every queue has from the default exchange, with its own name as routing key. */
export function defaultBinding(queue: string): BindingInfo {
  return { id: `default:${queue}`, source: DEFAULT_EXCHANGE, destination: queue, destinationType: 'queue', routingKey: queue, arguments: {} };
}

export class Topology {
  readonly exchanges = new Map<string, ExchangeInfo>();
  private readonly bindings = new Map<string, BindingInfo>();
  private readonly bySource = new Map<string, Map<string, BindingInfo>>();
  private readonly byDestination = new Map<string, Map<string, BindingInfo>>();
  /** Direct exchanges index their bindings by routing key: the common case is one map lookup. */
  private readonly directIndex = new Map<string, Map<string, BindingInfo[]>>();
  /** Topic exchanges keep their bindings in a trie of words: routing walks the matches, not every binding. */
  private readonly topicIndex = new Map<string, TopicTrie>();

  constructor(private readonly queueExists: (name: string) => boolean) {}

  findExchange(name: string): ExchangeInfo | undefined {
    return this.exchanges.get(name === 'amq.default' ? DEFAULT_EXCHANGE : name);
  }

  getExchange(name: string): ExchangeInfo {
    const exchange = this.findExchange(name);
    if (!exchange) throw notFound('exchange', name);
    return exchange;
  }

  findBinding(id: string): BindingInfo | undefined {
    return this.bindings.get(id);
  }

  allBindings(): BindingInfo[] {
    return [...this.bindings.values()];
  }

  /** How many explicit bindings there are (the default exchange's are not kept here). */
  get bindingCount(): number {
    return this.bindings.size;
  }

  outgoing(exchange: string): BindingInfo[] {
    return [...(this.bySource.get(exchange)?.values() ?? [])];
  }

  incoming(type: 'queue' | 'exchange', name: string): BindingInfo[] {
    return [...(this.byDestination.get(destinationKey(type, name))?.values() ?? [])];
  }

  putExchange(exchange: ExchangeInfo): void {
    this.exchanges.set(exchange.name, exchange);
  }

  /** Removes an exchange and every binding from or to it; returns those bindings. */
  removeExchange(name: string): BindingInfo[] {
    const removed = [...this.outgoing(name), ...this.incoming('exchange', name)];
    for (const binding of removed) this.removeBinding(binding.id);
    this.exchanges.delete(name);
    this.directIndex.delete(name);
    this.topicIndex.delete(name);
    return removed;
  }

  addBinding(binding: BindingInfo): void {
    this.bindings.set(binding.id, binding);
    mapOf(this.bySource, binding.source).set(binding.id, binding);
    mapOf(this.byDestination, destinationKey(binding.destinationType, binding.destination)).set(binding.id, binding);
    if (this.exchanges.get(binding.source)?.type === 'direct') {
      const index = mapOf(this.directIndex, binding.source);
      index.set(binding.routingKey, [...(index.get(binding.routingKey) ?? []), binding]);
    }
    if (this.exchanges.get(binding.source)?.type === 'topic') {
      let trie = this.topicIndex.get(binding.source);
      if (!trie) this.topicIndex.set(binding.source, (trie = new TopicTrie()));
      trie.add(binding);
    }
  }

  removeBinding(id: string): BindingInfo | undefined {
    const binding = this.bindings.get(id);
    if (!binding) return undefined;
    this.bindings.delete(id);
    this.bySource.get(binding.source)?.delete(id);
    this.byDestination.get(destinationKey(binding.destinationType, binding.destination))?.delete(id);
    const index = this.directIndex.get(binding.source);
    const list = index?.get(binding.routingKey)?.filter((b) => b.id !== id);
    if (index && list) {
      if (list.length) index.set(binding.routingKey, list);
      else index.delete(binding.routingKey);
    }
    const trie = this.topicIndex.get(binding.source);
    if (trie) {
      trie.remove(binding);
      if (trie.size === 0) this.topicIndex.delete(binding.source);
    }
    return binding;
  }

  /** Removes every binding to a queue (the queue is being deleted); returns them. */
  removeQueueBindings(queue: string): BindingInfo[] {
    const removed = this.incoming('queue', queue);
    for (const binding of removed) this.removeBinding(binding.id);
    return removed;
  }

  /**
   * Where a message goes: each exchange reached applies its own type once; an exchange that matches no
   * binding hands the message to its alternate exchange; every exchange is visited at most once, and a
   * queue reached several ways gets one copy.
   */
  route(exchangeName: string, routingKeys: readonly string[], headers: FieldTable | undefined): RouteResult {
    const start = this.getExchange(exchangeName);
    const queues = new Set<string>();
    const path: RouteStep[] = [];
    const seen = new Set<string>([start.name]);
    const work: ExchangeInfo[] = [start];
    while (work.length) {
      const exchange = work.shift()!;
      const matched = this.match(exchange, routingKeys, headers);
      if (matched.length === 0 && exchange.alternateExchange !== undefined) {
        const alternate = this.findExchange(exchange.alternateExchange);
        if (alternate && !seen.has(alternate.name)) {
          seen.add(alternate.name);
          // Not a binding, so no binding id: a synthetic one per exchange (an exchange has one alternate), which
          // a picture of the topology can use for the same edge.
          path.push({ exchange: exchange.name, bindingId: alternateHopId(exchange.name), destination: alternate.name, destinationType: 'exchange' });
          work.push(alternate);
        }
      }
      for (const binding of matched) {
        path.push({ exchange: exchange.name, bindingId: binding.id, destination: binding.destination, destinationType: binding.destinationType });
        if (binding.destinationType === 'queue') {
          queues.add(binding.destination);
        } else if (!seen.has(binding.destination)) {
          const next = this.exchanges.get(binding.destination);
          seen.add(binding.destination);
          if (next) work.push(next);
        }
      }
    }
    return { queues, path };
  }

  private match(exchange: ExchangeInfo, routingKeys: readonly string[], headers: FieldTable | undefined): BindingInfo[] {
    if (exchange.name === DEFAULT_EXCHANGE) {
      return [...new Set(routingKeys)].filter((key) => this.queueExists(key)).map(defaultBinding);
    }
    if (exchange.type === 'direct') {
      const index = this.directIndex.get(exchange.name);
      if (!index) return [];
      if (routingKeys.length === 1) return index.get(routingKeys[0]) ?? [];
      return [...new Set(routingKeys)].flatMap((key) => index.get(key) ?? []);
    }
    if (exchange.type === 'topic') return this.topicIndex.get(exchange.name)?.match(routingKeys) ?? [];
    const candidates = this.bySource.get(exchange.name);
    if (!candidates) return [];
    const matched: BindingInfo[] = [];
    for (const binding of candidates.values()) {
      if (bindingMatches(exchange.type, binding, headers)) matched.push(binding);
    }
    return matched;
  }
}

function mapOf<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}

export function assertNotDefaultExchange(name: string, action: string): void {
  if (name === DEFAULT_EXCHANGE || name === 'amq.default') {
    throw new EngineError('forbidden', `cannot ${action} the default exchange`);
  }
}
