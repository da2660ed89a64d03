/** @module The binding dialog's fields as a binding: which key or arguments the source exchange's type calls for, checked. */
import type { ExchangeType } from '@/lib/client/types';
import { DEFAULT_EXCHANGE_NAME, parseNodeId } from './routing-graph';
import { describeTopicBindingKey, parseHeaderArguments, type HeaderRow } from './topic-key';
import type { BindingSpec } from './topology-undo';

export interface BindingFormValues {
  source: string;
  sourceType: ExchangeType | undefined;
  /** A node id: `queue:<name>` or `exchange:<name>`. */
  destination: string;
  routingKey: string;
  xMatch: string;
  rows: HeaderRow[];
}

export function bindingSpecFrom(values: BindingFormValues): { spec?: BindingSpec; error?: string } {
  const destination = parseNodeId(values.destination);
  if (values.source === '' || !destination) return { error: 'Choose a source exchange and a destination.' };
  if (values.source === DEFAULT_EXCHANGE_NAME) return { error: 'Every queue is bound to the default exchange already; it takes no other bindings.' };
  const base = { source: values.source, destination: destination.name, destinationType: destination.kind };
  if (values.sourceType === 'headers') {
    const parsed = parseHeaderArguments(values.rows, values.xMatch);
    if (parsed.error !== undefined || !parsed.arguments) return { error: parsed.error ?? 'The header arguments are not valid.' };
    return { spec: { ...base, routingKey: '', arguments: parsed.arguments as BindingSpec['arguments'] } };
  }
  if (values.sourceType === 'fanout') return { spec: { ...base, routingKey: '', arguments: {} } };
  if (values.sourceType === 'topic') {
    const described = describeTopicBindingKey(values.routingKey);
    if (!described.valid) return { error: described.error };
  }
  return { spec: { ...base, routingKey: values.routingKey, arguments: {} } };
}
