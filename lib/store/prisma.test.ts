import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrisma } from './prisma';
import { SqliteStore } from './sqlite-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-prisma-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createPrisma', () => {
  it('migrates a fresh database and stores API keys and sessions', async () => {
    const prisma = createPrisma(`file:${path.join(dir, 'nested', 'app.db')}`);
    try {
      expect(await prisma.vhost.findMany()).toEqual([expect.objectContaining({ name: '/' })]);
      const key = await prisma.apiKey.create({ data: { id: 'key-1', user: 'admin', name: 'ci', tokenHash: 'hash-1' } });
      expect(key.createdAt).toBeInstanceOf(Date);
      expect(key.lastUsedAt).toBeNull();
      const expiresAt = new Date('2030-01-01T00:00:00.000Z');
      await prisma.session.create({ data: { id: 'sess-1', secretHash: 'secret-1', user: 'admin', apiKeyId: key.id, expiresAt } });

      await prisma.apiKey.update({ where: { tokenHash: 'hash-1' }, data: { lastUsedAt: new Date(1_700_000_000_000) } });
      expect((await prisma.apiKey.findUnique({ where: { id: 'key-1' } }))?.lastUsedAt?.getTime()).toBe(1_700_000_000_000);
      const session = await prisma.session.findUnique({ where: { secretHash: 'secret-1' } });
      expect(session).toMatchObject({ user: 'admin', apiKeyId: 'key-1', expiresAt });
      await expect(prisma.apiKey.create({ data: { id: 'key-2', user: 'admin', name: 'dup', tokenHash: 'hash-1' } })).rejects.toThrow();
    } finally {
      await prisma.$disconnect();
    }
  });

  it('shares the database file with the engine store', async () => {
    const url = `file:${path.join(dir, 'shared.db')}`;
    const store = SqliteStore.open(path.join(dir, 'shared.db'));
    const prisma = createPrisma(url);
    try {
      await store.recover();
      await store.commit({
        topology: [{ op: 'putQueue', queue: { name: 'orders', durable: true, autoDelete: false, arguments: { maxLength: 5 } } }],
        inserts: [],
        deliveries: [],
        deletes: [],
      });
      await prisma.apiKey.create({ data: { id: 'c', user: 'admin', name: 'n', tokenHash: 'h' } });
      expect(await prisma.queue.findMany()).toEqual([
        expect.objectContaining({ name: 'orders', durable: true, autoDelete: false, exclusiveOwner: null, arguments: '{"maxLength":5}' }),
      ]);
    } finally {
      await prisma.$disconnect();
      await store.close();
    }
  });
});
