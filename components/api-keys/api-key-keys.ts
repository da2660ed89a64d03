/** @module TanStack Query keys of the API keys page, so creating or revoking one refreshes the list. */
export const apiKeyKeys = {
  all: ['api-keys'] as const,
};
