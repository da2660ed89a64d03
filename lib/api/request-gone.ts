/**
 * @module Whether the client of a request has left. A Web Request answers through its `signal`, but a server that
 * holds node's own request and response (the lean layer) can answer without making an AbortController per request:
 * it attaches a probe, read instead of the signal.
 */
const GONE_PROBE = Symbol.for('switchboard.requestGoneProbe');

export function attachGoneProbe(request: Request, probe: () => boolean): void {
  (request as unknown as Record<symbol, () => boolean>)[GONE_PROBE] = probe;
}

export function requestGone(request: Request): boolean {
  const probe = (request as unknown as Record<symbol, (() => boolean) | undefined>)[GONE_PROBE];
  return probe ? probe() : request.signal.aborted;
}
