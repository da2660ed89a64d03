/**
 * @module Starts a RabbitMQ node of our own beside the machine's default one (which has no management plugin and is
 * left alone): its own node name, ports, data, log and config, run as the `rabbitmq` user with the system's Erlang
 * cookie, and stopped afterwards. For benchmarks against the management API, and any test that needs its own node.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process';

const run = promisify(execFile);

export interface RabbitMqNodeOptions {
  /** Erlang node name, `<name>@localhost`. */
  name?: string;
  plugins?: string[];
  /** How long to wait for the node (and its management listener) to come up. */
  startTimeoutMs?: number;
}

export interface RabbitMqNode {
  nodeName: string;
  amqpUrl: string;
  /** http://127.0.0.1:<port>, when the management plugin is enabled. */
  managementUrl?: string;
  /** guest/guest: allowed from loopback, as RabbitMQ's default. */
  authorization: string;
  /** The node's Erlang VM (from its PID file): its command line does not always name the node. */
  pid: number;
  stop(): Promise<void>;
}

/** Runs a RabbitMQ CLI as the rabbitmq user (its cookie in /var/lib/rabbitmq), from root or as that user already. */
function asRabbitMq(command: string, args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  const vars = Object.entries({ HOME: '/var/lib/rabbitmq', ...env }).map(([key, value]) => `${key}=${value}`);
  const me = userInfo().username;
  if (me === 'rabbitmq') return run('env', [...vars, command, ...args], { timeout: timeoutMs });
  if (me !== 'root') throw new Error(`starting a RabbitMQ node needs root (to run as the rabbitmq user) or the rabbitmq user; this is ${me}`);
  return run('runuser', ['-u', 'rabbitmq', '--', 'env', ...vars, command, ...args], { timeout: timeoutMs });
}

export async function startRabbitMqNode(options: RabbitMqNodeOptions = {}): Promise<RabbitMqNode> {
  const plugins = options.plugins ?? ['rabbitmq_management'];
  const nodeName = `${options.name ?? 'benchmgmt'}@localhost`;
  const [amqpPort, distPort, managementPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync('/tmp/switchboard-rabbitmq-');
  for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'enabled_plugins'), `[${plugins.join(',')}].\n`);
  const management = plugins.includes('rabbitmq_management');
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
      ...(management ? ['management.tcp.ip = 127.0.0.1', `management.tcp.port = ${managementPort}`] : []),
      'loopback_users.guest = true',
      '',
    ].join('\n'),
  );
  if (userInfo().username === 'root') {
    const { uid, gid } = await ids();
    for (const path of [dir, join(dir, 'mnesia'), join(dir, 'log'), join(dir, 'enabled_plugins'), join(dir, 'rabbitmq.conf')]) chownSync(path, uid, gid);
  }
  chmodSync(dir, 0o755);
  const env = {
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
  };
  const stop = async () => {
    await asRabbitMq('rabbitmqctl', ['-n', nodeName, 'stop'], {}, 60_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  // A node of the same name left by an earlier run would make this one fail to start.
  await asRabbitMq('rabbitmqctl', ['-n', nodeName, 'stop'], {}, 30_000).catch(() => undefined);
  try {
    await asRabbitMq('rabbitmq-server', ['-detached'], env);
    // `wait` waits for the pid file, then for the node to boot (await_startup fails at once until epmd knows it).
    const seconds = String(Math.round((options.startTimeoutMs ?? 120_000) / 1000));
    await asRabbitMq('rabbitmqctl', ['-n', nodeName, '--timeout', seconds, 'wait', env.RABBITMQ_PID_FILE], {}, (options.startTimeoutMs ?? 120_000) + 10_000);
  } catch (error) {
    await stop();
    throw new Error(`RabbitMQ node ${nodeName} did not start: ${(error as Error).message.split('\n').slice(0, 6).join(' | ')}`);
  }
  const authorization = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
  const managementUrl = management ? `http://127.0.0.1:${managementPort}` : undefined;
  if (managementUrl) {
    const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
    for (;;) {
      const ok = await fetch(`${managementUrl}/api/overview`, { headers: { authorization } }).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`RabbitMQ node ${nodeName} started but its management API on ${managementUrl} never answered`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const pid = Number(readFileSync(env.RABBITMQ_PID_FILE, 'utf8').trim());
  return { nodeName, amqpUrl: `amqp://guest:guest@127.0.0.1:${amqpPort}`, managementUrl, authorization, pid, stop };
}

async function ids(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'rabbitmq']), run('id', ['-g', 'rabbitmq'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
