/**
 * @module Starts the services once per process: migrations, access (users, vhosts, keys) and the audit log, one
 * broker per vhost on the shared store, and the AMQP listener; revocations close what the revoked user holds.
 */
import { readFileSync } from 'node:fs';
import { startAccess } from '../access/access-services';
import { startAudit } from '../access/audit-services';
import { AmqpListener } from '../amqp/listener';
import { ResourceAlarm } from '../engine/resource-alarm';
import { ServiceHealth } from '../engine/service-health';
import { VhostBrokers } from '../engine/vhost-brokers';
import { openStore } from '../store/open-store';
import { createPrisma } from '../store/prisma';
import { stopDemo } from './demo';
import { MemoryMonitor } from './memory-monitor';
import { setServices, type ServerConfig, type Services } from './services';
import { refuseUnverifiedPeer, serverTlsOptions, type TlsMaterial } from './tls';

export interface BootResult {
  services: Services;
  /** Admin's first secret (first start without SWITCHBOARD_ADMIN_TOKEN): its password and an API key; printed once. */
  newToken?: string;
  shutdown: () => Promise<void>;
}

export async function boot(config: ServerConfig, env: NodeJS.ProcessEnv = process.env): Promise<BootResult> {
  const store = await openStore(config.databaseUrl);
  const prisma = createPrisma(config.databaseUrl);
  const { access, newSecret } = await startAccess(prisma, {
    envToken: env.SWITCHBOARD_ADMIN_TOKEN || undefined,
    sessionIdleTimeoutMs: config.sessionIdleTimeoutMs,
    throttle: config.loginThrottle,
    refusalHold: config.loginRefusalHold,
  });
  const audit = startAudit(store.auditLog(), { retentionDays: config.auditRetentionDays });
  access.audit = audit.writer;
  const health = new ServiceHealth();
  const alarm = new ResourceAlarm();
  const memory = new MemoryMonitor({ watermark: config.memoryHighWatermark, alarm, health }).start();
  const vhosts = await VhostBrokers.start({
    store,
    vhosts: access.directory.listVhosts().map((vhost) => vhost.name),
    brokerOptions: { maxMessageBytes: config.maxMessageBytes, alarm },
    metricsHistoryFor: (vhost) => store.metricsHistory(vhost),
  });
  const version = packageVersion();
  const amqp =
    config.amqpPort === 0 && config.amqpsPort === 0
      ? undefined
      : await AmqpListener.start({
          host: config.amqpHost,
          ...(config.amqpPort !== 0 ? { port: config.amqpPort } : {}),
          ...(config.tls && config.amqpsPort !== 0 ? { tls: amqpsOptions(config.tls, config.amqpsPort) } : {}),
          maxMessageBytes: config.maxMessageBytes,
          version,
          // AMQP has no Retry-After: a refused login is answered after the brake's wait instead.
          authenticate: (user, password, peer) => access.authenticator.loginHeld({ user, password, peer }),
          openVhost: (principal, vhost) => {
            access.policy.checkVhost(principal, vhost);
            return vhosts.get(vhost);
          },
          policy: access.policy,
          audit: access.audit,
          alarm,
        });
  // A revoked user or key, or a changed password: its AMQP connections close (streams and sessions end on their own).
  access.directory.onRevoked((revocation) => amqp?.closeConnectionsOf({ user: revocation.user, ...(revocation.apiKeyId ? { apiKeyId: revocation.apiKeyId } : {}) }, revocation.reason));
  const services: Services = {
    vhosts,
    access,
    auditReader: audit.reader,
    config,
    storage: store.kind,
    version,
    startedAt: Date.now(),
    health,
    alarm,
    memory,
    ...(amqp?.listening ? { amqp } : {}),
  };
  setServices(services);
  return {
    services,
    ...(newSecret ? { newToken: newSecret } : {}),
    shutdown: async () => {
      stopDemo();
      memory.stop();
      // Connections close first, so their unacked deliveries are back in their queues when the brokers flush.
      await amqp?.close();
      await audit.stop();
      await vhosts.close();
      access.close();
      await prisma.$disconnect();
    },
  };
}

function amqpsOptions(material: TlsMaterial, port: number) {
  return { port, options: serverTlsOptions(material), ...(material.ca ? { refusePeer: refuseUnverifiedPeer } : {}) };
}

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}
