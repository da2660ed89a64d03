/**
 * @module A deadline on a cluster page's request. Polling with TanStack Query waits for the request in flight before the
 * next, so one request that never ends would freeze the page on old figures without saying so; this ends it and says why.
 */

export async function withDeadline<T>(signal: AbortSignal, ms: number, what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = AbortSignal.timeout(ms);
  try {
    return await call(AbortSignal.any([signal, deadline]));
  } catch (error) {
    // The query's own signal (the page left, a newer request) stays a cancellation; only our deadline is an error.
    if (deadline.aborted && !signal.aborted) throw new Error(`${what} did not come within ${ms / 1000} s; asking again.`);
    throw error;
  }
}
