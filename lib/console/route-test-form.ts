/** @module The route tester's fields as API bodies: headers typed as a JSON object, the same message for test and publish. */
import type { FieldTable, PublishBody, RouteTestBody } from '@/lib/client/types';

export interface RouteTestValues {
  routingKey: string;
  /** A JSON object, or blank for none. */
  headers: string;
  payload: string;
}

export function parseHeadersJson(text: string): { headers?: FieldTable; error?: string } {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `Headers are not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { error: 'Headers must be a JSON object, like {"region": "eu"}.' };
  }
  return { headers: parsed as FieldTable };
}

export function routeTestBody(values: RouteTestValues): { body?: RouteTestBody; error?: string } {
  const { headers, error } = parseHeadersJson(values.headers);
  if (error) return { error };
  return { body: headers ? { routingKey: values.routingKey, headers } : { routingKey: values.routingKey } };
}

/** The tested message, published as is: same routing key and headers, so it takes the route just shown. */
export function publishBody(values: RouteTestValues): { body?: PublishBody; error?: string } {
  const { headers, error } = parseHeadersJson(values.headers);
  if (error) return { error };
  return { body: { routingKey: values.routingKey, payload: values.payload, ...(headers ? { properties: { headers } } : {}) } };
}
