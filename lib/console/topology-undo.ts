/**
 * @module Topology changes made from the routing canvas, each with the API calls that revert it, and the small
 * stack that the Undo button pops. Only changes that really changed something are recorded.
 */
import { isApiError } from '@/lib/client/api-error';
import type { SwitchboardClient } from '@/lib/client/switchboard-client';
import type { Binding, CreateBindingBody, DeclareExchangeBody, DeclareQueueBody, DestinationType, FieldTable } from '@/lib/client/types';

export interface BindingSpec {
  source: string;
  destination: string;
  destinationType: DestinationType;
  routingKey: string;
  arguments: FieldTable;
}

/** One API call, as data: what undo will do, testable without doing it. */
export type TopologyOp =
  | { op: 'deleteExchange'; name: string }
  | { op: 'deleteQueue'; name: string }
  | { op: 'bind'; spec: BindingSpec }
  | { op: 'unbind'; id: string };

export interface TopologyChange {
  /** Past tense, for the status line: "Bound queue a to exchange x with key k." */
  description: string;
  undo: TopologyOp[];
}

export type TopologyClient = Pick<SwitchboardClient, 'declareExchange' | 'deleteExchange' | 'declareQueue' | 'deleteQueue' | 'declareBinding' | 'deleteBinding'>;

export const specOf = (binding: Binding): BindingSpec => ({
  source: binding.source,
  destination: binding.destination,
  destinationType: binding.destinationType,
  routingKey: binding.routingKey,
  arguments: binding.arguments,
});

export function describeBinding(spec: BindingSpec): string {
  const args = Object.keys(spec.arguments).length ? ` and arguments ${JSON.stringify(spec.arguments)}` : '';
  return `${spec.destinationType} ${spec.destination} to exchange ${spec.source} with key "${spec.routingKey}"${args}`;
}

const body = (spec: BindingSpec): CreateBindingBody => ({ ...spec });

/** Declares an exchange; undone by deleting it. Undefined when an identical one already existed. */
export async function createExchange(client: TopologyClient, name: string, settings: DeclareExchangeBody): Promise<TopologyChange | undefined> {
  const { created } = await client.declareExchange(name, settings);
  return created ? { description: `Created ${settings.type} exchange ${name}.`, undo: [{ op: 'deleteExchange', name }] } : undefined;
}

export async function createQueue(client: TopologyClient, name: string, settings: DeclareQueueBody): Promise<TopologyChange | undefined> {
  const { created } = await client.declareQueue(name, settings);
  return created ? { description: `Created queue ${name}.`, undo: [{ op: 'deleteQueue', name }] } : undefined;
}

export async function createBinding(client: TopologyClient, spec: BindingSpec): Promise<TopologyChange | undefined> {
  const { created, binding } = await client.declareBinding(body(spec));
  return created ? { description: `Bound ${describeBinding(spec)}.`, undo: [{ op: 'unbind', id: binding.id }] } : undefined;
}

export async function deleteBinding(client: TopologyClient, binding: Binding): Promise<TopologyChange> {
  await client.deleteBinding(binding.id);
  return { description: `Removed the binding of ${describeBinding(specOf(binding))}.`, undo: [{ op: 'bind', spec: specOf(binding) }] };
}

/**
 * Bindings cannot change in AMQP, so an edit is a new binding and the old one removed: new first, so messages
 * keep a route throughout. Undone as one change.
 */
export async function replaceBinding(client: TopologyClient, old: Binding, spec: BindingSpec): Promise<TopologyChange | undefined> {
  const { created, binding } = await client.declareBinding(body(spec));
  if (binding.id === old.id) return undefined;
  await client.deleteBinding(old.id);
  const undo: TopologyOp[] = [{ op: 'bind', spec: specOf(old) }];
  if (created) undo.push({ op: 'unbind', id: binding.id });
  return { description: `Changed the binding of ${describeBinding(specOf(old))} to key "${spec.routingKey}"${Object.keys(spec.arguments).length ? ` and arguments ${JSON.stringify(spec.arguments)}` : ''}.`, undo };
}

// Something already gone is what a revert wants: a retried undo after a partial failure must not stop there.
async function ignoreNotFound(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(isApiError(error) && error.code === 'not_found')) throw error;
  }
}

/** Runs a change's reverting calls in order. A queue is only deleted while empty: undo never throws messages away. */
export async function revertChange(client: TopologyClient, change: TopologyChange): Promise<void> {
  for (const step of change.undo) {
    if (step.op === 'deleteExchange') await ignoreNotFound(client.deleteExchange(step.name));
    else if (step.op === 'deleteQueue') await ignoreNotFound(client.deleteQueue(step.name, { ifEmpty: true }));
    else if (step.op === 'bind') await client.declareBinding(body(step.spec));
    else await ignoreNotFound(client.deleteBinding(step.id));
  }
}

export const UNDO_LIMIT = 20;

/** The stack with `change` on top; the oldest fall off past the limit. */
export function pushChange(stack: readonly TopologyChange[], change: TopologyChange | undefined, limit = UNDO_LIMIT): TopologyChange[] {
  if (!change) return [...stack];
  return [...stack, change].slice(-limit);
}
