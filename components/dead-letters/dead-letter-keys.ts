/** @module TanStack Query keys of the Dead letters page, so a finished replay can refresh every count at once. */
export const deadLetterKeys = {
  all: ['dead-letters'] as const,
  topology: ['dead-letters', 'topology'] as const,
  counts: (queue: string) => ['dead-letters', 'counts', queue] as const,
  queue: (queue: string) => ['dead-letters', 'queue', queue] as const,
  jobs: (queue: string) => ['dead-letters', 'jobs', queue] as const,
  job: (id: string) => ['dead-letters', 'job', id] as const,
};
