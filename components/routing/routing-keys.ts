/** @module TanStack Query keys of the routing page, so a topology change refreshes the graph at once. */
export const routingKeys = {
  topology: ['routing', 'topology'] as const,
};
