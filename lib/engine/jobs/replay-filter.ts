/** @module Which dead letters a replay takes, and where "source" sends them: pure functions over a message. */
import { readDeaths } from '../dead-letter';
import type { QueuedMessage } from '../types';
import { REDRIVE_COUNT_HEADER, type ReplayOptions, type ReplaySpec } from './job';

/** Fixes a replay's options at `now`: ages become instants, defaults are filled in. */
export function toReplaySpec(options: ReplayOptions, now: number, maxSeq: number, defaultMaxRedrives: number): ReplaySpec {
  const { olderThanMs, newerThanMs, ...filter } = options.filter ?? {};
  return {
    to: options.to ?? 'source',
    ...(options.messageIds ? { messageIds: options.messageIds } : {}),
    filter: {
      ...filter,
      ...(olderThanMs !== undefined ? { publishedBefore: now - olderThanMs } : {}),
      ...(newerThanMs !== undefined ? { publishedAfter: now - newerThanMs } : {}),
    },
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.ratePerSec !== undefined ? { ratePerSec: options.ratePerSec } : {}),
    maxRedrives: options.maxRedrives ?? defaultMaxRedrives,
    ...(options.sourceExchanges ? { sourceExchanges: options.sourceExchanges } : {}),
    maxSeq,
  };
}

/** Whether a ready message of the dead-letter queue is one the replay takes. */
export function replayMatches(spec: ReplaySpec, message: Pick<QueuedMessage, 'seq' | 'messageId' | 'publishedAt' | 'properties'>): boolean {
  if (message.seq > spec.maxSeq) return false;
  if (spec.messageIds && !spec.messageIds.includes(message.messageId)) return false;
  const { reason, sourceQueue, headers, publishedBefore, publishedAfter } = spec.filter;
  if (publishedBefore !== undefined && message.publishedAt > publishedBefore) return false;
  if (publishedAfter !== undefined && message.publishedAt < publishedAfter) return false;
  if (reason !== undefined || sourceQueue !== undefined) {
    const newest = readDeaths(message.properties.headers)[0];
    if (!newest) return false;
    if (reason !== undefined && newest.reason !== reason) return false;
    if (sourceQueue !== undefined && newest.queue !== sourceQueue) return false;
  }
  if (headers) {
    const own = message.properties.headers ?? {};
    for (const [key, value] of Object.entries(headers)) {
      if (!(key in own) || JSON.stringify(own[key]) !== JSON.stringify(value)) return false;
    }
  }
  return true;
}

/** How often the message was replayed before (its `x-redrive-count`, 0 when absent). */
export function redriveCount(message: Pick<QueuedMessage, 'properties'>): number {
  const value = message.properties.headers?.[REDRIVE_COUNT_HEADER];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The exchange and routing keys of the newest x-death entry: where "source" sends a message back. */
export function sourceOf(message: Pick<QueuedMessage, 'properties'>): { exchange: string; routingKeys: string[] } | undefined {
  const newest = readDeaths(message.properties.headers)[0];
  return newest ? { exchange: newest.exchange, routingKeys: newest['routing-keys'] } : undefined;
}
