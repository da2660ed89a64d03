/**
 * @module Topology in RabbitMQ's definitions format: export, and the plan of an import (validated whole before
 * anything is applied, with the diff a dry run answers). Pure: the caller reads the broker and applies the plan.
 */
import type { BindingInfo, BindingSpec, ExchangeInfo, FieldTable, FieldValue, QueueArguments, QueueInfo } from '@/lib/engine/types';
import { ApiError } from './errors';
import { isBuiltinExchange } from './schemas/common';
import type { Issue } from './schemas/common';
import type {
  BindingDefinition,
  DefinitionsDiff,
  DefinitionsExport,
  DefinitionsImport,
  ExchangeDefinition,
  QueueDefinition,
} from './schemas/definitions';
import { engineExchangeName } from './serialize';

export interface TopologySnapshot {
  exchanges: readonly ExchangeInfo[];
  queues: readonly QueueInfo[];
  bindings: readonly BindingInfo[];
}

export interface ImportPlan {
  exchanges: ExchangeInfo[];
  queues: QueueInfo[];
  bindings: BindingSpec[];
  diff: DefinitionsDiff;
}

const VHOST = '/';
const HEADERS_MATCH = ['all', 'any', 'all-with-x', 'any-with-x'];

/** RabbitMQ's queue arguments and ours, one for one. */
const QUEUE_ARGUMENTS = [
  ['x-message-ttl', 'messageTtlMs'],
  ['x-expires', 'expiresMs'],
  ['x-max-length', 'maxLength'],
  ['x-max-length-bytes', 'maxLengthBytes'],
  ['x-overflow', 'overflow'],
  ['x-max-priority', 'maxPriority'],
  ['x-dead-letter-exchange', 'deadLetterExchange'],
  ['x-dead-letter-routing-key', 'deadLetterRoutingKey'],
  ['x-delivery-limit', 'deliveryLimit'],
] as const satisfies readonly (readonly [string, keyof QueueArguments])[];

export function queueArgumentsToRabbit(args: QueueArguments): FieldTable {
  const table: FieldTable = {};
  for (const [rabbit, ours] of QUEUE_ARGUMENTS) {
    const value = args[ours];
    if (value !== undefined) table[rabbit] = value;
  }
  return table;
}

/** Our arguments from RabbitMQ's (already validated); what has no equivalent is listed in `ignored`. */
export function queueArgumentsFromRabbit(table: Record<string, FieldValue | undefined>): { arguments: QueueArguments; ignored: string[] } {
  const args: Record<string, FieldValue> = {};
  const known = new Map<string, keyof QueueArguments>(QUEUE_ARGUMENTS);
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    const ours = known.get(key);
    if (ours === 'deliveryLimit' && typeof value === 'number' && value < 0) continue; // -1: unlimited
    if (ours === 'deadLetterExchange' && typeof value === 'string') args[ours] = engineExchangeName(value);
    else if (ours) args[ours] = value;
    else if (!(key === 'x-queue-type' && value === 'classic')) ignored.push(key);
  }
  return { arguments: args as QueueArguments, ignored };
}

export function queueToDefinition(queue: QueueInfo): QueueDefinition {
  return {
    name: queue.name,
    vhost: VHOST,
    durable: queue.durable,
    auto_delete: queue.autoDelete,
    arguments: queueArgumentsToRabbit(queue.arguments),
  };
}

export function exchangeToDefinition(exchange: ExchangeInfo): ExchangeDefinition {
  const args: FieldTable = { ...exchange.arguments };
  if (exchange.alternateExchange !== undefined) args['alternate-exchange'] = exchange.alternateExchange;
  return {
    name: exchange.name,
    vhost: VHOST,
    type: exchange.type,
    durable: exchange.durable,
    auto_delete: exchange.autoDelete,
    internal: exchange.internal,
    arguments: args,
  };
}

export function bindingToDefinition(binding: BindingSpec): BindingDefinition {
  return {
    source: binding.source,
    vhost: VHOST,
    destination: binding.destination,
    destination_type: binding.destinationType,
    routing_key: binding.routingKey,
    arguments: binding.arguments,
  };
}

