/**
 * @module The queue page's publish form → POST /queues/{name}/messages body, checked before sending: a JSON
 * content type needs a JSON payload, header names must be unique, numbers must be numbers.
 */
import type { PublishBody } from '@/lib/client/types';

export interface HeaderRow {
  key: string;
  value: string;
}

export interface PublishFormValues {
  payload: string;
  contentType: string;
  headers: HeaderRow[];
  messageId: string;
  correlationId: string;
  priority: string;
  expirationMs: string;
  persistent: boolean;
}

export const emptyPublishForm: PublishFormValues = {
  payload: '',
  contentType: 'application/json',
  headers: [],
  messageId: '',
  correlationId: '',
  priority: '',
  expirationMs: '',
  persistent: true,
};

export type PublishCheck = { ok: true; body: Omit<PublishBody, 'routingKey'> } | { ok: false; errors: string[] };

export function isJsonContentType(contentType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType.trim());
}

/** Why the payload is not JSON (the parser's words), or undefined when it is or need not be. */
export function payloadJsonError(payload: string, contentType: string): string | undefined {
  if (!isJsonContentType(contentType)) return undefined;
  try {
    JSON.parse(payload);
    return undefined;
  } catch (error) {
    return `The payload is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function toPublishBody(values: PublishFormValues): PublishCheck {
  const errors: string[] = [];
  const jsonError = payloadJsonError(values.payload, values.contentType);
  if (jsonError) errors.push(jsonError);

  const headers: Record<string, string> = {};
  for (const row of values.headers) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    if (key === '') errors.push('A header has a value but no name.');
    else if (key in headers) errors.push(`The header "${key}" is given twice.`);
    else headers[key] = row.value;
  }

  const properties: NonNullable<PublishBody['properties']> = { persistent: values.persistent };
  const contentType = values.contentType.trim();
  if (contentType) properties.contentType = contentType;
  if (values.messageId.trim()) properties.messageId = values.messageId.trim();
  if (values.correlationId.trim()) properties.correlationId = values.correlationId.trim();
  const priority = integer(values.priority, 'Priority', 0, 255, errors);
  if (priority !== undefined) properties.priority = priority;
  const expiration = integer(values.expirationMs, 'Expiration (ms)', 0, Number.MAX_SAFE_INTEGER, errors);
  if (expiration !== undefined) properties.expirationMs = expiration;
  if (Object.keys(headers).length > 0) properties.headers = headers;

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, body: { payload: values.payload, properties } };
}

function integer(text: string, label: string, min: number, max: number, errors: string[]): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.push(`${label} must be a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}.`);
    return undefined;
  }
  return value;
}
