/** @module The HTTP front door's bounds from the environment: admission (in flight, queue, wait) and socket timeouts. */
import type { AdmissionLimits } from './admission';
import { envInteger } from './env-integer';

export interface FrontDoorConfig {
  admission: AdmissionLimits;
  /** Long-polls (`receive` with a wait) and event streams held open at once; they wait on the broker, not the CPU. */
  maxWaiting: number;
  /** Time to receive a request's headers (slow-loris guard). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** The listen backlog: connections the kernel holds before they are accepted. */
  backlog: number;
}

export const FRONT_DOOR_DEFAULTS: FrontDoorConfig = {
  admission: { maxInFlight: 64, maxQueued: 256, maxWaitMs: 2_000, retryAfterSeconds: 1, maxPerClient: 0, maxLoopDelayMs: 1_000 },
  maxWaiting: 1_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 15_000,
  backlog: 4_096,
};

export function readFrontDoorConfig(env: NodeJS.ProcessEnv = process.env): FrontDoorConfig {
  const d = FRONT_DOOR_DEFAULTS;
  return {
    admission: {
      maxInFlight: envInteger(env, 'SWITCHBOARD_HTTP_MAX_IN_FLIGHT', d.admission.maxInFlight, 1, 100_000),
      maxQueued: envInteger(env, 'SWITCHBOARD_HTTP_MAX_QUEUED', d.admission.maxQueued, 0, 1_000_000),
      maxWaitMs: envInteger(env, 'SWITCHBOARD_HTTP_QUEUE_WAIT_MS', d.admission.maxWaitMs, 1, 600_000),
      retryAfterSeconds: envInteger(env, 'SWITCHBOARD_HTTP_RETRY_AFTER_SECONDS', d.admission.retryAfterSeconds, 1, 3_600),
      maxPerClient: envInteger(env, 'SWITCHBOARD_HTTP_MAX_PER_CLIENT', d.admission.maxPerClient, 0, 1_000_000),
      maxLoopDelayMs: envInteger(env, 'SWITCHBOARD_HTTP_MAX_LOOP_DELAY_MS', d.admission.maxLoopDelayMs, 0, 600_000),
    },
    maxWaiting: envInteger(env, 'SWITCHBOARD_HTTP_MAX_WAITING', d.maxWaiting, 1, 1_000_000),
    headersTimeoutMs: envInteger(env, 'SWITCHBOARD_HTTP_HEADERS_TIMEOUT_MS', d.headersTimeoutMs, 1_000, 3_600_000),
    requestTimeoutMs: envInteger(env, 'SWITCHBOARD_HTTP_REQUEST_TIMEOUT_MS', d.requestTimeoutMs, 1_000, 3_600_000),
    keepAliveTimeoutMs: envInteger(env, 'SWITCHBOARD_HTTP_KEEP_ALIVE_MS', d.keepAliveTimeoutMs, 1_000, 3_600_000),
    backlog: envInteger(env, 'SWITCHBOARD_HTTP_BACKLOG', d.backlog, 1, 65_535),
  };
}
