/**
 * @module The plan of a definitions import: for the whole node, users, vhosts and permissions and then every vhost's
 * topology; for one vhost, its topology only. Every problem of the file is found at once, before anything is applied.
 */
import { BUILT_IN_EXCHANGES, type ExchangeInfo } from '@/lib/engine';
import { planAccess, type AccessPlan } from './definitions-access';
import type { NodeSnapshot, TopologySnapshot } from './definitions';
import { planTopology, type TopologyPlan } from './definitions-import';
import { ApiError } from './errors';
import type { Issue } from './schemas/common';
import type { DefinitionsDiff, DefinitionsImport } from './schemas/definitions';

export interface ImportPlan {
  access: AccessPlan;
  /** Vhosts the file creates: their brokers start before anything is declared in them. */
  newVhosts: string[];
  topology: TopologyPlan[];
  diff: DefinitionsDiff;
}

/** What a vhost that does not exist yet will hold when its broker starts. */
const emptyVhost = (): TopologySnapshot => ({
  exchanges: BUILT_IN_EXCHANGES.map(({ name, type }): ExchangeInfo => ({ name, type, durable: true, autoDelete: false, internal: false, arguments: {} })),
  queues: [],
  bindings: [],
});

const TOPOLOGY_SECTIONS = ['exchanges', 'queues', 'bindings'] as const;
const IGNORED_SECTIONS = [
  ['topic_permissions', 'topic permissions'],
  ['policies', 'policies'],
  ['parameters', 'parameters'],
  ['global_parameters', 'global parameters'],
] as const;

/** Plans a whole node's import: throws `bad_request` listing every issue when the file cannot be applied as it is. */
export function planNodeImport(file: DefinitionsImport, node: NodeSnapshot): ImportPlan {
  const access = planAccess(file, node);
  const existing = new Set(node.vhosts.map((v) => v.name));
  const created = access.vhosts.filter((write) => !write.before).map((write) => write.next.name);
  // A vhost named in the file counts even when its entry is refused: that entry's own issue says why, once.
  const known = new Set([...existing, ...created, ...file.vhosts.map((v) => v.name)]);
  const issues: Issue[] = [...access.issues];
  for (const section of TOPOLOGY_SECTIONS) {
    file[section].forEach((def, index) => {
      if (!known.has(def.vhost)) issues.push({ in: 'body', path: [section, index, 'vhost'], code: 'not_found', message: `vhost '${def.vhost}' is neither in the file nor in Switchboard` });
    });
  }
  const topology = [...known].sort().map((vhost) => planTopology(file, node.topology.get(vhost) ?? emptyVhost(), vhost));
  issues.push(...topology.flatMap((plan) => plan.issues));
  if (issues.length > 0) throw new ApiError('bad_request', issuesMessage(issues), issues);
  return { access, newVhosts: created, topology, diff: mergeDiff(access, topology, [...access.warnings, ...ignoredWarnings(file)]) };
}

/** Plans one vhost's import, as RabbitMQ's POST /api/definitions/{vhost}: every entry goes to that vhost. */
export function planVhostImport(file: DefinitionsImport, vhost: string, current: TopologySnapshot): ImportPlan {
  const plan = planTopology(file, current, vhost, () => true);
  if (plan.issues.length > 0) throw new ApiError('bad_request', issuesMessage(plan.issues), plan.issues);
  const access = planAccess({ users: [], vhosts: [], permissions: [] }, { users: [], vhosts: [], permissions: [] });
  const leftOut = file.users.length + file.vhosts.length + file.permissions.length > 0;
  const warnings = [
    ...(leftOut ? [`users, vhosts and permissions were left out: a vhost's import takes its topology only (POST /api/v1/definitions imports them)`] : []),
    ...ignoredWarnings(file),
  ];
  return { access, newVhosts: [], topology: [plan], diff: mergeDiff(access, [plan], warnings) };
}

/** Refuses (409, nothing applied) an import that would change an existing exchange or queue, as redeclaring it would. */
export function assertNoConflicts(plan: ImportPlan): void {
  const { exchanges, queues } = plan.diff.changed;
  if (exchanges.length + queues.length > 0) {
    throw new ApiError('precondition_failed', 'Some exchanges or queues exist with other settings; nothing was imported', { exchanges, queues });
  }
}

function mergeDiff(access: AccessPlan, topology: TopologyPlan[], warnings: string[]): DefinitionsDiff {
  const all = <K extends 'added' | 'changed' | 'removed', S extends keyof TopologyPlan['diff'][K]>(kind: K, section: S) =>
    topology.flatMap((plan) => plan.diff[kind][section] as unknown[]) as never;
  return {
    added: { exchanges: all('added', 'exchanges'), queues: all('added', 'queues'), bindings: all('added', 'bindings'), ...access.diff.added },
    changed: { exchanges: all('changed', 'exchanges'), queues: all('changed', 'queues'), ...access.diff.changed },
    removed: { exchanges: all('removed', 'exchanges'), queues: all('removed', 'queues'), bindings: all('removed', 'bindings'), ...access.diff.removed },
    warnings: [...topology.flatMap((plan) => plan.warnings), ...warnings],
  };
}

function ignoredWarnings(file: DefinitionsImport): string[] {
  return IGNORED_SECTIONS.filter(([key]) => file[key].length > 0).map(
    ([key, label]) => `${label} are not supported yet: ${file[key].length} ${file[key].length === 1 ? 'was' : 'were'} ignored`,
  );
}

function issuesMessage(issues: Issue[]): string {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `definitions.${issues[0].path.join('.')}: ${issues[0].message}${more}`;
}
