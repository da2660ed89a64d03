/** @module TanStack Query keys for queues, so a declaration, purge or publish can refresh every view at once. */
import type { QueueSort } from '@/lib/client/types';

export const queueKeys = {
  all: ['queues'] as const,
  page: (search: string, sort: QueueSort, cursor: string | undefined) => ['queues', 'page', { search, sort, cursor }] as const,
  detail: (name: string) => ['queues', 'detail', name] as const,
  metrics: (name: string, windowMs: number) => ['queues', 'metrics', name, windowMs] as const,
  consumers: (name: string) => ['queues', 'consumers', name] as const,
  bindings: (name: string) => ['queues', 'bindings', name] as const,
};
