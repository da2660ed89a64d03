/**
 * @module RabbitMQ's management API exchanges and bindings as the API shows them. The default exchange is
 * `amq.default` in answers, as on the embedded broker. RabbitMQ names a binding by its source, destination and
 * `properties_key` (its routing key and arguments); the API's binding id carries the four, so a later call can name it.
 */
import type { Binding } from '@/lib/api/schemas/bindings';
import type { Exchange } from '@/lib/api/schemas/exchanges';
import { EXCHANGE_TYPES } from '../engine/built-in-exchanges';
import type { FieldTable } from '../engine/types';

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const apiName = (name: string) => (name === '' ? 'amq.default' : name);

/** An exchange of a type the API knows; one of a plugin's types (x-delayed-message, ...) is left out of the list. */
export function fromRabbitExchange(raw: unknown): Exchange | undefined {
  const exchange = record(raw);
  const type = text(exchange.type);
  if (!(EXCHANGE_TYPES as readonly string[]).includes(type)) return undefined;
  // The alternate exchange is a field of its own in the API, as on the embedded broker, not one of the arguments.
  const { 'alternate-exchange': alternate, ...args } = record(exchange.arguments) as FieldTable;
  return {
    name: apiName(text(exchange.name)),
    type: type as Exchange['type'],
    durable: exchange.durable === true,
    autoDelete: exchange.auto_delete === true,
    internal: exchange.internal === true,
    arguments: args,
    ...(typeof alternate === 'string' ? { alternateExchange: alternate } : {}),
  };
}

/** The id of the default exchange's binding to a queue is this and the queue's name, as on the embedded broker. */
export const DEFAULT_BINDING_PREFIX = 'default:';

export function fromRabbitBinding(raw: unknown): Binding {
  const binding = record(raw);
  const source = text(binding.source);
  const destination = text(binding.destination);
  const destinationType = binding.destination_type === 'exchange' ? 'exchange' : 'queue';
  return {
    // The default exchange's bindings are named as the embedded broker names them (and cannot be removed).
    id: source === '' ? `${DEFAULT_BINDING_PREFIX}${destination}` : bindingId(source, destinationType, destination, text(binding.properties_key)),
    source: apiName(source),
    destination,
    destinationType,
    routingKey: text(binding.routing_key),
    arguments: record(binding.arguments) as FieldTable,
  };
}

/** Base64url of the JSON of the four: opaque to callers, and read back only by this module. */
function bindingId(source: string, destinationType: string, destination: string, propertiesKey: string): string {
  return Buffer.from(JSON.stringify([source, destinationType, destination, propertiesKey])).toString('base64url');
}

/** What a binding id names, or undefined for one this module did not make. */
export function readBindingId(id: string): { source: string; destinationType: 'queue' | 'exchange'; destination: string; propertiesKey: string } | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((part) => typeof part === 'string')) return undefined;
    const [source, destinationType, destination, propertiesKey] = parts as string[];
    if (destinationType !== 'queue' && destinationType !== 'exchange') return undefined;
    return { source, destinationType, destination, propertiesKey };
  } catch {
    return undefined;
  }
}

/** Bindings that match the API's list filter (`source` as the engine names it: the default exchange is `""`). */
export function bindingFilter(filter: { source?: string; destination?: string }): (binding: Binding) => boolean {
  return (binding) =>
    (filter.source === undefined || binding.source === apiName(filter.source)) && (filter.destination === undefined || binding.destination === filter.destination);
}
