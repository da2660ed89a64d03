/** @module The replay form's fields, and the replay request body built from them (or what is wrong with them). */
import type { ReplayBody } from '@/lib/client/types';

export const DEATH_REASONS = ['rejected', 'expired', 'maxlen', 'delivery_limit'] as const;
export type DeathReason = (typeof DEATH_REASONS)[number];

export type DestinationKind = 'source' | 'queue' | 'exchange';

export interface ReplayForm {
  /** "all" replays everything; "filtered" applies the filter fields. */
  scope: 'all' | 'filtered';
  reason: '' | DeathReason;
  sourceQueue: string;
  /** One `key=value` a line. */
  headers: string;
  /** Seconds, as typed. */
  olderThanSec: string;
  newerThanSec: string;
  destination: DestinationKind;
  queue: string;
  exchange: string;
  routingKey: string;
  /** Messages per second, as typed; empty for unlimited. */
  ratePerSec: string;
  maxRedrives: string;
}

export const initialReplayForm: ReplayForm = {
  scope: 'all',
  reason: '',
  sourceQueue: '',
  headers: '',
  olderThanSec: '',
  newerThanSec: '',
  destination: 'source',
  queue: '',
  exchange: '',
  routingKey: '',
  ratePerSec: '',
  maxRedrives: '5',
};

export type ReplayBodyResult = { ok: true; body: ReplayBody } | { ok: false; errors: string[] };

/** `key=value` lines to a header table; values that read as numbers or booleans are sent as such. */
export function parseHeaderLines(text: string): { headers: Record<string, string | number | boolean>; errors: string[] } {
  const headers: Record<string, string | number | boolean> = {};
  const errors: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!key) {
      errors.push(`Header line ${index + 1} must look like key=value.`);
      return;
    }
    const value = line.slice(eq + 1).trim();
    headers[key] = value === 'true' ? true : value === 'false' ? false : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  });
  return { headers, errors };
}

function nonNegativeSeconds(text: string, label: string, errors: string[]): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || n < 0) {
    errors.push(`${label} must be a number of seconds, 0 or more.`);
    return undefined;
  }
  return Math.round(n * 1000);
}

/** The body of `POST /queues/{name}/replay` for this form, or the problems to fix first. */
export function buildReplayBody(form: ReplayForm, options: { dryRun?: boolean } = {}): ReplayBodyResult {
  const errors: string[] = [];
  const body: ReplayBody = {};

  if (form.destination === 'queue') {
    const queue = form.queue.trim();
    if (!queue) errors.push('Name the destination queue.');
    else body.to = { queue };
  } else if (form.destination === 'exchange') {
    const exchange = form.exchange.trim();
    if (!exchange) errors.push('Name the destination exchange.');
    else body.to = { exchange, routingKey: form.routingKey.trim() };
  } else {
    body.to = 'source';
  }

  if (form.scope === 'filtered') {
    const filter: NonNullable<ReplayBody['filter']> = {};
    if (form.reason) filter.reason = form.reason;
    if (form.sourceQueue.trim()) filter.sourceQueue = form.sourceQueue.trim();
    const parsed = parseHeaderLines(form.headers);
    errors.push(...parsed.errors);
    if (Object.keys(parsed.headers).length > 0) filter.headers = parsed.headers;
    const older = nonNegativeSeconds(form.olderThanSec, 'Older than', errors);
    const newer = nonNegativeSeconds(form.newerThanSec, 'Newer than', errors);
    if (older !== undefined) filter.olderThanMs = older;
    if (newer !== undefined) filter.newerThanMs = newer;
    if (older !== undefined && newer !== undefined && newer < older) {
      errors.push('"Newer than" must be at least "Older than", or nothing can match.');
    }
    if (Object.keys(filter).length === 0) errors.push('Set at least one filter, or choose "All messages".');
    else body.filter = filter;
  }

  const rate = form.ratePerSec.trim();
  if (rate) {
    const n = Number(rate);
    if (!Number.isFinite(n) || n <= 0 || n > 100_000) errors.push('Rate must be more than 0 and at most 100,000 messages per second.');
    else body.ratePerSec = n;
  }

  const max = form.maxRedrives.trim();
  if (max) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) errors.push('Max redrives must be a whole number from 0 to 1,000,000.');
    else body.maxRedrives = n;
  }

  if (options.dryRun) body.dryRun = true;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, body };
}

/** Words for where the messages go, for the confirmation. */
export function describeDestination(body: ReplayBody): string {
  const to = body.to ?? 'source';
  if (to === 'source') return 'back to where they died (from x-death)';
  if ('queue' in to) return `to the queue ${to.queue}`;
  return `to the exchange ${to.exchange || '(default)'} with routing key "${to.routingKey}"`;
}

/** The preview sentence: how many would move. */
export function previewText(count: number): string {
  if (count === 0) return 'No messages match: nothing would move.';
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'message' : 'messages'} will move.`;
}
