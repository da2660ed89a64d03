/** @module Changes to the topology: declaring and removing exchanges, queues and bindings, and persisting them. */
import { randomUUID } from 'node:crypto';
import type { BindingDeclaration, ExchangeDeclaration, QueueDeclaration } from './broker-types';
import { isBuiltIn, normalizeExchangeName } from './built-in-exchanges';
import { assertWritable, requireQueue, type EngineState } from './engine-state';
import { EngineError, notFound } from './errors';
import { checkExchangeEquivalent, checkQueueEquivalent } from './equivalence';
import { checkFieldTable } from './message-limits';
import { checkName, checkNewName } from './names';
import { checkQueueTypeProperties, cleanQueueArguments, normalizeQueueArguments } from './queue-arguments';
import { Queue } from './queue/queue';
import { bindingId } from './routing/binding-id';
import { validateHeadersBindingArguments } from './routing/headers-match';
import { DEFAULT_EXCHANGE } from './routing/topology';
import type { BindingInfo, ExchangeInfo, QueueInfo } from './types';

/** Adds a new exchange (nothing committed yet) or answers the existing one with the same settings. */
export function declareExchange(state: EngineState, name: string, declaration: ExchangeDeclaration): { created: boolean; exchange: ExchangeInfo } {
  // '' is the default exchange's own name.
  if (name !== DEFAULT_EXCHANGE) checkName('exchange', name);
  checkFieldTable(declaration.arguments, ['arguments']);
  const wanted: ExchangeInfo = {
    name: name === 'amq.default' ? DEFAULT_EXCHANGE : name,
    type: declaration.type,
    durable: declaration.durable ?? true,
    autoDelete: declaration.autoDelete ?? false,
    internal: declaration.internal ?? false,
    arguments: declaration.arguments ?? {},
    ...(declaration.alternateExchange !== undefined ? { alternateExchange: normalizeExchangeName(declaration.alternateExchange) } : {}),
  };
  const existing = state.topology.findExchange(wanted.name);
  if (existing) {
    checkExchangeEquivalent(existing, wanted);
    return { created: false, exchange: existing };
  }
  checkNewName('exchange', wanted.name === DEFAULT_EXCHANGE ? 'amq.default' : wanted.name);
  assertWritable(state.persistence);
  state.topology.putExchange(wanted);
  if (wanted.durable) state.persistence.topologyWrite({ op: 'putExchange', exchange: wanted });
  return { created: true, exchange: wanted };
}

/** Adds a new queue (nothing committed yet) or touches the existing one with the same settings; answers its name. */
export function declareQueue(state: EngineState, name: string, declaration: QueueDeclaration): { created: boolean; name: string } {
  // '' asks for a server-named queue (AMQP); any other name must be one.
  if (name !== '') checkName('queue', name);
  const queueName = name === '' ? `amq.gen-${randomUUID()}` : name;
  const durable = declaration.durable ?? true;
  const autoDelete = declaration.autoDelete ?? false;
  const exclusive = declaration.exclusiveOwner !== undefined;
  const existing = state.queues.get(queueName);
  // A redeclare is compared with the existing queue before its values are judged, as RabbitMQ does: an equivalent
  // one holds the existing (valid) values; any other answers "inequivalent arg".
  const args = existing ? cleanQueueArguments(declaration.arguments) : normalizeQueueArguments(declaration.arguments, { name: queueName, durable, autoDelete, exclusive });
  const wanted: QueueInfo = {
    name: queueName,
    durable,
    autoDelete,
    arguments: args,
    ...(declaration.exclusiveOwner !== undefined ? { exclusiveOwner: declaration.exclusiveOwner } : {}),
  };
  if (existing) {
    // Another connection's exclusive queue, or a redeclare that changes exclusivity: RabbitMQ's 405 for both.
    if (existing.info.exclusiveOwner !== declaration.exclusiveOwner) {
      throw new EngineError('resource_locked', `queue '${name}' is exclusive to another connection`, { kind: 'queue', name, reason: 'exclusive' });
    }
    checkQueueEquivalent(existing.info, wanted);
    existing.touch();
    return { created: false, name: queueName };
  }
  if (name !== '') checkNewName('queue', name);
  checkQueueTypeProperties(wanted.arguments, { name: queueName, durable, autoDelete, exclusive });
  assertWritable(state.persistence);
  addQueue(state, wanted);
  if (wanted.durable) state.persistence.topologyWrite({ op: 'putQueue', queue: wanted });
  return { created: true, name: queueName };
}

