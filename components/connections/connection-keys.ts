/** @module TanStack Query keys for AMQP connections, so closing one refreshes the list and its detail. */

export const connectionKeys = {
  all: ['connections'] as const,
  list: () => ['connections', 'list'] as const,
  health: ['health'] as const,
};
