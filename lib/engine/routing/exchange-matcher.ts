/** @module Which of an exchange's bindings a message matches, by exchange type. */
import type { BindingInfo, ExchangeType, FieldTable } from '../types';
import { headersMatch } from './headers-match';
import { topicMatches } from './topic-match';

export function bindingMatches(type: ExchangeType, binding: BindingInfo, routingKeys: readonly string[], headers: FieldTable | undefined): boolean {
  switch (type) {
    case 'fanout':
      return true;
    case 'direct':
      return routingKeys.includes(binding.routingKey);
    case 'topic':
      return routingKeys.some((key) => topicMatches(binding.routingKey, key));
    case 'headers':
      return headersMatch(binding.arguments, headers);
  }
}
