/**
 * @module What one HTTP endpoint is: its method and path, the schemas of its path, query and body, its documented
 * answers and the verb it calls. Route files hand these to `route()`; the OpenAPI document is generated from them.
 */
import type { z } from 'zod';
import type { AccessPolicy } from '@/lib/access/access-policy';
import type { Caller, PermissionNeed } from '@/lib/access/types';
import type { UserTag } from '@/lib/access/tags';
import type { Broker } from '@/lib/engine';
import type { Services } from '@/lib/server/services';
import type { ErrorCode } from './schemas/common';
import type { BrokerBackend } from '@/lib/backend/broker-backend';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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

/** What an endpoint's `authorize` may ask of the one access policy, for the request's caller and vhost. */
export interface AccessGate {
  policy: AccessPolicy;
  /** Refuses unless the caller holds every need in the request's vhost; `mutates` defaults to "not a GET". */
  allow(needs: readonly PermissionNeed[], options?: { mutates?: boolean }): void;
  requireTag(tag: UserTag, action: string): void;
  /** Refuses a read-only API key. */
  requireWritable(action: string): void;
}

/** What the audit entry of this request adds to who, how, from where and the outcome. */
export interface AuditNote {
  /** Another name than the endpoint's for this request (a dry run of a replay is `replay.count`). */
  action?: string;
  resource?: string;
  affected?: number;
  detail?: Record<string, unknown>;
}

export interface EndpointContext<P extends Schema, Q extends Schema, B extends Schema> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  services: Services;
  request: Request;
  /** Aborts when the client goes away: long waits and scans stop on it (the request's own signal). */
  signal: AbortSignal;
  /** Who called, how and from where; null only on public endpoints. */
  caller: Caller | null;
  /** The vhost the path addresses: `/` unless under `/api/v1/vhosts/{vhost}`. */
  vhost: string;
  /** That vhost's broker (vhost-scoped endpoints only; others must not touch it). Never on a cluster's path. */
  broker: Broker;
  /**
   * The broker the path addresses, through the BrokerBackend port: the embedded vhost's, or (under
   * `/api/v1/clusters/{id}/vhosts/{vhost}`) an attached cluster's. Endpoints served on clusters use only this.
   */
  backend: BrokerBackend;
  /** The attached cluster the path addresses, or undefined for the embedded broker. */
  cluster: string | undefined;
  access: AccessGate;
  /** Adds to the request's audit entry (a count, a diff). */
  note(fields: AuditNote): void;
}

/** The context `authorize` sees: everything parsed, nothing done yet. */
export type AuthorizeContext<P extends Schema, Q extends Schema, B extends Schema> = Omit<EndpointContext<P, Q, B>, 'caller' | 'note'> & {
  caller: Caller;
};

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
  /** A GET that changes state (an event stream leasing messages): refused to the session cookie alone from elsewhere. */
  changesState?: boolean;
  /** Also served under `/api/v1/vhosts/{vhost}`, acting on that vhost's broker. */
  vhostScoped?: boolean;
  /**
   * Vhost-scoped and written against `backend` alone: also served under `/api/v1/clusters/{id}/vhosts/{vhost}` on
   * that cluster. Other vhost-scoped endpoints answer there `409 not_supported`.
   */
  onClusters?: boolean;
  /**
   * Asks the policy before anything happens (required unless public): throws `forbidden` naming what is missing.
   * Vhost-scoped endpoints have already checked that the caller may see (GET) or use (others) the vhost.
   */
  authorize?: (context: AuthorizeContext<P, Q, B>) => void | Promise<void>;
  /**
   * The audit log's name for this action (`queue.purge`), when it changes state. Refusals are recorded for every
   * endpoint; successes only for those with an `audit` (never single publishes and acks).
   */
  audit?: { action: string; resource?: (context: AuthorizeContext<P, Q, B>) => string };
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
