/**
 * @module The dashboard's QueryClient. Any query or mutation answered 401 sends the browser to the
 * login page, except a mutation marked `meta: { skipLoginRedirect: true }` (the login itself).
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/client/api-error';
import { redirectToLogin } from '@/components/auth/redirect-to-login';

const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) redirectToLogin();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (isUnauthorized(error) && mutation.meta?.skipLoginRedirect !== true) redirectToLogin();
      },
    }),
    defaultOptions: {
      queries: {
        // A 4xx will answer the same again; only network trouble and 5xx are worth retrying.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
        staleTime: 0,
      },
    },
  });
}
