/**
 * @module Secrets Switchboard must use again, not only check (an attached cluster's password): sealed with AES-256-GCM
 * under SWITCHBOARD_SECRET_KEY before they are stored, bound to what they belong to (the additional data, so a sealed
 * value copied to another row does not open there), and tagged with the key's fingerprint, so a changed key is said
 * in so many words rather than as a failed decryption.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { EngineError } from '../engine/errors';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A passphrase shorter than this is refused: the key is only as strong as it. */
export const MIN_PASSPHRASE_LENGTH = 32;
/** Fixed, so one passphrase gives one key on every start; the passphrase itself must carry the entropy. */
const PASSPHRASE_SALT = 'switchboard secret box v1';

export class SecretBox {
  private readonly fingerprint: string;

  private constructor(private readonly key: Buffer) {
    this.fingerprint = fingerprintOf(key);
  }

  /**
   * The box of `SWITCHBOARD_SECRET_KEY`: 32 bytes as 64 hex digits or base64, or a passphrase of at least 32
   * characters (stretched with scrypt). Throws `precondition_failed` when it is missing or unusable.
   */
  static fromEnv(env: Record<string, string | undefined> = process.env): SecretBox {
    const value = env.SWITCHBOARD_SECRET_KEY?.trim();
    if (!value) {
      throw new EngineError('precondition_failed', 'SWITCHBOARD_SECRET_KEY is not set: it encrypts stored credentials (generate one with `openssl rand -base64 32`)', { field: 'SWITCHBOARD_SECRET_KEY', problem: 'missing' });
    }
    return new SecretBox(keyFrom(value));
  }

  /** Seals `plaintext` for `purpose` (what it belongs to, e.g. `cluster:<id>:password`). */
  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${this.fingerprint}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
  }

  /** Opens what `seal` made for the same purpose; a changed key, another purpose or a tampered value is refused. */
  open(sealed: string, purpose: string): string {
    const [version, fingerprint, body] = sealed.split(':');
    if (version !== VERSION || !fingerprint || !body) throw unreadable('is not a sealed secret of this Switchboard');
    if (fingerprint !== this.fingerprint) {
      throw unreadable(`was sealed under another SWITCHBOARD_SECRET_KEY (key ${fingerprint}; this one is ${this.fingerprint})`);
    }
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw unreadable('is cut short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable(`does not open for ${purpose} (altered, or sealed for something else)`);
    }
  }
}

function keyFrom(value: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(value)) return Buffer.from(value, 'base64');
  if (value.length < MIN_PASSPHRASE_LENGTH) {
    throw new EngineError(
      'precondition_failed',
      `SWITCHBOARD_SECRET_KEY must be 32 bytes (64 hex digits or base64) or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`,
      { field: 'SWITCHBOARD_SECRET_KEY', problem: 'too_short' },
    );
  }
  return scryptSync(value, PASSPHRASE_SALT, 32);
}

/** Names a key without revealing it: the first 8 hex digits of its SHA-256. */
function fingerprintOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function unreadable(why: string): EngineError {
  return new EngineError('precondition_failed', `A stored secret cannot be read: it ${why}`, { problem: 'unreadable_secret' });
}
