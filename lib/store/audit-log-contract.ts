/**
 * @module What every AuditLog must do, as a vitest suite each store runs against itself (`runAuditLogContract`), so
 * that SQLite and PostgreSQL answer the audit page alike: fields kept, filters, paging newest first, bounded prunes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../access/audit';
import type { AuditLog, AuditLogQuery } from '../access/audit-log';

/** A store's audit log, opened empty for one test. */
export interface AuditLogFixture {
  log: AuditLog;
  /** Closes the store and opens it again on the same data (a restart); answers the new log. */
  reopen(): Promise<AuditLog>;
  /** Closes the store and removes its data. */
  close(): Promise<void>;
}

const T0 = 1_800_000_000_000;

export function entry(at: number, fields: Partial<AuditEntry> = {}): AuditEntry {
  return { at, user: 'ann', protocol: 'http', peer: '127.0.0.1:5000', action: 'queue.declare', outcome: 'ok', ...fields };
}

export function runAuditLogContract(name: string, open: () => Promise<AuditLogFixture>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let fixture: AuditLogFixture;
    let log: AuditLog;
    beforeEach(async () => {
      fixture = await open();
      log = fixture.log;
    });
    afterEach(async () => {
      await fixture?.close();
    });

    const actionsOf = async (query: Partial<AuditLogQuery>) => (await log.query({ limit: 100, ...query })).map((e) => `${e.action}@${e.at - T0}`);

    it('keeps every field of an entry, and leaves out what was absent', async () => {
      await log.write([
        entry(T0, {
          apiKey: 'ci',
          protocol: 'amqp',
          vhost: 'prod',
          action: 'queue.purge',
          resource: "queue 'orders'",
          outcome: 'denied',
          detail: { reason: 'read access refused', big: 10n, nested: { a: [1, 2] } },
          affected: 42,
        }),
        entry(T0 + 1, { action: 'login' }),
      ]);
      const [login, purge] = await log.query({ limit: 10 });
      expect(purge).toEqual({
        id: expect.any(Number),
        at: T0,
        user: 'ann',
        apiKey: 'ci',
        protocol: 'amqp',
        peer: '127.0.0.1:5000',
        vhost: 'prod',
        action: 'queue.purge',
        resource: "queue 'orders'",
        outcome: 'denied',
        detail: { reason: 'read access refused', big: '10', nested: { a: [1, 2] } },
        affected: 42,
      });
      expect(login).toEqual({ id: expect.any(Number), at: T0 + 1, user: 'ann', protocol: 'http', peer: '127.0.0.1:5000', action: 'login', outcome: 'ok', detail: {} });
    });

    it('filters by user, action (exact or prefix), resource substring, outcome, vhost and time', async () => {
      await log.write([
        entry(T0 + 1, { user: 'ann', action: 'queue.declare', resource: "queue 'Orders.EU'", vhost: '/' }),
        entry(T0 + 2, { user: 'bob', action: 'queue.purge', resource: "queue 'orders.us'", vhost: 'prod', outcome: 'denied' }),
        entry(T0 + 3, { user: 'ann', action: 'queue_x.delete', resource: "queue '100%_sure'" }),
        entry(T0 + 4, { user: 'bob', action: 'exchange.declare', resource: "exchange 'orders'", vhost: 'prod' }),
        entry(T0 + 5, { user: 'ann', action: 'queue*.odd', resource: "queue 'q'" }),
        entry(T0 + 6, { user: 'ann', action: 'login', outcome: 'error' }),
      ]);
      expect(await actionsOf({})).toEqual(['login@6', 'queue*.odd@5', 'exchange.declare@4', 'queue_x.delete@3', 'queue.purge@2', 'queue.declare@1']);
      expect(await actionsOf({ user: 'bob' })).toEqual(['exchange.declare@4', 'queue.purge@2']);
      expect(await actionsOf({ action: 'queue.purge' })).toEqual(['queue.purge@2']);
      // The prefix is literal: `_` and `*` before the trailing star match only themselves.
      expect(await actionsOf({ action: 'queue.*' })).toEqual(['queue.purge@2', 'queue.declare@1']);
      expect(await actionsOf({ action: 'queue**' })).toEqual(['queue*.odd@5']);
      expect(await actionsOf({ action: 'queue*' })).toHaveLength(4);
      expect(await actionsOf({ action: 'queue_*' })).toEqual(['queue_x.delete@3']);
      expect(await actionsOf({ action: '*' })).toHaveLength(6);
      expect(await actionsOf({ action: 'QUEUE.*' })).toEqual([]);
      expect(await actionsOf({ resource: 'orders' })).toEqual(['exchange.declare@4', 'queue.purge@2', 'queue.declare@1']);
      expect(await actionsOf({ resource: 'ORDERS.eu' })).toEqual(['queue.declare@1']);
      expect(await actionsOf({ resource: '100%_' })).toEqual(['queue_x.delete@3']);
      expect(await actionsOf({ resource: '0%s' })).toEqual([]);
      expect(await actionsOf({ outcome: 'denied' })).toEqual(['queue.purge@2']);
      expect(await actionsOf({ vhost: 'prod' })).toEqual(['exchange.declare@4', 'queue.purge@2']);
      expect(await actionsOf({ since: T0 + 3, until: T0 + 5 })).toEqual(['exchange.declare@4', 'queue_x.delete@3']);
      expect(await actionsOf({ user: 'ann', action: 'queue.*', resource: 'orders', since: T0, until: T0 + 10 })).toEqual(['queue.declare@1']);
    });

    it('matches a resource ignoring the case of ASCII letters only', async () => {
      await log.write([entry(T0 + 1, { action: 'queue.purge', resource: "queue 'ÉTÉ-Sales'" })]);
      expect(await actionsOf({ resource: 'été-sales' })).toEqual([]);
      expect(await actionsOf({ resource: 'ÉTÉ-SALES' })).toEqual(['queue.purge@1']);
      expect(await actionsOf({ resource: 'É-s' })).toEqual(['queue.purge@1']);
    });

    it('pages newest first without gaps or repeats, ties in time broken by id', async () => {
      // Written out of time order, several to a millisecond: the order is by time, then by id.
      const times = [5, 3, 3, 3, 9, 1, 5, 7, 3, 2, 8, 8, 4, 6, 0];
      await log.write(times.map((t, i) => entry(T0 + t, { resource: `r${i}` })));
      const seen: string[] = [];
      let before: AuditLogQuery['before'];
      for (let page = 0; page < 10; page++) {
        const events = await log.query({ limit: 4, ...(before ? { before } : {}) });
        seen.push(...events.map((e) => e.resource!));
        const last = events[events.length - 1];
        if (events.length < 4 || !last) break;
        before = { at: last.at, id: last.id };
      }
      const expected = times
        .map((t, i) => ({ t, i }))
        .sort((a, b) => b.t - a.t || b.i - a.i)
        .map(({ i }) => `r${i}`);
      expect(seen).toEqual(expected);
      // A page continues where the cursor stood even with filters, and events written meanwhile do not shift it.
      const first = await log.query({ limit: 2, until: T0 + 6 });
      await log.write([entry(T0 + 100), entry(T0 + 4)]);
      const next = await log.query({ limit: 3, until: T0 + 6, before: { at: first[1]!.at, id: first[1]!.id } });
      expect([...first, ...next].map((e) => e.at - T0)).toEqual([5, 5, 4, 4, 3]);
    });

    it('keeps a large batch whole and in its order', async () => {
      const count = 5_000;
      // Ten to a millisecond: within one, newest first is the reverse of the batch's order.
      await log.write(Array.from({ length: count }, (_, i) => entry(T0 + Math.floor(i / 10), { resource: `r${i}` })));
      const events = await log.query({ limit: count + 1 });
      expect(events.map((e) => e.resource)).toEqual(Array.from({ length: count }, (_, i) => `r${count - 1 - i}`));
      await log.write([]);
      expect(await log.query({ limit: count + 1 })).toHaveLength(count);
    });

    it('keeps an entry whose resource holds a NUL, with the rest of its batch', async () => {
      // A queue name may hold U+0000. PostgreSQL's text cannot: there it is kept as U+FFFD; SQLite keeps it.
      await log.write([entry(T0, { action: 'queue.declare' }), entry(T0 + 1, { action: 'queue.delete', resource: "queue 'a\u0000b'" }), entry(T0 + 2, { action: 'login' })]);
      expect(await actionsOf({})).toEqual(['login@2', 'queue.delete@1', 'queue.declare@0']);
      const [deleted] = await log.query({ limit: 1, action: 'queue.delete' });
      expect(deleted?.resource).toMatch(/^queue 'a[\u0000\uFFFD]b'$/);
    });

    it('prunes what is older than a time, a bounded number at a time', async () => {
      await log.write(Array.from({ length: 30 }, (_, i) => entry(T0 + i)));
      expect(await log.prune(T0 + 25, 10)).toBe(10);
      expect(await log.prune(T0 + 25, 10)).toBe(10);
      expect(await log.prune(T0 + 25, 10)).toBe(5);
      expect(await log.prune(T0 + 25, 10)).toBe(0);
      const left = await log.query({ limit: 100 });
      expect(left.map((e) => e.at - T0)).toEqual([29, 28, 27, 26, 25]);
    });

    it('survives a restart of the store', async () => {
      await log.write([entry(T0, { action: 'user.put', resource: "user 'cy'" })]);
      log = await fixture.reopen();
      expect(await actionsOf({})).toEqual(['user.put@0']);
    });
  });
}
