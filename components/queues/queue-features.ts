/** @module The short labels the queue page shows for a queue's type and settings (durable, TTL, limits, DLX). */
import type { Queue } from '@/lib/client/types';
import { formatCount } from './format-count';
import { formatDuration } from './format-duration';

export function queueFeatures(queue: Pick<Queue, 'durable' | 'autoDelete' | 'arguments'> & { type?: Queue['type'] }): string[] {
  const args = queue.arguments ?? {};
  const features: string[] = [`${queue.type ?? 'classic'} queue`, queue.durable ? 'durable' : 'transient'];
  if (queue.autoDelete) features.push('auto-delete');
  if (args.messageTtlMs !== undefined) features.push(`TTL ${formatDuration(args.messageTtlMs)}`);
  if (args.expiresMs !== undefined) features.push(`expires ${formatDuration(args.expiresMs)}`);
  if (args.maxLength !== undefined) features.push(`max ${formatCount(args.maxLength)}`);
  if (args.maxLengthBytes !== undefined) features.push(`max ${formatCount(args.maxLengthBytes)} B`);
  if (args.overflow !== undefined && args.overflow !== 'drop-head') features.push(args.overflow);
  if (args.maxPriority !== undefined) features.push(`priority ≤ ${args.maxPriority}`);
  if (args.deadLetterExchange !== undefined) features.push(`DLX ${args.deadLetterExchange || 'amq.default'}`);
  if (args.deliveryLimit !== undefined) features.push(`delivery limit ${args.deliveryLimit}`);
  return features;
}
