/** @module The access model's vocabulary: users, vhosts, permissions, API keys, and who is asking. */
import type { PasswordHash } from './password-hashing';

export type PermissionKind = 'configure' | 'write' | 'read';
export const PERMISSION_KINDS: readonly PermissionKind[] = ['configure', 'write', 'read'];

export type ResourceKind = 'queue' | 'exchange';

export interface UserRecord {
  name: string;
  /** Absent: the user cannot log in with a password (API keys still work). */
  password?: PasswordHash;
  tags: string[];
}

export interface VhostRecord {
  name: string;
  description: string;
}

/** RabbitMQ's three regular expressions of one user in one vhost. */
export interface PermissionRecord {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

export interface ApiKeyRecord {
  id: string;
  user: string;
  name: string;
  /** sha256 of the secret, hex. */
  tokenHash: string;
  /** A read-only key may look but change nothing: no configure, no write, no purge, no consuming. */
  readOnly: boolean;
  expiresAt?: number;
  createdAt: number;
  lastUsedAt?: number;
}

/** Who is asking: a user, perhaps through one of its API keys. */
export interface Principal {
  user: string;
  tags: readonly string[];
  apiKey?: { id: string; name: string; readOnly: boolean };
  /** The console session the request came with, if any: ending it ends what it opened. */
  sessionId?: string;
}

export type Protocol = 'http' | 'amqp' | 'console';

/** A principal with where and how it came from: what the audit log records. */
export interface Caller extends Principal {
  protocol: Protocol;
  /** "127.0.0.1:53122" or "127.0.0.1". */
  peer: string;
}

/** One permission a step needs: RabbitMQ's (permission, resource) pair. */
export interface PermissionNeed {
  permission: PermissionKind;
  kind: ResourceKind;
  name: string;
}
