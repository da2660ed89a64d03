/**
 * @module The attached RabbitMQ clusters: attach (checked, then saved with sealed credentials), change, detach, and
 * read back. Everything is checked before anything is saved, so a refused attach or change leaves no trace.
 */
import { randomBytes } from 'node:crypto';
import { EngineError, notFound } from '../engine/errors';
import type { SecretBox } from '../access/secret-box';
import { checkConnectionShape, type ClusterConnection } from './cluster-connection';
import type { CheckOptions, ClusterCheck } from './cluster-check';
import type { ClusterRecord, ClusterRepository } from './cluster-repository';

export interface ClusterInput extends ClusterConnection {
  name: string;
}

/** What may change; the password omitted keeps the stored one, `ca: null` removes the CA. */
export interface ClusterChange {
  name?: string;
  managementUrls?: string[];
  amqpUrls?: string[];
  username?: string;
  password?: string;
  ca?: string | null;
}

export interface RegistryOptions {
  repository: ClusterRepository;
  /** SWITCHBOARD_SECRET_KEY's box, asked for only when credentials are sealed or opened. */
  secretBox: () => SecretBox;
  check: (connection: ClusterConnection, options?: CheckOptions) => Promise<ClusterCheck>;
  now?: () => number;
}

export const MAX_CLUSTER_NAME_LENGTH = 64;

const purposeOf = (id: string) => `cluster:${id}:credentials`;

export class ClusterRegistry {
  private readonly records = new Map<string, ClusterRecord>();
  private readonly listeners = new Set<(id: string) => void>();
  private readonly now: () => number;

  private constructor(private readonly options: RegistryOptions) {
    this.now = options.now ?? Date.now;
  }

  static async start(options: RegistryOptions): Promise<ClusterRegistry> {
    const registry = new ClusterRegistry(options);
    for (const record of await options.repository.load()) registry.records.set(record.id, record);
    return registry;
  }

  list(): ClusterRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  get(id: string): ClusterRecord {
    const record = this.records.get(id);
    if (!record) throw notFound('cluster', id);
    return record;
  }

  /** The cluster's URLs with its credentials opened: `precondition_failed` when the key is missing or another one. */
  connectionOf(id: string): ClusterConnection {
    const record = this.get(id);
    const { username, password } = JSON.parse(this.options.secretBox().open(record.sealedCredentials, purposeOf(id))) as { username: string; password: string };
    return { managementUrls: record.managementUrls, amqpUrls: record.amqpUrls, username, password, ...(record.ca ? { ca: record.ca } : {}) };
  }

  /** Hears of every attach, change and detach, by cluster id. */
  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async attach(input: ClusterInput, createdBy: string, options: CheckOptions = {}): Promise<{ record: ClusterRecord; warnings: string[] }> {
    const name = checkName(input.name);
    this.refuseTakenName(name);
    const connection = checkConnectionShape(input);
    const box = this.options.secretBox();
    const checked = await this.options.check(connection, options);
    // The name may have been taken while the cluster was being checked.
    this.refuseTakenName(name);
    const id = newClusterId();
    const at = this.now();
    const record: ClusterRecord = {
      id,
      name,
      managementUrls: connection.managementUrls,
      amqpUrls: connection.amqpUrls,
      sealedCredentials: box.seal(JSON.stringify({ username: connection.username, password: connection.password }), purposeOf(id)),
      ...(connection.ca ? { ca: connection.ca } : {}),
      rabbitmqVersion: checked.rabbitmqVersion,
      clusterName: checked.clusterName,
      createdBy,
      createdAt: at,
      updatedAt: at,
    };
    await this.save(record);
    return { record, warnings: checked.warnings };
  }

  /** A change of name alone is saved as is; any change of how the cluster is reached is checked first. */
  async change(id: string, change: ClusterChange, options: CheckOptions = {}): Promise<{ record: ClusterRecord; warnings: string[] }> {
    const current = this.get(id);
    const name = change.name === undefined ? current.name : checkName(change.name);
    if (name !== current.name) this.refuseTakenName(name, id);
    const reaches = ['managementUrls', 'amqpUrls', 'username', 'password', 'ca'] as const;
    if (!reaches.some((field) => change[field] !== undefined)) {
      const record = { ...current, name, updatedAt: this.now() };
      await this.save(record);
      return { record, warnings: [] };
    }
    const stored = this.connectionOf(id);
    const { ca: changedCa, name: _name, ...rest } = change;
    const merged: ClusterConnection = { ...stored, ...withoutUndefined(rest) };
    if (changedCa === null) delete merged.ca;
    else if (changedCa !== undefined) merged.ca = changedCa;
    const connection = checkConnectionShape(merged);
    const checked = await this.options.check(connection, options);
    if (!this.records.has(id)) throw notFound('cluster', id);
    if (name !== current.name) this.refuseTakenName(name, id);
    const record: ClusterRecord = {
      ...current,
      name,
      managementUrls: connection.managementUrls,
      amqpUrls: connection.amqpUrls,
      sealedCredentials: this.options.secretBox().seal(JSON.stringify({ username: connection.username, password: connection.password }), purposeOf(id)),
      rabbitmqVersion: checked.rabbitmqVersion,
      clusterName: checked.clusterName,
      updatedAt: this.now(),
    };
    if (connection.ca) record.ca = connection.ca;
    else delete record.ca;
    await this.save(record);
    return { record, warnings: checked.warnings };
  }

  async detach(id: string): Promise<void> {
    this.get(id);
    await this.options.repository.delete(id);
    this.records.delete(id);
    this.announce(id);
  }

  private async save(record: ClusterRecord): Promise<void> {
    await this.options.repository.put(record);
    this.records.set(record.id, record);
    this.announce(record.id);
  }

  private announce(id: string): void {
    for (const listener of this.listeners) listener(id);
  }

  private refuseTakenName(name: string, except?: string): void {
    const holder = [...this.records.values()].find((record) => record.name === name && record.id !== except);
    if (holder) throw new EngineError('precondition_failed', `A cluster named '${name}' is already attached`, { field: 'name', problem: 'taken', id: holder.id });
  }
}

/** Names are shown in the header's switch: trimmed, printable, at most 64 characters. */
function checkName(raw: string): string {
  const name = raw.trim();
  const refuse = (problem: string, message: string) => new EngineError('bad_request', message, { field: 'name', problem });
  if (name === '') throw refuse('empty', 'A cluster needs a name');
  if ([...name].length > MAX_CLUSTER_NAME_LENGTH) throw refuse('too_long', `A cluster name is at most ${MAX_CLUSTER_NAME_LENGTH} characters`);
  if (/[\p{Cc}\p{Cs}]/u.test(name)) throw refuse('control_character', 'A cluster name cannot hold control characters');
  return name;
}

/** Short, URL-safe and not guessable from the name (the name can change, the id cannot). */
function newClusterId(): string {
  return `c${randomBytes(6).toString('hex')}`;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
