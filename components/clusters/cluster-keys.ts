/** @module TanStack Query keys of the cluster pages and the header's broker switch, so attaching or detaching refreshes both. */
export const clusterKeys = {
  all: ['clusters'] as const,
  list: ['clusters', 'list'] as const,
  detail: (id: string) => ['clusters', 'detail', id] as const,
  vhosts: (id: string) => ['clusters', 'vhosts', id] as const,
  nodes: (id: string) => ['clusters', 'nodes', id] as const,
  history: (id: string) => ['clusters', 'history', id] as const,
};
