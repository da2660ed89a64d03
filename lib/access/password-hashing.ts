/**
 * @module Password hashes: Switchboard's own (scrypt, slow and salted) for passwords set here, and RabbitMQ's salted
 * sha256 and sha512 as its definitions export them, so a user imported from RabbitMQ logs in with the same password.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { EngineError } from '../engine/errors';

export const SCRYPT_ALGORITHM = 'switchboard_password_hashing_scrypt';
export const RABBIT_SHA256 = 'rabbit_password_hashing_sha256';
export const RABBIT_SHA512 = 'rabbit_password_hashing_sha512';
export const HASHING_ALGORITHMS = [SCRYPT_ALGORITHM, RABBIT_SHA256, RABBIT_SHA512] as const;
export type HashingAlgorithm = (typeof HASHING_ALGORITHMS)[number];

export interface PasswordHash {
  /** Base64: salt then digest, in the layout of `algorithm`. */
  hash: string;
  algorithm: HashingAlgorithm;
}

// scrypt with N=2^14, r=8, p=1 (the parameters are fixed by the algorithm's name): about 40 ms and 16 MiB per hash.
const SCRYPT = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SCRYPT_SALT_BYTES = 16;
const SCRYPT_KEY_BYTES = 32;
// RabbitMQ: base64(salt ‖ H(salt ‖ password)) with a 4-byte salt (rabbit_password:hash/2).
const RABBIT_SALT_BYTES = 4;

export function isHashingAlgorithm(value: string): value is HashingAlgorithm {
  return (HASHING_ALGORITHMS as readonly string[]).includes(value);
}

function scryptKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT_KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function rabbitDigest(algorithm: 'sha256' | 'sha512', salt: Buffer, password: string): Buffer {
  return createHash(algorithm).update(salt).update(password, 'utf8').digest();
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const key = await scryptKey(password, salt);
  return { hash: Buffer.concat([salt, key]).toString('base64'), algorithm: SCRYPT_ALGORITHM };
}

/** A hash in RabbitMQ's sha256 layout (for tests and for exporting to RabbitMQ). */
export function rabbitHash(password: string, algorithm: typeof RABBIT_SHA256 | typeof RABBIT_SHA512 = RABBIT_SHA256): string {
  const salt = randomBytes(RABBIT_SALT_BYTES);
  const digest = rabbitDigest(algorithm === RABBIT_SHA256 ? 'sha256' : 'sha512', salt, password);
  return Buffer.concat([salt, digest]).toString('base64');
}

/** Checks a stored hash's shape before it is accepted (a definitions import): `bad_request` when it cannot be one. */
export function assertWellFormedHash(hash: string, algorithm: string): asserts algorithm is HashingAlgorithm {
  if (!isHashingAlgorithm(algorithm)) {
    throw new EngineError('bad_request', `unknown hashing algorithm '${algorithm}' (known: ${HASHING_ALGORITHMS.join(', ')})`, {
      field: 'hashing_algorithm',
      value: algorithm,
    });
  }
  const bytes = Buffer.from(hash, 'base64');
  const expected = { [SCRYPT_ALGORITHM]: SCRYPT_SALT_BYTES + SCRYPT_KEY_BYTES, [RABBIT_SHA256]: RABBIT_SALT_BYTES + 32, [RABBIT_SHA512]: RABBIT_SALT_BYTES + 64 }[algorithm];
  if (bytes.length !== expected || bytes.toString('base64') !== hash) {
    throw new EngineError('bad_request', `password_hash is not a ${algorithm} hash`, { field: 'password_hash' });
  }
}

export async function verifyPassword(stored: PasswordHash, password: string): Promise<boolean> {
  const bytes = Buffer.from(stored.hash, 'base64');
  if (stored.algorithm === SCRYPT_ALGORITHM) {
    if (bytes.length !== SCRYPT_SALT_BYTES + SCRYPT_KEY_BYTES) return false;
    const key = await scryptKey(password, bytes.subarray(0, SCRYPT_SALT_BYTES));
    return timingSafeEqual(key, bytes.subarray(SCRYPT_SALT_BYTES));
  }
  const digestName = stored.algorithm === RABBIT_SHA256 ? 'sha256' : 'sha512';
  const salt = bytes.subarray(0, RABBIT_SALT_BYTES);
  const digest = rabbitDigest(digestName, salt, password);
  const expected = bytes.subarray(RABBIT_SALT_BYTES);
  return expected.length === digest.length && timingSafeEqual(digest, expected);
}
