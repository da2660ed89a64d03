import { describe, expect, it } from 'vitest';
import { checkName, checkNewName, MAX_NAME_BYTES, nameProblem, newNameProblem } from './names';

describe('names (RabbitMQ: any UTF-8 of 1–255 bytes)', () => {
  it('accepts the names AMQP clients use', () => {
    for (const name of ['celery@host.celery.pidbox', 'a b', 'x/y', 'ünï', '%41', 'a%2Fb', '*', '#', 'a'.repeat(MAX_NAME_BYTES)]) {
      expect(nameProblem(name), name).toBeUndefined();
    }
  });

  it('counts bytes, not characters', () => {
    expect(nameProblem('ü'.repeat(127))).toBeUndefined(); // 254 bytes
    expect(nameProblem('ü'.repeat(128))).toBe('too_long'); // 128 characters, 256 bytes
    expect(nameProblem('a'.repeat(256))).toBe('too_long');
  });

  it('refuses the empty name and text with no UTF-8 form', () => {
    expect(nameProblem('')).toBe('empty');
    expect(nameProblem('lone \ud800')).toBe('not_utf8');
    expect(nameProblem('pair \ud83d\ude00')).toBeUndefined();
  });

  it('refuses NUL anywhere in a name, on every store alike (PostgreSQL text cannot hold it)', () => {
    expect(nameProblem('a\u0000b')).toBe('nul');
    expect(nameProblem('\u0000')).toBe('nul');
    expect(() => checkNewName('exchange', 'x\u0000')).toThrow(expect.objectContaining({ code: 'bad_request', details: expect.objectContaining({ problem: 'nul' }) }));
    expect(nameProblem('tab\there')).toBeUndefined();
  });

  it('reserves amq. for new names only', () => {
    expect(nameProblem('amq.gen-1')).toBeUndefined();
    expect(newNameProblem('amq.gen-1')).toBe('reserved');
    expect(newNameProblem('amqp.fine')).toBeUndefined();
  });

  it('throws with structured details: bad_request for a non-name, forbidden for a reserved one', () => {
    expect(() => checkName('queue', '')).toThrow(expect.objectContaining({ code: 'bad_request', details: { field: 'name', kind: 'queue', name: '', problem: 'empty' } }));
    expect(() => checkNewName('exchange', 'amq.mine')).toThrow(
      expect.objectContaining({ code: 'forbidden', details: { field: 'name', kind: 'exchange', name: 'amq.mine', problem: 'reserved' } }),
    );
  });
});
