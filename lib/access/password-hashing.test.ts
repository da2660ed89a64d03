/** @module Password hashes: our scrypt, and RabbitMQ's sha256/sha512 layouts checked against RabbitMQ's own output. */
import { createHash, randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import { openRabbitPeer } from '../../tests/support/rabbitmq-peer';
import { EngineError } from '../engine/errors';
import { assertWellFormedHash, hashPassword, RABBIT_SHA256, RABBIT_SHA512, rabbitHash, SCRYPT_ALGORITHM, verifyPassword } from './password-hashing';

const PASSWORD = 'grüne Äpfel ✓';

/** RabbitMQ's documented layout, written out independently of the module: base64(salt4 ‖ H(salt4 ‖ utf8 password)). */
function rabbitLayout(digest: 'sha256' | 'sha512', salt: Buffer, password: string): string {
  const hash = createHash(digest).update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest();
  return Buffer.concat([salt, hash]).toString('base64');
}

function badRequest(run: () => void): EngineError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('bad_request');
    return error as EngineError;
  }
  throw new Error('expected a bad_request');
}

describe('scrypt hashes', () => {
  it('verify the password they were made from and no other', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored.algorithm).toBe(SCRYPT_ALGORITHM);
    expect(() => assertWellFormedHash(stored.hash, stored.algorithm)).not.toThrow();
    expect(await verifyPassword(stored, PASSWORD)).toBe(true);
    expect(await verifyPassword(stored, 'grüne Äpfel ✗')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('are salted: the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPassword(b, PASSWORD)).toBe(true);
  });

  it('refuse (rather than throw on) a stored hash of the wrong length', async () => {
    expect(await verifyPassword({ algorithm: SCRYPT_ALGORITHM, hash: randomBytes(20).toString('base64') }, PASSWORD)).toBe(false);
  });
});

describe("RabbitMQ's hashes", () => {
  // Made by RabbitMQ 3.10.8: rabbit_password:hash(rabbit_password_hashing_sha256 | _sha512, <<"grüne Äpfel ✓"/utf8>>).
  const fromRabbitMq = {
    [RABBIT_SHA256]: 'zL/QjSAv6SXHqzIUiN4QFTaaApx5COzEz4qk6A2mg6L4fzlA',
    [RABBIT_SHA512]: 'SNKseavsV9uXhWfa1K5ebSwcA/plmR098Ek5bc+GaUhznZ4gyjdHLxmHkW3S1lithJuFzI7fNfv8RoAD3nPBIz5YQJM=',
  } as const;

  for (const [algorithm, digest] of [
    [RABBIT_SHA256, 'sha256'],
    [RABBIT_SHA512, 'sha512'],
  ] as const) {
    it(`${algorithm}: a hash in the documented layout verifies, a wrong password does not`, async () => {
      const hash = rabbitLayout(digest, Buffer.from([0x9a, 0x01, 0xff, 0x3c]), PASSWORD);
      expect(() => assertWellFormedHash(hash, algorithm)).not.toThrow();
      expect(await verifyPassword({ hash, algorithm }, PASSWORD)).toBe(true);
      expect(await verifyPassword({ hash, algorithm }, PASSWORD.normalize('NFD'))).toBe(false);
      expect(await verifyPassword({ hash, algorithm }, 'guest')).toBe(false);
    });

    it(`${algorithm}: a hash RabbitMQ made verifies`, async () => {
      const hash = fromRabbitMq[algorithm];
      expect(() => assertWellFormedHash(hash, algorithm)).not.toThrow();
      expect(await verifyPassword({ hash, algorithm }, PASSWORD)).toBe(true);
      expect(await verifyPassword({ hash, algorithm }, 'grüne Äpfel')).toBe(false);
    });

    it(`${algorithm}: rabbitHash writes the layout RabbitMQ reads`, async () => {
      const hash = rabbitHash(PASSWORD, algorithm);
      const bytes = Buffer.from(hash, 'base64');
      expect(rabbitLayout(digest, bytes.subarray(0, 4), PASSWORD)).toBe(hash);
      expect(await verifyPassword({ hash, algorithm }, PASSWORD)).toBe(true);
    });
  }

  it('the two layouts are not interchangeable', async () => {
    expect(await verifyPassword({ hash: fromRabbitMq[RABBIT_SHA256], algorithm: RABBIT_SHA512 }, PASSWORD)).toBe(false);
    expect(await verifyPassword({ hash: fromRabbitMq[RABBIT_SHA512], algorithm: RABBIT_SHA256 }, PASSWORD)).toBe(false);
  });

  const peer = process.env.AMQP_PEER_URL;
  it.runIf(peer)('the RabbitMQ at AMQP_PEER_URL logs a user in with a hash made here, in both layouts', async () => {
    const rabbit = await openRabbitPeer(peer!);
    const suffix = randomBytes(6).toString('hex');
    const vhost = `sb-hash-${suffix}`;
    const users = ([RABBIT_SHA256, RABBIT_SHA512] as const).map((algorithm, i) => ({ name: `sb-hash-${i}-${suffix}`, algorithm, password: `${PASSWORD} ${i}` }));
    await rabbit.importDefinitions({
      vhosts: [{ name: vhost }],
      users: users.map(({ name, algorithm, password }) => ({ name, password_hash: rabbitHash(password, algorithm), hashing_algorithm: algorithm, tags: '' })),
      permissions: users.map(({ name }) => ({ user: name, vhost, configure: '.*', write: '.*', read: '.*' })),
    });
    try {
      const url = new URL(peer!);
      for (const { name, password } of users) {
        const connection = await amqp.connect({ hostname: url.hostname, port: Number(url.port || 5672), username: name, password, vhost });
        await connection.close();
      }
    } finally {
      for (const { name } of users) await rabbit.deleteUser(name);
      await rabbit.deleteVhost(vhost);
    }
    // A definitions import and a vhost on a real broker sharing two busy cores with the whole suite: past 5 s at times.
  }, 30_000);
});

describe('assertWellFormedHash', () => {
  const good = rabbitHash(PASSWORD, RABBIT_SHA256);

  it('rejects an unknown algorithm, naming the known ones', () => {
    const error = badRequest(() => assertWellFormedHash(good, 'rabbit_password_hashing_md5'));
    expect(error.message).toContain("unknown hashing algorithm 'rabbit_password_hashing_md5'");
    expect(error.message).toContain(RABBIT_SHA512);
    expect(error.details).toEqual({ field: 'hashing_algorithm', value: 'rabbit_password_hashing_md5' });
  });

  it.each([
    ['the wrong length for its algorithm', good, RABBIT_SHA512],
    ['a sha256 hash cut short', good.slice(0, 20), RABBIT_SHA256],
    ['not base64', '@@not base64 at all, not a hash@@@@@@@@@@@@@', RABBIT_SHA256],
    ['empty', '', SCRYPT_ALGORITHM],
    ['base64 with junk appended', `${good}!!`, RABBIT_SHA256],
  ])('rejects a hash that is %s', (_case, hash, algorithm) => {
    const error = badRequest(() => assertWellFormedHash(hash, algorithm));
    expect(error.message).toBe(`password_hash is not a ${algorithm} hash`);
    expect(error.details).toEqual({ field: 'password_hash' });
  });
});
