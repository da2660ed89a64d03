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
import { DEFAULT_VHOST } from '../engine/store';
import { VhostBrokers } from '../engine/vhost-brokers';
import { openStore } from '../store/open-store';
import { newProcessId, type PostgresLease } from '../store/postgres-lease';
import { createPrisma } from '../store/prisma';
import { startClusters } from '../rabbitmq/clusters';
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

/** How often the active process checks its hold on the lock is still confirmed (health `lease`). */
const LEASE_CHECK_MS = 250;

/**
 * Boots the engine. With `lease` (PostgreSQL, this process now holds the active lock) the store commits on the
 * lease's connection, and the process announces itself and records the takeover in the audit log.
 */
export async function boot(config: ServerConfig, env: NodeJS.ProcessEnv = process.env, lease?: PostgresLease): Promise<BootResult> {
  const store = await openStore(config.databaseUrl, lease ? { session: lease.session() } : {});
  const tookOverFrom = lease && 'withConnection' in store ? await lease.announce(store as Parameters<PostgresLease['announce']>[0]) : null;
  // Store faults (disk full, read-only file, a dead worker) make /health degraded and /health/ready 503 until a
  // probe write lands again.
  const health = new ServiceHealth();
  store.onFault((reason) => {
    if (reason === null) {
      console.log('Switchboard: the store takes writes again');
      health.clear('store');
    } else {
      console.error(`Switchboard: the store cannot take writes: ${reason}`);
      health.report('store', reason);
    }
  });
  const prisma = createPrisma(config.databaseUrl);
  const { access, newSecret } = await startAccess(prisma, {
    envToken: env.SWITCHBOARD_ADMIN_TOKEN || undefined,
    sessionIdleTimeoutMs: config.sessionIdleTimeoutMs,
    throttle: config.loginThrottle,
    refusalHold: config.loginRefusalHold,
  });
  const clusters = await startClusters(prisma, { metricsHistory: store.metricsHistory(DEFAULT_VHOST) });
  const audit = startAudit(store.auditLog(), { retentionDays: config.auditRetentionDays });
  access.audit = audit.writer;
  const activeSince = Date.now();
  if (lease) {
    audit.writer.record({
      at: activeSince,
      user: 'switchboard',
      protocol: 'system',
      peer: lease.identity.processId,
      action: tookOverFrom || lease.endedStaleHolder ? 'process.takeover' : 'process.active',
      resource: `process '${lease.identity.processId}'`,
      outcome: 'ok',
      detail: {
        ...(tookOverFrom ? { from: tookOverFrom.processId, fromSince: tookOverFrom.since } : {}),
        ...(lease.endedStaleHolder ? { endedStaleHolder: lease.endedStaleHolder.processId, staleHeartbeatMs: lease.endedStaleHolder.heartbeatAgeMs } : {}),
      },
    });
  }
  // The hold on the lock unconfirmed for too long (a database too slow to take the heartbeat): not ready, so a
  // load balancer stops sending work before a standby may end this session.
  const leaseCheck = lease
    ? setInterval(() => {
        if (lease.valid) health.clear('lease');
        else health.report('lease', `this process's hold on the active lock is unconfirmed (last heartbeat ${lease.confirmedAgoMs} ms ago)`);
      }, LEASE_CHECK_MS)
    : undefined;
  leaseCheck?.unref?.();
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
    clusters,
    process: {
      id: lease?.identity.processId ?? newProcessId(),
      activeSince,
      tookOverFrom: tookOverFrom?.processId ?? lease?.endedStaleHolder?.processId ?? null,
      holdsLock: () => lease?.valid ?? true,
    },
  };
  setServices(services);
  return {
    services,
    ...(newSecret ? { newToken: newSecret } : {}),
    // Bounded, and never rejecting: a store that cannot write must not keep SIGTERM from ending the process.
    shutdown: () =>
      withDeadline(
        (async () => {
          stopDemo();
          memory.stop();
          await clusters.stop();
          clearInterval(leaseCheck);
          lease?.stop();
          // Connections close first, so their unacked deliveries are back in their queues when the brokers flush.
          await amqp?.close();
          await audit.stop();
          await vhosts.close();
          access.close();
          await prisma.$disconnect();
        })(),
        config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
      ),
  };
}

/** How long a shutdown may take before the process stops anyway, unless the configuration says otherwise. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
    timer.unref?.();
  });
  try {
    const outcome = await Promise.race([work.then(() => 'done' as const), deadline]);
    if (outcome === 'late') console.error(`Switchboard: shutdown took over ${ms} ms; stopping anyway (unwritten state is recovered from the store at the next start)`);
  } catch (error) {
    console.error(`Switchboard: shutdown did not finish cleanly: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function amqpsOptions(material: TlsMaterial, port: number) {
  return { port, options: serverTlsOptions(material), ...(material.ca ? { refusePeer: refuseUnverifiedPeer } : {}) };
}

export function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}
