/**
 * @module Applies a planned definitions import: the new vhosts' brokers, then users, vhosts and permissions in one
 * transaction, then each vhost's exchanges, queues and bindings. When a step fails, what was done is undone, newest
 * first, and anything that could not be undone is named in the error.
 */
import type { AccessDirectory } from '@/lib/access/access-directory';
import type { VhostLookup } from '@/lib/server/services';
import type { AccessPlan } from './definitions-access';
import type { ImportPlan } from './definitions-plan';
import type { BindingSpec, ExchangeSettings, QueueArguments } from '@/lib/engine/types';
import { ApiError, mapError } from './errors';

/** What an import declares a vhost's topology with: the embedded broker itself, or an attached cluster's vhost. */
export interface TopologyWriter {
  declareExchange(name: string, settings: ExchangeSettings): Promise<{ created: boolean }>;
  deleteExchange(name: string): Promise<unknown>;
  declareQueue(name: string, settings: { durable: boolean; autoDelete: boolean; arguments: QueueArguments }): Promise<{ created: boolean }>;
  deleteQueue(name: string): Promise<unknown>;
  bind(spec: BindingSpec): Promise<{ created: boolean; binding: { id: string } }>;
  unbind(id: string): Promise<unknown>;
}

export interface ImportTarget {
  vhosts: VhostLookup;
  directory: AccessDirectory;
  /** Where each vhost's topology goes; the embedded broker of the vhost unless given. */
  writerFor?: (vhost: string) => TopologyWriter;
}

interface Undo {
  what: string;
  run: () => Promise<unknown>;
}

export async function applyImport(plan: ImportPlan, { vhosts, directory, writerFor = (vhost) => vhosts.get(vhost) }: ImportTarget): Promise<void> {
  const undo: Undo[] = [];
  try {
    for (const vhost of plan.newVhosts) {
      await vhosts.add(vhost);
      undo.push({ what: `the broker of vhost '${vhost}'`, run: () => vhosts.remove(vhost) });
    }
    const { users, vhosts: vhostRecords, permissions } = plan.access;
    if (users.length + vhostRecords.length + permissions.length > 0) {
      const next = <T>(writes: { next: T }[]) => writes.map((write) => write.next);
      await directory.importAccess({ users: next(users), vhosts: next(vhostRecords), permissions: next(permissions) });
      undo.push(...accessUndo(plan.access, directory));
    }
    for (const topology of plan.topology) {
      const broker = writerFor(topology.vhost);
      const where = `in vhost '${topology.vhost}'`;
      for (const { name, ...settings } of topology.exchanges) {
        const { created } = await broker.declareExchange(name, settings);
        if (created) undo.push({ what: `exchange '${name}' ${where}`, run: () => broker.deleteExchange(name) });
      }
      for (const { name, durable, autoDelete, arguments: args } of topology.queues) {
        const { created } = await broker.declareQueue(name, { durable, autoDelete, arguments: args });
        if (created) undo.push({ what: `queue '${name}' ${where}`, run: () => broker.deleteQueue(name) });
      }
      for (const spec of topology.bindings) {
        const { created, binding } = await broker.bind(spec);
        if (created) undo.push({ what: `the binding '${binding.id}' ${where}`, run: () => broker.unbind(binding.id) });
      }
    }
  } catch (error) {
    const remaining: string[] = [];
    for (const step of undo.reverse()) {
      await step.run().catch(() => remaining.push(step.what));
    }
    if (remaining.length === 0) throw error;
    const { body } = mapError(error);
    throw new ApiError('unavailable', `${body.error.message}; undoing the import failed too, so these remain: ${remaining.join(', ')}`, { remaining });
  }
}

/** Puts users, vhosts and permissions back as they were: new ones deleted, changed ones restored. */
function accessUndo(access: AccessPlan, directory: AccessDirectory): Undo[] {
  return [
    ...access.vhosts.map(({ next, before }) => ({
      what: `vhost '${next.name}'`,
      run: () => (before ? directory.putVhost(before.name, before.description) : directory.deleteVhost(next.name)),
    })),
    ...access.users.map(({ next, before }) => ({
      what: `user '${next.name}'`,
      run: () => (before ? directory.restoreUser(before) : directory.deleteUser(next.name)),
    })),
    ...access.permissions.map(({ next, before }) => ({
      what: `the permissions of user '${next.user}' in vhost '${next.vhost}'`,
      run: async () => {
        if (before) await directory.setPermission(before);
        else if (directory.findPermission(next.user, next.vhost)) await directory.clearPermission(next.user, next.vhost);
      },
    })),
  ];
}
