/** @module TanStack Query keys for queues, so a declaration can refresh every list at once. */

export const queueKeys = {
  all: ['queues'] as const,
  list: (search: string) => ['queues', 'list', { search }] as const,
};
