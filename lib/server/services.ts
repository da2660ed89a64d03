/**
 * @module The process-wide services, created once by the boot code (server.ts) and read by route handlers.
 * Next bundles route handlers into their own module graph, so a module-level singleton would exist twice;
 * the one instance lives on globalThis under a registered symbol instead.
 */
import type { Access } from '../access/access-services';
import type { AuditReader } from '../access/audit-reader';
import type { Broker } from '../engine/broker';
import type { ServiceHealth } from '../engine/service-health';
import type { AmqpAdmin } from '../amqp/admin';

export interface ServerConfig {
  host: string;
  port: number;
  amqpPort: number;
  databaseUrl: string;
  maxMessageBytes: number;
  /** Console sessions end after this long without a request (SWITCHBOARD_SESSION_IDLE_MINUTES, default 8 h). */
  sessionIdleTimeoutMs: number;
  /** Audit events older than this many days are deleted (SWITCHBOARD_AUDIT_RETENTION_DAYS, default 90). */
  auditRetentionDays: number;
  /** Failed logins allowed per user and address, and per address, before each further one doubles the wait. */
  loginThrottle: { freeFailuresPerUser: number; freeFailuresPerAddress: number };
  /** AMQP refusals held for the brake's wait: the longest hold, and how many at once per address. */
  loginRefusalHold: { maxHoldMs: number; heldPerAddress: number };
}

/** The brokers of the vhosts, one each (RabbitMQ isolates vhosts the same way). */
export interface VhostLookup {
  /** `not_found` for a vhost that does not exist. */
  get(vhost: string): Broker;
  /** Every vhost with its broker. */
  all(): Array<[string, Broker]>;
  /** Starts an empty broker for a new vhost (its built-in exchanges included). */
  add(vhost: string): Promise<unknown>;
  /** Stops a vhost's broker and deletes everything stored in it. */
  remove(vhost: string): Promise<void>;
}

export interface Services {
  vhosts: VhostLookup;
  access: Access;
  /** What GET /api/v1/audit reads. */
  auditReader: AuditReader;
  config: ServerConfig;
  storage: 'sqlite' | 'postgres';
  version: string;
  startedAt: number;
  /** Named problems (store cannot write, memory over its watermark) that make /health say `degraded`. */
  health: ServiceHealth;
  /** The AMQP listener's view of its connections; absent when AMQP is off or its port was taken. */
  amqp?: AmqpAdmin;
}

const key = Symbol.for('switchboard.services');
type Holder = { [key]?: Services };

export function setServices(services: Services): void {
  (globalThis as Holder)[key] = services;
}

export function getServices(): Services {
  const services = (globalThis as Holder)[key];
  if (!services) throw new Error('Switchboard services are not started: run the app through server.ts');
  return services;
}
