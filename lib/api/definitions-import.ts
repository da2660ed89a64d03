/**
 * @module The plan of one vhost's topology in a definitions import: what to declare (only what is missing), the diff a
 * dry run answers, and every problem found at once, before anything is applied. Pure.
 */
import type { BindingSpec, ExchangeInfo, QueueInfo } from '@/lib/engine';
import { checkQueueTypeProperties, normalizeQueueArguments } from '@/lib/engine/queue-arguments';
import { exchangeArgumentsFromRabbit } from '@/lib/engine/rabbit-arguments';
import { isRuleDetails, ruleMessage } from '@/lib/engine/rule-errors';
import { isEngineError } from './errors';
import {
  bindingToDefinition,
  exchangeToDefinition,
  exportable,
  queueArgumentsFromRabbit,
  queueToDefinition,
  type TopologySnapshot,
} from './definitions';
import { isBuiltinExchange, type Issue } from './schemas/common';
import type { DefinitionsDiff, DefinitionsImport } from './schemas/definitions';
import { engineExchangeName } from './serialize';

export interface TopologyDiff {
  added: Pick<DefinitionsDiff['added'], 'exchanges' | 'queues' | 'bindings'>;
  changed: Pick<DefinitionsDiff['changed'], 'exchanges' | 'queues'>;
  removed: Pick<DefinitionsDiff['removed'], 'exchanges' | 'queues' | 'bindings'>;
}

export interface TopologyPlan {
  vhost: string;
  exchanges: ExchangeInfo[];
  queues: QueueInfo[];
  bindings: BindingSpec[];
  diff: TopologyDiff;
  warnings: string[];
  /** Problems with paths into the whole file: any of them refuses the import. */
  issues: Issue[];
}

type TopologyFile = Pick<DefinitionsImport, 'exchanges' | 'queues' | 'bindings'>;

const HEADERS_MATCH = ['all', 'any', 'all-with-x', 'any-with-x'];

/**
 * Plans the entries of the file that `select` picks (by default those naming `vhost`) against that vhost's topology:
 * what to declare (only what is missing), the diff, and every problem, with its path in the whole file.
 */
export function planTopology(
  file: TopologyFile,
  current: TopologySnapshot,
  vhost: string,
  select: (def: { vhost: string }) => boolean = (def) => def.vhost === vhost,
): TopologyPlan {
  const issues: Issue[] = [];
  const warnings: string[] = [];
  const issue = (path: (string | number)[], code: string, message: string) => issues.push({ in: 'body', path, code, message });
  const where = `in vhost '${vhost}'`;

  const exchanges = new Map<string, ExchangeInfo>();
  file.exchanges.forEach((def, index) => {
    if (!select(def)) return;
    if (isBuiltinExchange(def.name)) {
      warnings.push(`exchange '${def.name}' ${where} is built in and was left as it is`);
      return;
    }
    // The engine's one reading of exchange arguments, as an AMQP declare gets (alternate-exchange is a setting).
    const settings = exchangeArgumentsFromRabbit(def.arguments, def.name);
    const exchange: ExchangeInfo = {
      name: def.name,
      type: def.type,
      durable: def.durable,
      autoDelete: def.auto_delete,
      internal: def.internal,
      arguments: settings.arguments,
      ...(settings.alternateExchange !== undefined ? { alternateExchange: settings.alternateExchange } : {}),
    };
    addOnce(exchanges, def.name, exchange, (e) => exchangeToDefinition(e, vhost), () =>
      issue(['exchanges', index, 'name'], 'duplicate', `exchange '${def.name}' ${where} is defined twice with different settings`),
    );
  });

  const queues = new Map<string, QueueInfo>();
  file.queues.forEach((def, index) => {
    if (!select(def)) return;
    const settings = { name: def.name, durable: def.durable, autoDelete: def.auto_delete, exclusive: false };
    let queue: QueueInfo;
    try {
      // The engine's own rules (values, queue types), so a file is refused exactly where a declare would be.
      const mapped = queueArgumentsFromRabbit(def.arguments, def.name);
      for (const key of mapped.ignored) warnings.push(`queue '${def.name}' ${where}: argument '${key}' is not supported and was ignored`);
      queue = { name: def.name, durable: def.durable, autoDelete: def.auto_delete, arguments: normalizeQueueArguments(mapped.arguments, settings) };
      checkQueueTypeProperties(queue.arguments, settings);
    } catch (error) {
      const details = isEngineError(error) && isRuleDetails(error.details) ? error.details : undefined;
      if (!details) throw error;
      const field = details.rule === 'invalid_arg' ? ['arguments', details.argument] : [details.rule === 'invalid_property' && details.property === 'auto-delete' ? 'auto_delete' : 'durable'];
      const path = ['queues', index, ...field];
      issue(path, details.rule, ruleMessage(details, vhost));
      return;
    }
    addOnce(queues, def.name, queue, (q) => queueToDefinition(q, vhost), () =>
      issue(['queues', index, 'name'], 'duplicate', `queue '${def.name}' ${where} is defined twice with different settings`),
    );
  });

  const currentExchanges = new Map(current.exchanges.map((e) => [e.name, e]));
  const currentQueues = new Map(current.queues.map((q) => [q.name, q]));
  const exchangeType = (name: string) => (exchanges.get(name) ?? currentExchanges.get(name))?.type;

  const bindings = new Map<string, BindingSpec>();
  file.bindings.forEach((def, index) => {
    if (!select(def)) return;
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
      if (implicit) warnings.push(`the default exchange's binding to '${spec.destination}' ${where} is implicit and was skipped`);
      else issue(['bindings', index, 'source'], 'forbidden', 'the default exchange cannot be bound');
      return;
    }
    const sourceType = exchangeType(source);
    const destinationExists =
      spec.destinationType === 'queue'
        ? queues.has(spec.destination) || currentQueues.has(spec.destination)
        : exchangeType(spec.destination) !== undefined;
    // RabbitMQ leaves internal exchanges and exclusive queues out of its exports but keeps their bindings, and
    // its own import skips such bindings; so do we, saying so, or its exports would not import.
    const missing = [
      ...(sourceType ? [] : [`exchange '${source}'`]),
      ...(destinationExists ? [] : [`${spec.destinationType} '${spec.destination}'`]),
    ];
    if (missing.length > 0) {
      warnings.push(`the binding ${describeBinding(spec)} ${where} was skipped: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} neither in the file nor in the broker`);
      return;
    }
    const match = spec.arguments['x-match'];
    if (sourceType === 'headers' && match !== undefined && !(typeof match === 'string' && HEADERS_MATCH.includes(match))) {
      issue(['bindings', index, 'arguments', 'x-match'], 'invalid_value', `x-match must be one of ${HEADERS_MATCH.join(', ')}`);
    }
    bindings.set(bindingKey(spec), spec);
  });

  return { vhost, ...diffAgainst(current, { exchanges, queues, bindings }, vhost), warnings, issues };
}

