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
import type { TlsMaterial } from './tls';
import type { ResourceAlarm } from '../engine/resource-alarm';
import type { MemoryMonitor } from './memory-monitor';
import type { Watermark } from './memory-watermark';
import type { Clusters } from '../rabbitmq/clusters';

export interface ServerConfig {
  host: string;
  port: number;
  amqpPort: number;
  /** Where AMQP and AMQPS listen (AMQP_HOST, default HOST). */
  amqpHost: string;
  /** AMQPS (AMQPS_PORT, default 5671 with TLS; 0 when off or without TLS). */
  amqpsPort: number;
  /** SWITCHBOARD_TLS_CERT/_KEY/_CA, read: HTTPS on PORT and AMQPS on amqpsPort. */
  tls?: TlsMaterial;
  databaseUrl: string;
  maxMessageBytes: number;
  /** Console sessions end after this long without a request (SWITCHBOARD_SESSION_IDLE_MINUTES, default 8 h). */
  sessionIdleTimeoutMs: number;
  /** Audit events older than this many days are deleted (SWITCHBOARD_AUDIT_RETENTION_DAYS, default 90). */
  auditRetentionDays: number;
  /** Failed logins allowed per user and address, and per address, before each further one doubles the wait. */
  loginThrottle: { freeFailuresPerUser: number; freeFailuresPerAddress: number };
  /** Above it publishers are blocked (SWITCHBOARD_MEMORY_HIGH_WATERMARK, default 0.4 of the machine's memory). */
  memoryHighWatermark: Watermark;
  /** AMQP refusals held for the brake's wait: the longest hold, and how many at once per address. */
  loginRefusalHold: { maxHoldMs: number; heldPerAddress: number };
  /** How long a stop may wait for the store before the process ends anyway (SWITCHBOARD_SHUTDOWN_TIMEOUT_MS, default 10 s). */
  shutdownTimeoutMs?: number;
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
  /** The node's resource alarms (memory): publishers are blocked while one is raised. */
  alarm: ResourceAlarm;
  /** Reads memory against the high watermark; the watermark can be changed at run time. */
  memory: MemoryMonitor;
  /** The AMQP listener's view of its connections; absent when AMQP is off or its port was taken. */
  amqp?: AmqpAdmin;
  /** The attached RabbitMQ clusters: registry, management clients, node monitor. */
  clusters: Clusters;
  /** This process as the active one of its database (on PostgreSQL, the holder of the active lock). */
  process: ActiveProcess;
}

export interface ActiveProcess {
  /** `<host>:<pid>:<tag>`. */
  id: string;
  /** When it became active (epoch ms). */
  activeSince: number;
  /** The process it took over from (PostgreSQL hot standby), or null. */
  tookOverFrom: string | null;
  /** Whether it may act as active now: on PostgreSQL, its hold on the lock is confirmed (always true on SQLite). */
  holdsLock(): boolean;
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