/** What an export holds: built-in exchanges, exclusive queues and the default exchange's bindings are left out. */
function exportable(topology: TopologySnapshot) {
  const exclusive = new Set(topology.queues.filter((q) => q.exclusiveOwner !== undefined).map((q) => q.name));
  return {
    exchanges: topology.exchanges.filter((e) => !isBuiltinExchange(e.name) && !e.name.startsWith('amq.')),
    queues: topology.queues.filter((q) => !exclusive.has(q.name)),
    bindings: topology.bindings.filter(
      (b) => b.source !== '' && !(b.destinationType === 'queue' && exclusive.has(b.destination)),
    ),
  };
}

export function exportDefinitions(topology: TopologySnapshot, version: string): DefinitionsExport {
  const shown = exportable(topology);
  return {
    product_name: 'Switchboard',
    product_version: version,
    vhosts: [{ name: VHOST }],
    queues: shown.queues.map(queueToDefinition),
    exchanges: shown.exchanges.map(exchangeToDefinition),
    bindings: shown.bindings.map(bindingToDefinition),
  };
}

/**
 * Plans an import against the broker's current topology: what to declare (only what is missing), the diff, and
 * every problem at once. Throws `bad_request` with all issues when a reference cannot be satisfied.
 */
export function planImport(file: DefinitionsImport, current: TopologySnapshot): ImportPlan {
  const issues: Issue[] = [];
  const warnings: string[] = [];
  const issue = (path: (string | number)[], code: string, message: string) => issues.push({ in: 'body', path, code, message });

  const exchanges = new Map<string, ExchangeInfo>();
  file.exchanges.forEach((def, index) => {
    if (isBuiltinExchange(def.name)) {
      warnings.push(`exchange '${def.name}' is built in and was left as it is`);
      return;
    }
    const { 'alternate-exchange': alternate, ...rest } = def.arguments;
    const exchange: ExchangeInfo = {
      name: def.name,
      type: def.type,
      durable: def.durable,
      autoDelete: def.auto_delete,
      internal: def.internal,
      arguments: withoutUndefined(rest),
      ...(alternate !== undefined ? { alternateExchange: engineExchangeName(alternate) } : {}),
    };
    addOnce(exchanges, def.name, exchange, exchangeToDefinition, () =>
      issue(['exchanges', index, 'name'], 'duplicate', `exchange '${def.name}' is defined twice with different settings`),
    );
  });

  const queues = new Map<string, QueueInfo>();
  file.queues.forEach((def, index) => {
    const mapped = queueArgumentsFromRabbit(def.arguments);
    for (const key of mapped.ignored) warnings.push(`queue '${def.name}': argument '${key}' is not supported and was ignored`);
    const queue: QueueInfo = { name: def.name, durable: def.durable, autoDelete: def.auto_delete, arguments: mapped.arguments };
    addOnce(queues, def.name, queue, queueToDefinition, () =>
      issue(['queues', index, 'name'], 'duplicate', `queue '${def.name}' is defined twice with different settings`),
    );
  });

  const currentExchanges = new Map(current.exchanges.map((e) => [e.name, e]));
  const currentQueues = new Map(current.queues.map((q) => [q.name, q]));
  const exchangeType = (name: string) => (exchanges.get(name) ?? currentExchanges.get(name))?.type;

  const bindings = new Map<string, BindingSpec>();
  file.bindings.forEach((def, index) => {
    const source = engineExchangeName(def.source);
    const spec: BindingSpec = {
      source,
      destination: def.destination,
      destinationType: def.destination_type,
      routingKey: def.routing_key,
      arguments: def.arguments,
    };
    if (source === '') {
      const implicit = spec.destinationType === 'queue' && spec.routingKey === spec.destination && Object.keys(spec.arguments).length === 0;
      if (implicit) warnings.push(`the default exchange's binding to '${spec.destination}' is implicit and was skipped`);
      else issue(['bindings', index, 'source'], 'forbidden', 'the default exchange cannot be bound');
      return;
    }
    const sourceType = exchangeType(source);
    if (!sourceType) issue(['bindings', index, 'source'], 'not_found', `exchange '${source}' is neither defined nor exists`);
    const destinationExists =
      spec.destinationType === 'queue'
        ? queues.has(spec.destination) || currentQueues.has(spec.destination)
        : exchangeType(spec.destination) !== undefined;
    if (!destinationExists) {
      issue(['bindings', index, 'destination'], 'not_found', `${spec.destinationType} '${spec.destination}' is neither defined nor exists`);
    }
    const match = spec.arguments['x-match'];
    if (sourceType === 'headers' && match !== undefined && !(typeof match === 'string' && HEADERS_MATCH.includes(match))) {
      issue(['bindings', index, 'arguments', 'x-match'], 'invalid_value', `x-match must be one of ${HEADERS_MATCH.join(', ')}`);
    }
    bindings.set(bindingKey(spec), spec);
  });

  if (issues.length > 0) throw new ApiError('bad_request', issuesMessage(issues), issues);
  return diffAgainst(current, { exchanges, queues, bindings }, warnings);
}

