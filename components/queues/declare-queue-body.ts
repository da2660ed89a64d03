/** @module Turns the declare form's fields into the PUT /queues/{name} body: empty fields are left out. */
import type { DeclareQueueBody, QueueArguments } from '@/lib/client/types';

export interface DeclareQueueValues {
  /** Absent or `classic`: a classic queue; `quorum`: durable only, a delivery limit of 20 unless set. */
  type?: 'classic' | 'quorum';
  durable: boolean;
  messageTtlMs: string;
  maxLength: string;
  deadLetterExchange: string;
}

export function toDeclareQueueBody(values: DeclareQueueValues): DeclareQueueBody {
  const args: QueueArguments = {};
  const ttl = toNumber(values.messageTtlMs);
  if (ttl !== undefined) args.messageTtlMs = ttl;
  const maxLength = toNumber(values.maxLength);
  if (maxLength !== undefined) args.maxLength = maxLength;
  const dlx = values.deadLetterExchange.trim();
  if (dlx !== '') args.deadLetterExchange = dlx;
  const base = values.type === 'quorum' ? { type: 'quorum' as const, durable: values.durable } : { durable: values.durable };
  return Object.keys(args).length > 0 ? { ...base, arguments: args } : base;
}

// Out-of-range or fractional numbers are sent as typed: the API's validation owns the rules and says what is wrong.
function toNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isNaN(value) ? undefined : value;
}
