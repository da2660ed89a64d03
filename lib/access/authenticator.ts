/**
 * @module Logging in: a user's password, or one of its API keys in the password's place (AMQP, Basic, the login
 * form), and API keys as bearer tokens. Failures are throttled per user and address, and each answer says why not
 * only as `unauthorized` or `too_many_requests`: never whether the user exists.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EngineError } from '../engine/errors';
import type { AccessDirectory } from './access-directory';
import { addressOf, LoginThrottle, type ThrottleOptions } from './login-throttle';
import { hashPassword, verifyPassword, type PasswordHash } from './password-hashing';
import { RefusalHold, type RefusalHoldOptions, type SetTimer } from './refusal-hold';
import type { ApiKeyRecord, Principal } from './types';

export interface LoginAttempt {
  user: string;
  password: string;
  /** "host:port" of the client: failures are counted per its address. */
  peer: string;
}

export interface AuthenticatorOptions {
  now?: () => number;
  throttle?: ThrottleOptions;
  /** How `loginHeld` holds refusals (AMQP). */
  refusalHold?: RefusalHoldOptions;
  /** Timers for held refusals (default setTimeout, unref'd); tests pass fake ones. */
  setTimer?: SetTimer;
  /** Checks a password against a hash (default {@link verifyPassword}); tests wrap it to count the slow checks. */
  verify?: (stored: PasswordHash, password: string) => Promise<boolean>;
}

/** What the audit log and the caller learn of a failed login. */
export class LoginRefused extends EngineError {
  constructor(
    readonly user: string,
    retryAfterMs?: number,
  ) {
    super(
      retryAfterMs ? 'too_many_requests' : 'unauthorized',
      retryAfterMs ? `too many failed logins: try again in ${Math.ceil(retryAfterMs / 1000)} s` : 'the user name or password is not valid',
      retryAfterMs ? { retryAfterMs } : undefined,
    );
  }
}

let decoy: Promise<PasswordHash> | undefined;
/** A hash of a random password no one knows, checked when the user has none. */
const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

/** How long a checked password is trusted without hashing again (Basic auth sends it with every request). */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_LIMIT = 10_000;

export class Authenticator {
  readonly now: () => number;
  private readonly throttle: LoginThrottle;
  private readonly refusals: RefusalHold;
  private readonly verify: (stored: PasswordHash, password: string) => Promise<boolean>;
  /**
   * Passwords checked lately, by sha256 of user and password, valid until any user, key or permission changes (the
   * directory's version) or a minute passes: a slow hash on every Basic-authenticated request would cap the API.
   */
  private readonly verified = new Map<string, { version: number; until: number }>();

  constructor(
    readonly directory: AccessDirectory,
    options: AuthenticatorOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.throttle = new LoginThrottle(this.now, options.throttle);
    this.verify = options.verify ?? verifyPassword;
    this.refusals = new RefusalHold(options.setTimer ?? ((run, ms) => setTimeout(run, ms).unref()), options.refusalHold);
  }

  /** A user and its password or one of its API keys; throws {@link LoginRefused}. */
  async login({ user, password, peer }: LoginAttempt): Promise<Principal> {
    const address = addressOf(peer);
    const wait = this.throttle.retryAfterMs(user, address);
    if (wait > 0) throw new LoginRefused(user, wait);
    const principal = await this.check(user, password);
    if (!principal) {
      this.throttle.failed(user, address);
      throw new LoginRefused(user);
    }
    this.throttle.succeeded(user, address);
    return principal;
  }

  /**
   * `login` for a door with no Retry-After (AMQP): a refusal comes only after the brake's wait for this user and
   * address (capped, and at once when too many refusals from the address are held already), so a guessing loop
   * slows down as the waits double. A free failure (before any wait) is answered at once.
   */
  async loginHeld(attempt: LoginAttempt): Promise<Principal> {
    try {
      return await this.login(attempt);
    } catch (error) {
      if (error instanceof LoginRefused) {
        const address = addressOf(attempt.peer);
        await this.refusals.hold(address, this.throttle.retryAfterMs(attempt.user, address));
      }
      throw error;
    }
  }

  /** Refusals `loginHeld` holds now for the address of `peer`. */
  heldRefusals(peer: string): number {
    return this.refusals.heldFor(addressOf(peer));
  }

  /** An API key as a bearer token: 256 random bits cannot be guessed, so only its address's failures are counted, and a live key always gets in. */
  bearer(secret: string, peer: string): Principal {
    const address = addressOf(peer);
    // A live key is let in even while its address is braked: it cannot have been guessed, and one client's reconnect
    // loop behind a shared address (a NAT, a proxy) must not lock every application there out.
    const key = this.liveKey(secret);
    if (key) return this.keyPrincipal(key);
    const wait = this.throttle.retryAfterMs(undefined, address);
    if (wait > 0) throw new LoginRefused('', wait);
    this.throttle.failed(undefined, address);
    throw new LoginRefused('');
  }

  /** The principal of a live key, or undefined (unknown, expired, or its user gone). */
  keyPrincipalOf(keyId: string): Principal | undefined {
    const key = this.directory.findApiKey(keyId);
    return key && this.isLive(key) ? this.keyPrincipal(key) : undefined;
  }

  private async check(user: string, password: string): Promise<Principal | undefined> {
    const record = this.directory.findUser(user);
    if (password === '') return undefined;
    const key = record ? this.liveKey(password) : undefined;
    if (key) return key.user === user ? this.keyPrincipal(key) : undefined;
    if (!record?.password) {
      // As slow as a real check, so the time a refusal takes does not tell whether the user exists.
      await this.verify(await decoyHash(), password);
      return undefined;
    }
    const remembered = createHash('sha256').update(user).update('\u0000').update(password).digest('base64');
    const known = this.verified.get(remembered);
    if (!(known && known.version === this.directory.version && known.until > this.now())) {
      if (!(await this.verify(record.password, password))) return undefined;
      if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
      this.verified.set(remembered, { version: this.directory.version, until: this.now() + VERIFIED_TTL_MS });
    }
    return { user, tags: record.tags };
  }

  private liveKey(secret: string): ApiKeyRecord | undefined {
    if (!secret) return undefined;
    const key = this.directory.findApiKeyBySecret(secret);
    return key && this.isLive(key) ? key : undefined;
  }

  private isLive(key: ApiKeyRecord): boolean {
    return (key.expiresAt === undefined || key.expiresAt > this.now()) && this.directory.findUser(key.user) !== undefined;
  }

  private keyPrincipal(key: ApiKeyRecord): Principal {
    this.directory.noteKeyUsed(key, this.now());
    return { user: key.user, tags: this.directory.getUser(key.user).tags, apiKey: { id: key.id, name: key.name, readOnly: key.readOnly } };
  }
}
