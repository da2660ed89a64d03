/** @module TanStack Query keys for browsed messages, so an action on one message refreshes every page of its queue. */

export const messageKeys = {
  all: ['messages'] as const,
  queue: (name: string) => ['messages', name] as const,
  page: (name: string, search: string, since: string | undefined, cursor: string | undefined) => ['messages', name, { search, since, cursor }] as const,
};
