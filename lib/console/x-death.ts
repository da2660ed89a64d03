/** @module A message's `x-death` header as a timeline: each dead-lettering, newest first, with a readable time. */

export interface XDeathEntry {
  queue: string;
  reason: string;
  count: number;
  exchange: string;
  routingKeys: string[];
  /** Seconds since the epoch, as AMQP timestamps are; null when the entry has none. */
  time: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads `headers['x-death']`, skipping anything malformed, and orders it newest first (ties keep the header's order). */
export function xDeathEntries(headers: Record<string, unknown> | undefined): XDeathEntry[] {
  const value = headers?.['x-death'];
  if (!Array.isArray(value)) return [];
  const entries = value.filter(isRecord).map(
    (raw): XDeathEntry => ({
      queue: typeof raw.queue === 'string' ? raw.queue : '',
      reason: typeof raw.reason === 'string' ? raw.reason : 'unknown',
      count: typeof raw.count === 'number' ? raw.count : 1,
      exchange: typeof raw.exchange === 'string' ? raw.exchange : '',
      routingKeys: Array.isArray(raw['routing-keys']) ? raw['routing-keys'].filter((k): k is string => typeof k === 'string') : [],
      time: typeof raw.time === 'number' && Number.isFinite(raw.time) ? raw.time : null,
    }),
  );
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (b.entry.time ?? -Infinity) - (a.entry.time ?? -Infinity) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** `2024-05-01 12:34:56 UTC` from seconds since the epoch. */
export function formatEpochSeconds(seconds: number | null): string {
  if (seconds === null) return 'unknown time';
  return formatEpochMs(seconds * 1000);
}

/** `2024-05-01 12:34:56 UTC` from milliseconds since the epoch. */
/** `null` is a time nobody recorded (a RabbitMQ message published without a timestamp). */
export function formatEpochMs(ms: number | null): string {
  if (ms === null) return 'not recorded';
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'invalid time';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The default exchange is `""` on the wire; people read it better by its name. */
export function exchangeLabel(exchange: string): string {
  return exchange === '' ? '(default exchange)' : exchange;
}
