/** @module TanStack Query keys of the Users page, so a change to a user, a vhost or a permission refreshes what shows it. */
export const userKeys = {
  all: ['users'] as const,
  list: ['users', 'list'] as const,
  permissions: (user: string) => ['users', 'permissions', user] as const,
  vhosts: ['users', 'vhosts'] as const,
};
