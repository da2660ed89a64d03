/**
 * @module The permission matrix's people: each profile's tags and patterns in one throwaway vhost, made on Switchboard
 * through its HTTP API, and written as RabbitMQ definitions so a RabbitMQ gets the very same users and permissions.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { rabbitHash } from '@/lib/access/password-hashing';
import { as, PASSWORD } from './access-fixture';
import { api, enc, type CallOptions } from './http';

interface Patterns {
  configure: string;
  write: string;
  read: string;
}

const all = (pattern: string): Patterns => ({ configure: pattern, write: pattern, read: pattern });

/** The users, as RabbitMQ knows them. `monitor` has no permission entry in the vhost at all. */
export const USERS = {
  admin: { tags: ['administrator'], permissions: all('.*') },
  manager: { tags: ['management'], permissions: all('.*') },
  // The application user; RabbitMQ searches the pattern unanchored, so `my-orders.q` is admitted too.
  orders: { tags: [], permissions: all('orders.*') },
  writer: { tags: [], permissions: { configure: '', write: '.*', read: '' } },
  monitor: { tags: ['monitoring'], permissions: undefined },
} satisfies Record<string, { tags: string[]; permissions: Patterns | undefined }>;

export type UserProfile = keyof typeof USERS;
/** `readKey` is a read-only API key of `admin`: Switchboard's own, RabbitMQ has no such credential. */
export type Profile = UserProfile | 'readKey';

export interface MatrixWorld {
  vhost: string;
  users: Record<UserProfile, string>;
  keyName: string;
  /**
   * Each profile's API key, once made (readKey's is read-only). HTTP calls use keys: a password is a slow salted hash
   * to check on every Basic request, and the matrix is about permissions, not logins (tests/api/auth.test.ts).
   */
  keys: Record<Profile, string>;
}

/** Names for one run: a fresh vhost and users, the same on both brokers so their reply texts can be compared as they are. */
export function matrixNames(): MatrixWorld {
  const run = randomBytes(4).toString('hex');
  const users = Object.fromEntries(Object.keys(USERS).map((profile) => [profile, `mx-${run}-${profile}`])) as Record<UserProfile, string>;
  return { vhost: `matrix-${run}`, users, keyName: `mx-${run}-read-only`, keys: {} as Record<Profile, string> };
}

/** Who answers for a profile over AMQP: its user, with its password or (readKey) the key as password. */
export function credential(world: MatrixWorld, profile: Profile): { user: string; secret: string } {
  return profile === 'readKey' ? { user: world.users.admin, secret: world.keys.readKey } : { user: world.users[profile], secret: PASSWORD };
}

/** How a profile calls the HTTP API: Bearer with its key. */
export const httpAuth = (world: MatrixWorld, profile: Profile): Pick<CallOptions, 'token'> => ({ token: world.keys[profile] });

async function ok(method: string, path: string, options: CallOptions = {}) {
  const answer = await api(method, path, options);
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
  return answer;
}

/** Makes the world on Switchboard as its administrator would, through the HTTP API. */
export async function createOnSwitchboard(world: MatrixWorld): Promise<void> {
  await ok('PUT', `/vhosts/${enc(world.vhost)}`, { body: { description: 'permission matrix' } });
  for (const [profile, { tags, permissions }] of Object.entries(USERS)) {
    const user = world.users[profile as UserProfile];
    await ok('PUT', `/users/${enc(user)}`, { body: { password: PASSWORD, tags } });
    if (permissions) await ok('PUT', `/permissions/${enc(world.vhost)}/${enc(user)}`, { body: permissions });
    world.keys[profile as UserProfile] = (await ok('POST', '/api-keys', { ...as(user), body: { name: `${user}-key` } })).body.key;
  }
  world.keys.readKey = (await ok('POST', '/api-keys', { ...as(world.users.admin), body: { name: world.keyName, readOnly: true } })).body.key;
}

export async function removeFromSwitchboard(world: MatrixWorld): Promise<void> {
  await api('DELETE', `/vhosts/${enc(world.vhost)}`);
  for (const user of Object.values(world.users)) await api('DELETE', `/users/${enc(user)}`);
}

/** The same users, vhost and permissions in RabbitMQ's definitions format (passwords as RabbitMQ's own sha256 hashes). */
export function rabbitDefinitions(world: MatrixWorld) {
  const entries = Object.entries(USERS) as [UserProfile, (typeof USERS)[UserProfile]][];
  return {
    users: entries.map(([profile, { tags }]) => ({
      name: world.users[profile],
      password_hash: rabbitHash(PASSWORD),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: tags.join(','),
    })),
    vhosts: [{ name: world.vhost }],
    permissions: entries.flatMap(([profile, { permissions }]) => (permissions ? [{ user: world.users[profile], vhost: world.vhost, ...permissions }] : [])),
  };
}
