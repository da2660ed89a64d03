/** @module What a job is: a long operation of the engine (a dead-letter replay), its spec, status and exact counters. */
import type { FieldTable } from '../types';

export type JobStatus = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

/** Where replayed messages go: back where they died (from x-death), a queue, or an exchange by routing key. */
export type ReplayTarget = 'source' | { queue: string } | { exchange: string; routingKey: string };

export interface ReplayFilter {
  /** Reason of the newest x-death entry. */
  reason?: string;
  /** Queue of the newest x-death entry. */
  sourceQueue?: string;
  /** Each header must equal this value (compared as JSON). */
  headers?: FieldTable;
  olderThanMs?: number;
  newerThanMs?: number;
}

export interface ReplayOptions {
  to?: ReplayTarget;
  messageIds?: string[];
  filter?: ReplayFilter;
  limit?: number;
  ratePerSec?: number;
  maxRedrives?: number;
  /**
   * With `to: 'source'`: the only exchanges messages may go back to (the ones the starter may publish to); a message
   * whose newest x-death names another stays where it is and is counted as failed. Absent: any.
   */
  sourceExchanges?: string[];
}

/** A replay's options with the ages turned into fixed instants at its start, so the set it works on does not drift. */
export interface ReplaySpec {
  to: ReplayTarget;
  messageIds?: string[];
  filter: Omit<ReplayFilter, 'olderThanMs' | 'newerThanMs'> & { publishedBefore?: number; publishedAfter?: number };
  limit?: number;
  ratePerSec?: number;
  maxRedrives: number;
  sourceExchanges?: string[];
  /** Only messages with a seq up to this one: those that were there when the job started. */
  maxSeq: number;
}

/** A job as the API shows it. */
export interface JobInfo {
  id: string;
  kind: 'replay';
  queue: string;
  status: JobStatus;
  total: number;
  done: number;
  skipped: number;
  failed: number;
  startedAt: number;
  finishedAt?: number;
  error?: string;
  /** Where it sends messages, and (back to their source) through which exchanges only: what acting on it needs. */
  destination: { to: ReplayTarget; sourceExchanges?: string[] };
}

/** A job as it is stored: committed in the same transaction as the messages each step moved. */
export interface JobRecord extends Omit<JobInfo, 'destination'> {
  spec: ReplaySpec;
  /** Where the next step goes on scanning (an opaque peek cursor); absent at the start. */
  cursor?: string;
}

export const DEFAULT_MAX_REDRIVES = 5;
export const REDRIVE_COUNT_HEADER = 'x-redrive-count';

export function jobInfo(record: JobRecord): JobInfo {
  const { spec, cursor: _cursor, ...info } = record;
  return { ...info, destination: { to: spec.to, ...(spec.sourceExchanges ? { sourceExchanges: spec.sourceExchanges } : {}) } };
}
