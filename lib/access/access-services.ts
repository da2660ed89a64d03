/** @module The access layer of one process: directory, policy, logins, sessions and the audit sink, made together. */
import { AccessDirectory } from './access-directory';
import { AccessPolicy } from './access-policy';
import { AccessRepository, type AccessDb } from './access-repository';
import { discardAudit, type AuditSink } from './audit';
import { Authenticator } from './authenticator';
import { bootstrapAccess } from './bootstrap';
import type { ThrottleOptions } from './login-throttle';
import type { RefusalHoldOptions, SetTimer } from './refusal-hold';
import { SessionStore } from './sessions';

export interface Access {
  directory: AccessDirectory;
  policy: AccessPolicy;
  authenticator: Authenticator;
  sessions: SessionStore;
  /** Replaced by the store's audit writer once it is open. */
  audit: AuditSink;
  /** Stops the timer that ends expired keys' connections and streams. */
  close(): void;
}

/** How often expired API keys are looked for: their connections and streams end within this. */
const EXPIRY_CHECK_MS = 1000;

export interface AccessOptions {
  /** SWITCHBOARD_ADMIN_TOKEN: kept as an API key of admin. */
  envToken?: string;
  now?: () => number;
  sessionIdleTimeoutMs?: number;
  throttle?: ThrottleOptions;
  /** How AMQP's refusals are held for the brake's wait. */
  refusalHold?: RefusalHoldOptions;
  /** Timers for held refusals; tests pass fake ones. */
  setTimer?: SetTimer;
}

/** Loads users, vhosts, permissions and keys, and on first start creates admin; `newSecret` is printed once. */
export async function startAccess(db: AccessDb, options: AccessOptions = {}): Promise<{ access: Access; newSecret?: string }> {
  const now = options.now ?? Date.now;
  const directory = await AccessDirectory.load(new AccessRepository(db));
  const newSecret = await bootstrapAccess(directory, options.envToken, now());
  const access: Access = {
    directory,
    policy: new AccessPolicy(directory),
    authenticator: new Authenticator(directory, {
      now,
      ...(options.throttle ? { throttle: options.throttle } : {}),
      ...(options.refusalHold ? { refusalHold: options.refusalHold } : {}),
      ...(options.setTimer ? { setTimer: options.setTimer } : {}),
    }),
    sessions: new SessionStore(db, directory, { now, ...(options.sessionIdleTimeoutMs !== undefined ? { idleTimeoutMs: options.sessionIdleTimeoutMs } : {}) }),
    audit: discardAudit,
    close: () => clearInterval(expiry),
  };
  const expiry = setInterval(() => directory.announceExpired(now()), EXPIRY_CHECK_MS);
  expiry.unref?.();
  return { access, ...(newSecret ? { newSecret } : {}) };
}