function diffAgainst(
  current: TopologySnapshot,
  desired: { exchanges: Map<string, ExchangeInfo>; queues: Map<string, QueueInfo>; bindings: Map<string, BindingSpec> },
  vhost: string,
): Pick<TopologyPlan, 'exchanges' | 'queues' | 'bindings' | 'diff'> {
  const shown = exportable(current);
  const currentExchanges = new Map(current.exchanges.map((e) => [e.name, e]));
  const currentQueues = new Map(current.queues.map((q) => [q.name, q]));
  const currentBindings = new Set(current.bindings.map(bindingKey));
  const exchangeDef = (e: ExchangeInfo) => exchangeToDefinition(e, vhost);
  const queueDef = (q: QueueInfo) => queueToDefinition(q, vhost);
  const bindingDef = (b: BindingSpec) => bindingToDefinition(b, vhost);

  const plan: Pick<TopologyPlan, 'exchanges' | 'queues' | 'bindings' | 'diff'> = {
    exchanges: [],
    queues: [],
    bindings: [],
    diff: {
      added: { exchanges: [], queues: [], bindings: [] },
      changed: { exchanges: [], queues: [] },
      removed: { exchanges: [], queues: [], bindings: [] },
    },
  };
  const { added, changed, removed } = plan.diff;

  for (const exchange of desired.exchanges.values()) {
    const existing = currentExchanges.get(exchange.name);
    const def = exchangeDef(exchange);
    if (!existing) {
      plan.exchanges.push(exchange);
      added.exchanges.push(def);
    } else if (!sameDefinition(exchangeDef(existing), def)) {
      changed.exchanges.push({ name: exchange.name, current: exchangeDef(existing), desired: def });
    }
  }
  for (const queue of desired.queues.values()) {
    const existing = currentQueues.get(queue.name);
    const def = queueDef(queue);
    if (!existing) {
      plan.queues.push(queue);
      added.queues.push(def);
    } else if (!sameDefinition(queueDef(existing), def)) {
      changed.queues.push({ name: queue.name, current: queueDef(existing), desired: def });
    }
  }
  for (const [key, binding] of desired.bindings) {
    if (currentBindings.has(key)) continue;
    plan.bindings.push(binding);
    added.bindings.push(bindingDef(binding));
  }

  removed.exchanges = shown.exchanges.filter((e) => !desired.exchanges.has(e.name)).map(exchangeDef);
  removed.queues = shown.queues.filter((q) => !desired.queues.has(q.name)).map(queueDef);
  removed.bindings = shown.bindings.filter((b) => !desired.bindings.has(bindingKey(b))).map(bindingDef);
  return plan;
}

function addOnce<T>(map: Map<string, T>, name: string, value: T, toDef: (value: T) => unknown, onConflict: () => void): void {
  const existing = map.get(name);
  if (existing === undefined) map.set(name, value);
  else if (!sameDefinition(toDef(existing), toDef(value))) onConflict();
}

/** Key-order-insensitive JSON, so `{a, b}` and `{b, a}` compare equal. */
function canonicalJson(value: unknown): string {
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

function describeBinding(spec: BindingSpec): string {
  const key = spec.routingKey === '' ? '' : ` (routing key '${spec.routingKey}')`;
  return `from '${spec.source}' to ${spec.destinationType} '${spec.destination}'${key}`;
}
