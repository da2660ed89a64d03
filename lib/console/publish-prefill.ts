/** @module A browsed message → the queue page's publish form values, so it can be edited and sent again. */
import type { Message } from '@/lib/client/types';
import { emptyPublishForm, type PublishFormValues } from './publish-form-body';

/** Undefined when the payload is binary (base64): the form edits text only. */
export function publishFormFromMessage(message: Message): PublishFormValues | undefined {
  if (message.payloadEncoding !== 'utf8') return undefined;
  const { properties } = message;
  const headers = Object.entries(properties.headers ?? {})
    // x-death belongs to the broker: a copy is a new message, not a dead letter.
    .filter(([key]) => key !== 'x-death')
    .map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
  return {
    ...emptyPublishForm,
    payload: message.payload,
    contentType: properties.contentType ?? '',
    headers,
    correlationId: properties.correlationId ?? '',
    priority: properties.priority === undefined ? '' : String(properties.priority),
    expirationMs: properties.expirationMs === undefined ? '' : String(properties.expirationMs),
    persistent: properties.persistent ?? true,
  };
}

export const publishPrefillKey = (queue: string) => `switchboard:publish-prefill:${queue}`;
