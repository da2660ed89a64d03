/**
 * @module The process-wide services, created once by the boot code (server.ts) and read by route handlers.
 * Next bundles route handlers into their own module graph, so a module-level singleton would exist twice;
 * the one instance lives on globalThis under a registered symbol instead.
 */
import type { Broker } from '../engine/broker';
import type { AuthService } from '../api/auth';
import type { AmqpAdmin } from '../amqp/admin';

export interface ServerConfig {
  host: string;
  port: number;
  amqpPort: number;
  databaseUrl: string;
  maxMessageBytes: number;
}

export interface Services {
  broker: Broker;
  auth: AuthService;
  config: ServerConfig;
  storage: 'sqlite' | 'postgres';
  version: string;
  startedAt: number;
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