/** Adds a new binding (nothing committed yet) or answers the existing one with the same spec. */
export function bind(state: EngineState, declaration: BindingDeclaration): { created: boolean; binding: BindingInfo } {
  const source = normalizeExchangeName(declaration.source);
  if (source === DEFAULT_EXCHANGE) throw new EngineError('forbidden', 'the default exchange cannot be bound', { kind: 'exchange', name: 'amq.default', reason: 'default_exchange' });
  const exchange = state.topology.getExchange(source);
  const destinationType = declaration.destinationType ?? 'queue';
  const destination = destinationType === 'exchange' ? normalizeExchangeName(declaration.destination) : declaration.destination;
  if (destinationType === 'queue') requireQueue(state, destination);
  else {
    if (destination === DEFAULT_EXCHANGE) throw new EngineError('forbidden', 'the default exchange cannot be bound', { kind: 'exchange', name: 'amq.default', reason: 'default_exchange' });
    state.topology.getExchange(destination);
  }
  const args = declaration.arguments ?? {};
  checkFieldTable(args, ['arguments']);
  if (exchange.type === 'headers') {
    const problem = validateHeadersBindingArguments(args);
    if (problem) throw new EngineError('bad_request', problem, { field: 'arguments' });
  }
  const spec = { source, destination, destinationType, routingKey: declaration.routingKey ?? '', arguments: args };
  const id = bindingId(spec);
  const existing = state.topology.findBinding(id);
  if (existing) return { created: false, binding: existing };
  assertWritable(state.persistence);
  const binding: BindingInfo = { id, ...spec };
  state.topology.addBinding(binding);
  if (isDurableBinding(state, binding)) state.persistence.topologyWrite({ op: 'putBinding', binding });
  return { created: true, binding };
}

/** Removes an exchange and its bindings (nothing committed yet); built-in exchanges cannot go. */
export function deleteExchange(state: EngineState, name: string, options: { ifUnused?: boolean }): void {
  if (isBuiltIn(name)) throw new EngineError('forbidden', `built-in exchange '${name}' cannot be deleted`, { kind: 'exchange', name, reason: 'built_in' });
  const exchange = state.topology.getExchange(name);
  if (options.ifUnused && state.topology.outgoing(exchange.name).length > 0) {
    throw new EngineError('precondition_failed', `exchange '${name}' has bindings`, { kind: 'exchange', name, reason: 'in_use' });
  }
  assertWritable(state.persistence);
  removeExchange(state, exchange);
}

/** Removes a queue with its messages and bindings (nothing committed yet); answers how many messages it held. */
export function deleteQueue(state: EngineState, name: string, options: { ifEmpty?: boolean; ifUnused?: boolean }): number {
  const queue = requireQueue(state, name);
  const stats = queue.stats();
  if (options.ifEmpty && stats.messagesReady > 0) throw new EngineError('precondition_failed', `queue '${name}' is not empty`, { kind: 'queue', name, reason: 'not_empty' });
  if (options.ifUnused && stats.consumers > 0) throw new EngineError('precondition_failed', `queue '${name}' has consumers`, { kind: 'queue', name, reason: 'in_use' });
  assertWritable(state.persistence);
  removeQueue(state, queue);
  return stats.messages;
}

/** Removes one binding by id (nothing committed yet); those of the default exchange cannot go. */
export function unbind(state: EngineState, id: string): void {
  if (id.startsWith('default:')) throw new EngineError('forbidden', 'bindings of the default exchange cannot be removed', { kind: 'binding', name: id, reason: 'default_exchange' });
  const binding = state.topology.findBinding(id);
  if (!binding) throw notFound('binding', id);
  assertWritable(state.persistence);
  removeBindings(state, [binding]);
}

export function addQueue(state: EngineState, info: QueueInfo): Queue {
  const queue = new Queue(info, state.queueContext);
  state.queues.set(info.name, queue);
  return queue;
}

export function removeQueue(state: EngineState, queue: Queue): void {
  if (queue.deleted || state.queues.get(queue.name) !== queue) return;
  queue.close(`queue '${queue.name}' was deleted`);
  if (queue.metrics) state.metrics?.unregister(queue.name, queue.metrics);
  state.queues.delete(queue.name);
  removeBindings(state, state.topology.incoming('queue', queue.name));
  state.persistence.forgetQueueMessages(queue.name, new Set());
  state.persistence.topologyWrite({ op: 'deleteQueue', name: queue.name });
}

export function removeExchange(state: EngineState, exchange: ExchangeInfo): void {
  if (state.topology.findExchange(exchange.name) !== exchange) return;
  const bindings = [...state.topology.outgoing(exchange.name), ...state.topology.incoming('exchange', exchange.name)];
  removeBindings(state, bindings);
  state.topology.removeExchange(exchange.name);
  state.metrics?.forgetExchange(exchange.name);
  if (exchange.durable) state.persistence.topologyWrite({ op: 'deleteExchange', name: exchange.name });
}

/** Removes bindings; an auto-delete exchange that loses its last outgoing binding goes too. */
export function removeBindings(state: EngineState, bindings: BindingInfo[]): void {
  const sources = new Set<string>();
  for (const binding of bindings) {
    if (!state.topology.removeBinding(binding.id)) continue;
    if (isDurableBinding(state, binding)) state.persistence.topologyWrite({ op: 'deleteBinding', id: binding.id });
    sources.add(binding.source);
  }
  for (const source of sources) {
    const exchange = state.topology.findExchange(source);
    if (exchange?.autoDelete && state.topology.outgoing(source).length === 0) removeExchange(state, exchange);
  }
}

function isDurableBinding(state: EngineState, binding: BindingInfo): boolean {
  const source = state.topology.findExchange(binding.source);
  const destinationDurable =
    binding.destinationType === 'queue' ? state.queues.get(binding.destination)?.info.durable : state.topology.findExchange(binding.destination)?.durable;
  return Boolean(source?.durable && destinationDurable);
}
