/**
 * @module A definitions import as the panel shows it: the pasted file read, the dry run's diff grouped and counted,
 * vhosts, users and permissions (updated by an import, as RabbitMQ does) apart from exchanges and queues (whose
 * changes refuse it).
 */
import type { DefinitionsDiff, DefinitionsImportBody } from '@/lib/client/types';

type Added = DefinitionsDiff['added'];
type ExchangeDef = Added['exchanges'][number];
type QueueDef = Added['queues'][number];
type BindingDef = Added['bindings'][number];
type UserDef = Added['users'][number];
type VhostDef = Added['vhosts'][number];
type PermissionDef = Added['permissions'][number];

export type ReadDefinitions = { ok: true; body: DefinitionsImportBody } | { ok: false; error: string };

const TOPOLOGY = ['exchanges', 'queues', 'bindings'] as const;
/** In the order an import applies them. */
const SECTIONS = ['vhosts', 'users', 'permissions', ...TOPOLOGY] as const;
type SectionKey = (typeof SECTIONS)[number];

/** Reads a definitions file's text; says plainly what is wrong with it, before anything is sent. */
export function readDefinitions(text: string): ReadDefinitions {
  if (text.trim() === '') return { ok: false, error: 'Choose a file or paste a definitions JSON first.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `This is not valid JSON: ${detail}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: 'A definitions file is a JSON object with "exchanges", "queues", "bindings" (and "users", "vhosts", "permissions") lists.' };
  }
  const record = parsed as Record<string, unknown>;
  for (const key of SECTIONS) {
    if (record[key] !== undefined && !Array.isArray(record[key])) return { ok: false, error: `"${key}" must be a list.` };
  }
  if (SECTIONS.every((key) => record[key] === undefined)) {
    return { ok: false, error: 'The file has no "exchanges", "queues", "bindings", "users", "vhosts" or "permissions": is it a definitions export?' };
  }
  return { ok: true, body: record as DefinitionsImportBody };
}

export interface FieldChange {
  field: string;
  current: string;
  desired: string;
}

export interface ChangedEntry {
  name: string;
  changes: FieldChange[];
}

export interface DiffSection {
  key: SectionKey;
  title: string;
  added: string[];
  changed: ChangedEntry[];
  /** Exchanges and queues: a change refuses the import. Vhosts, users and permissions are updated. */
  blocking: boolean;
  removed: string[];
}

export interface DiffSummary {
  sections: DiffSection[];
  counts: { added: number; changed: number; removed: number };
  /** Nothing would be declared: the broker already has everything in the file. */
  upToDate: boolean;
  /** Something exists with other settings: the server refuses the whole import (409). */
  blocked: boolean;
  warnings: string[];
}

const show = (value: unknown) => (value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value));

export function exchangeLabel(def: ExchangeDef): string {
  const alternate = def.arguments['alternate-exchange'];
  return `${def.name} (${def.type}${alternate !== undefined ? `, alternate ${show(alternate)}` : ''}${def.internal ? ', internal' : ''})`;
}

export function queueLabel(def: QueueDef): string {
  const args = Object.entries(def.arguments).map(([key, value]) => `${key}=${show(value)}`);
  return args.length > 0 ? `${def.name} (${args.join(', ')})` : def.name;
}

export function userLabel(def: UserDef): string {
  return `${def.name} (tags: ${def.tags.length > 0 ? def.tags.join(', ') : 'none'}${def.hashing_algorithm === undefined ? ', no password' : ''})`;
}

export function vhostLabel(def: VhostDef): string {
  return def.description ? `${def.name} (${def.description})` : def.name;
}

export function permissionLabel(def: PermissionDef): string {
  const shown = (pattern: string) => (pattern === '' ? '""' : pattern);
  return `${def.user} in ${def.vhost}: configure ${shown(def.configure)}, write ${shown(def.write)}, read ${shown(def.read)}`;
}

export function bindingLabel(def: BindingDef): string {
  const source = def.source === '' ? 'amq.default' : def.source;
  const args = Object.entries(def.arguments).map(([key, value]) => `${key}=${show(value)}`);
  const on = [def.routing_key === '' ? '' : `key ${def.routing_key}`, ...args].filter(Boolean).join(', ');
  return `${source} → ${def.destination_type} ${def.destination}${on ? ` (${on})` : ''}`;
}

