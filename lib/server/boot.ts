/** @module Starts the services once per process: migrations, store recovery, the broker, auth and the AMQP listener. */
import { readFileSync } from 'node:fs';
import { AmqpListener } from '../amqp/listener';
import { AuthService } from '../api/auth';
import { Broker } from '../engine/broker';
import { openStore } from '../store/open-store';
import { createPrisma } from '../store/prisma';
import { stopDemo } from './demo';
import { setServices, type ServerConfig, type Services } from './services';

export interface BootResult {
  services: Services;
  /** A token created at this start (first start without any credential); printed once, stored only as a hash. */
  newToken?: string;
  shutdown: () => Promise<void>;
}

export async function boot(config: ServerConfig, env: NodeJS.ProcessEnv = process.env): Promise<BootResult> {
  const store = await openStore(config.databaseUrl);
  const prisma = createPrisma(config.databaseUrl);
  const broker = await Broker.start({ store, maxMessageBytes: config.maxMessageBytes, metricsHistory: store.metricsHistory() });
  const auth = new AuthService(prisma, env.SWITCHBOARD_ADMIN_TOKEN);
  const newToken = await auth.ensureInitialCredential();
  const version = packageVersion();
  // AMQP logs in with the API's credentials: user "admin", a token as password.
  const amqp =
    config.amqpPort === 0
      ? undefined
      : await AmqpListener.start({
          broker,
          host: config.host,
          port: config.amqpPort,
          maxMessageBytes: config.maxMessageBytes,
          version,
          authenticate: async (user, password) => user === 'admin' && (await auth.verifyBearer(password)) !== null,
        });
  const services: Services = {
    broker,
    auth,
    config,
    storage: broker.storageKind,
    version,
    startedAt: Date.now(),
    ...(amqp?.port !== undefined ? { amqp } : {}),
  };
  setServices(services);
  return {
    services,
    newToken,
    shutdown: async () => {
      stopDemo();
      // Connections close first, so their unacked deliveries are back in their queues when the broker flushes.
      await amqp?.close();
      await broker.close();
      await prisma.$disconnect();
    },
  };
}

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}
