/**
 * @module The RabbitMQ at AMQP_PEER_URL as tests use it: throwaway vhosts and users made through RabbitMQ's own
 * definitions import, and removed again. Never the guest user or the default vhost, never the node itself.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RabbitPeer {
  /** How definitions reach the node: its management API, or rabbitmqctl on this machine. */
  via: 'management API' | 'rabbitmqctl';
  importDefinitions(definitions: object): Promise<void>;
  deleteVhost(name: string): Promise<void>;
  deleteUser(name: string): Promise<void>;
}

/**
 * The management API at AMQP_PEER_MANAGEMENT_URL (default: port 15672 of the AMQP URL's host, with its credentials).
 * A local node without the management plugin still imports definitions through rabbitmqctl, which runs the same
 * rabbit_definitions code.
 */
export async function openRabbitPeer(amqpUrl: string): Promise<RabbitPeer> {
  const url = new URL(amqpUrl);
  const management = (process.env.AMQP_PEER_MANAGEMENT_URL ?? `http://${url.hostname}:15672`).replace(/\/$/, '');
  const credentials = `${decodeURIComponent(url.username) || 'guest'}:${decodeURIComponent(url.password) || 'guest'}`;
  const headers = { authorization: `Basic ${Buffer.from(credentials).toString('base64')}`, 'content-type': 'application/json' };
  if (await reachable(`${management}/api/overview`, headers)) return managementPeer(management, headers);
  if (['127.0.0.1', 'localhost', '::1'].includes(url.hostname) && (await reachableCtl())) return ctlPeer();
  throw new Error(`the RabbitMQ at AMQP_PEER_URL answers no management API at ${management} (set AMQP_PEER_MANAGEMENT_URL), and no local rabbitmqctl reaches it`);
}

async function reachable(url: string, headers: Record<string, string>): Promise<boolean> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(3000) }).catch(() => undefined);
  if (response?.status === 401) throw new Error(`the management API at ${url} refused the credentials of AMQP_PEER_URL`);
  return response?.ok ?? false;
}

async function reachableCtl(): Promise<boolean> {
  try {
    await ctl(['list_vhosts']);
    return true;
  } catch {
    return false;
  }
}

/** Refuses what these tests must never touch. */
function throwaway(kind: 'vhost' | 'user', name: string): string {
  if ((kind === 'vhost' && name === '/') || (kind === 'user' && name === 'guest')) throw new Error(`refusing to delete the ${kind} '${name}'`);
  return name;
}

function managementPeer(base: string, headers: Record<string, string>): RabbitPeer {
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${base}/api${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!response.ok && response.status !== 404) throw new Error(`RabbitMQ ${method} ${path} answered ${response.status}: ${await response.text()}`);
  };
  return {
    via: 'management API',
    importDefinitions: (definitions) => call('POST', '/definitions', definitions),
    deleteVhost: (name) => call('DELETE', `/vhosts/${encodeURIComponent(throwaway('vhost', name))}`),
    deleteUser: (name) => call('DELETE', `/users/${encodeURIComponent(throwaway('user', name))}`),
  };
}

function ctl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('rabbitmqctl', ['--quiet', ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`rabbitmqctl ${args.join(' ')} failed (${code}): ${stderr}`))));
  });
}

/** Deleting what is already gone is fine, as the management API's 404 is. */
const gone = (error: Error) => {
  if (!error.message.includes('does not exist')) throw error;
};

function ctlPeer(): RabbitPeer {
  return {
    via: 'rabbitmqctl',
    importDefinitions: async (definitions) => {
      // rabbitmqctl runs as the rabbitmq user (Debian's wrapper), so the file must be readable by others.
      const dir = mkdtempSync(join(tmpdir(), 'rabbit-definitions-'));
      try {
        chmodSync(dir, 0o755);
        const file = join(dir, 'definitions.json');
        writeFileSync(file, JSON.stringify(definitions), { mode: 0o644 });
        await ctl(['import_definitions', file]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    deleteVhost: (name) => ctl(['delete_vhost', throwaway('vhost', name)]).catch(gone),
    deleteUser: (name) => ctl(['delete_user', throwaway('user', name)]).catch(gone),
  };
}