/** Every field, and every argument, whose value differs between what the broker has and what the file wants. */
export function fieldChanges(current: Record<string, unknown>, desired: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of new Set([...Object.keys(current), ...Object.keys(desired)])) {
    if (field === 'arguments') continue;
    if (JSON.stringify(current[field]) !== JSON.stringify(desired[field])) {
      changes.push({ field, current: show(current[field]), desired: show(desired[field]) });
    }
  }
  const a = (current.arguments ?? {}) as Record<string, unknown>;
  const b = (desired.arguments ?? {}) as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes.push({ field: `arguments.${key}`, current: show(a[key]), desired: show(b[key]) });
  }
  return changes;
}

export function summarizeDiff(diff: DefinitionsDiff): DiffSummary {
  const changed = (list: { name: string; current: object; desired: object }[]) =>
    list.map((entry) => ({ name: entry.name, changes: fieldChanges(entry.current as Record<string, unknown>, entry.desired as Record<string, unknown>) }));
  const users = diff.changed.users.map(({ passwordChanged, ...entry }) => {
    const [summary] = changed([entry]);
    return passwordChanged ? { ...summary!, changes: [...summary!.changes, { field: 'password', current: '(set)', desired: '(changed)' }] } : summary!;
  });
  const permissions = changed(diff.changed.permissions.map((entry) => ({ ...entry, name: `${entry.user} in ${entry.vhost}` })));
  const all: DiffSection[] = [
    { key: 'vhosts', title: 'Vhosts', added: diff.added.vhosts.map(vhostLabel), changed: changed(diff.changed.vhosts), blocking: false, removed: diff.removed.vhosts.map(vhostLabel) },
    { key: 'users', title: 'Users', added: diff.added.users.map(userLabel), changed: users, blocking: false, removed: diff.removed.users.map(userLabel) },
    {
      key: 'permissions',
      title: 'Permissions',
      added: diff.added.permissions.map(permissionLabel),
      changed: permissions,
      blocking: false,
      removed: diff.removed.permissions.map(permissionLabel),
    },
    {
      key: 'exchanges',
      title: 'Exchanges',
      added: diff.added.exchanges.map(exchangeLabel),
      changed: changed(diff.changed.exchanges),
      blocking: true,
      removed: diff.removed.exchanges.map(exchangeLabel),
    },
    { key: 'queues', title: 'Queues', added: diff.added.queues.map(queueLabel), changed: changed(diff.changed.queues), blocking: true, removed: diff.removed.queues.map(queueLabel) },
    { key: 'bindings', title: 'Bindings', added: diff.added.bindings.map(bindingLabel), changed: [], blocking: true, removed: diff.removed.bindings.map(bindingLabel) },
  ];
  // Topology is always shown; access sections only when the file adds or changes some (a topology file lists every user as "removed").
  const sections = all.filter((section) => section.blocking || section.added.length > 0 || section.changed.length > 0);
  const total = (pick: (s: DiffSection) => unknown[]) => sections.reduce((sum, s) => sum + pick(s).length, 0);
  const counts = { added: total((s) => s.added), changed: total((s) => s.changed), removed: total((s) => s.removed) };
  const blocked = sections.some((section) => section.blocking && section.changed.length > 0);
  return { sections, counts, upToDate: counts.added === 0 && counts.changed === 0, blocked, warnings: diff.warnings };
}

/** "5 exchanges, 6 queues and 8 bindings", leaving out what is zero. */
export function countsText(section: Partial<Record<SectionKey, number>>): string {
  const parts = SECTIONS.filter((key) => (section[key] ?? 0) > 0).map((key) => `${section[key]} ${section[key] === 1 ? key.slice(0, -1) : key}`);
  if (parts.length === 0) return 'nothing';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function addedCounts(diff: DefinitionsDiff): Record<SectionKey, number> {
  return Object.fromEntries(SECTIONS.map((key) => [key, diff.added[key].length])) as Record<SectionKey, number>;
}

/** What an import does, in words: "2 users and 1 queue added, 1 permission updated"; "nothing" when nothing. */
export function importText(diff: DefinitionsDiff): string {
  const added = countsText(addedCounts(diff));
  const updated = countsText({ vhosts: diff.changed.vhosts.length, users: diff.changed.users.length, permissions: diff.changed.permissions.length });
  const parts = [added === 'nothing' ? '' : `${added} added`, updated === 'nothing' ? '' : `${updated} updated`].filter(Boolean);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/** `switchboard-definitions-2026-11-22.json`, by the local date. */
export function exportFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `switchboard-definitions-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}