function diffAgainst(
  current: TopologySnapshot,
  desired: { exchanges: Map<string, ExchangeInfo>; queues: Map<string, QueueInfo>; bindings: Map<string, BindingSpec> },
  warnings: string[],
): ImportPlan {
  const shown = exportable(current);
  const currentExchanges = new Map(current.exchanges.map((e) => [e.name, e]));
  const currentQueues = new Map(current.queues.map((q) => [q.name, q]));
  const currentBindings = new Set(current.bindings.map(bindingKey));

  const plan: ImportPlan = {
    exchanges: [],
    queues: [],
    bindings: [],
    diff: {
      added: { exchanges: [], queues: [], bindings: [] },
      changed: { exchanges: [], queues: [] },
      removed: { exchanges: [], queues: [], bindings: [] },
      warnings,
    },
  };
  const { added, changed, removed } = plan.diff;

  for (const exchange of desired.exchanges.values()) {
    const existing = currentExchanges.get(exchange.name);
    const def = exchangeToDefinition(exchange);
    if (!existing) {
      plan.exchanges.push(exchange);
      added.exchanges.push(def);
    } else if (!sameDefinition(exchangeToDefinition(existing), def)) {
      changed.exchanges.push({ name: exchange.name, current: exchangeToDefinition(existing), desired: def });
    }
  }
  for (const queue of desired.queues.values()) {
    const existing = currentQueues.get(queue.name);
    const def = queueToDefinition(queue);
    if (!existing) {
      plan.queues.push(queue);
      added.queues.push(def);
    } else if (!sameDefinition(queueToDefinition(existing), def)) {
      changed.queues.push({ name: queue.name, current: queueToDefinition(existing), desired: def });
    }
  }
  for (const [key, binding] of desired.bindings) {
    if (currentBindings.has(key)) continue;
    plan.bindings.push(binding);
    added.bindings.push(bindingToDefinition(binding));
  }

  removed.exchanges = shown.exchanges.filter((e) => !desired.exchanges.has(e.name)).map(exchangeToDefinition);
  removed.queues = shown.queues.filter((q) => !desired.queues.has(q.name)).map(queueToDefinition);
  removed.bindings = shown.bindings.filter((b) => !desired.bindings.has(bindingKey(b))).map(bindingToDefinition);
  return plan;
}

function addOnce<T>(map: Map<string, T>, name: string, value: T, toDef: (value: T) => unknown, onConflict: () => void): void {
  const existing = map.get(name);
  if (existing === undefined) map.set(name, value);
  else if (!sameDefinition(toDef(existing), toDef(value))) onConflict();
}

/** Key-order-insensitive JSON, so `{a, b}` and `{b, a}` compare equal. */
export function canonicalJson(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(canonical(value));
}

const sameDefinition = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

const bindingKey = (b: BindingSpec) =>
  canonicalJson([b.source, b.destinationType, b.destination, b.routingKey, b.arguments]);

function withoutUndefined(table: Record<string, FieldValue | undefined>): FieldTable {
  return Object.fromEntries(Object.entries(table).filter(([, v]) => v !== undefined)) as FieldTable;
}

function issuesMessage(issues: Issue[]): string {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `definitions.${issues[0].path.join('.')}: ${issues[0].message}${more}`;
}
