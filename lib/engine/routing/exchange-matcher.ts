/** @module Whether a binding of a fanout or headers exchange matches a message (direct and topic exchanges route through their indexes in topology.ts). */
import type { BindingInfo, FieldTable } from '../types';
import { headersMatch } from './headers-match';

export function bindingMatches(type: 'fanout' | 'headers', binding: BindingInfo, headers: FieldTable | undefined): boolean {
  return type === 'fanout' || headersMatch(binding.arguments, headers);
}
