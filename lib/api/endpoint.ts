/**
 * @module What one HTTP endpoint is: its method and path, the schemas of its path, query and body, its documented
 * answers and the verb it calls. Route files hand these to `route()`; the OpenAPI document is generated from them.
 */
import type { z } from 'zod';
import type { Principal } from './auth';
import type { Services } from '@/lib/server/services';
import type { ErrorCode } from './schemas/common';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface ResponseDoc {
  description: string;
  /** JSON body; omitted for bodiless answers. */
  schema?: z.ZodType;
  /** Other than JSON (an event stream, Prometheus text); without `schema` the body is documented as a string. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface EndpointContext<P extends Schema, Q extends Schema, B extends Schema> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  services: Services;
  request: Request;
  /** Who called; null only on public endpoints. */
  principal: Principal | null;
}

export interface Endpoint<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  /** Unique name of the operation in the OpenAPI document. */
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path under /api/v1, e.g. `/queues/{name}` (or under `server`). */
  path: string;
  /** Base URL of the path when it is not /api/v1: `/` for the Prometheus scrape at /metrics. */
  server?: string;
  summary: string;
  description?: string;
  tag: string;
  /** Reachable without credentials. */
  public?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest accepted request body in bytes, given the configured message limit. */
  bodyLimit?: (maxMessageBytes: number) => number;
  responses: Record<number, ResponseDoc>;
  /** Error codes the endpoint may answer besides 401, 400 and 500. */
  errors?: ErrorCode[];
  handle(context: EndpointContext<P, Q, B>): Promise<Response> | Response;
}

/** Declares an endpoint with its context types inferred from its schemas. */
export function endpoint<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: Endpoint<P, Q, B>,
): Endpoint<P, Q, B> {
  return spec;
}

/** Room for a payload of `maxMessageBytes` in a JSON body: base64 or escaped text, with some to spare. */
export const publishBodyLimit = (maxMessageBytes: number) => maxMessageBytes * 6 + 1024 * 1024;
