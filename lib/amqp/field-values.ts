/**
 * @module Header and argument tables between AMQP and the engine. The engine keeps JSON values; on the way out
 * x-death gets RabbitMQ's AMQP types back (count a long, time a timestamp, routing-keys an array, entries tables),
 * so clients that read it as RabbitMQ writes it see the same thing.
 */
import type { FieldTable, FieldValue } from '../engine';
import { typed, type AmqpFieldTable, type AmqpFieldValue } from './codec';

function fromAmqpValue(value: AmqpFieldValue): FieldValue {
  if (value === null || typeof value !== 'object') return value as FieldValue;
  // A byte array has no JSON type: its text is the closest thing the HTTP API can show.
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(fromAmqpValue);
  if ('amqpType' in value && typeof value.value === 'number' && Object.keys(value).length === 2) return value.value as number;
  return fromAmqpTable(value as AmqpFieldTable);
}

/** A decoded AMQP table as the engine keeps it (byte arrays become text). */
export function fromAmqpTable(table: AmqpFieldTable): FieldTable {
  const out: FieldTable = {};
  for (const key in table) out[key] = fromAmqpValue(table[key]);
  return out;
}

function deathEntry(entry: FieldValue): AmqpFieldValue {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
  const out: AmqpFieldTable = {};
  for (const key in entry) {
    const value = entry[key];
    if (key === 'count' && typeof value === 'number') out[key] = typed('long', value);
    else if (key === 'time' && typeof value === 'number') out[key] = typed('timestamp', value);
    else out[key] = value;
  }
  return out;
}

/** Engine headers as an AMQP table: the same values, x-death with RabbitMQ's types. */
export function toAmqpTable(table: FieldTable): AmqpFieldTable {
  const deaths = table['x-death'];
  if (!Array.isArray(deaths)) return table;
  return { ...table, 'x-death': deaths.map(deathEntry) };
}
