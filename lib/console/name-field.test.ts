import { describe, expect, it } from 'vitest';
import { nameFieldHint } from './name-field';

describe('nameFieldHint', () => {
  it('accepts every name the engine accepts, AMQP-style ones included', () => {
    for (const name of ['celery@host.celery.pidbox', 'a b', 'x/y', 'ünï', '%41', 'a%2Fb']) expect(nameFieldHint('queue', name).problem, name).toBe(false);
  });

  it('says why a name cannot be created, in the engine words', () => {
    expect(nameFieldHint('queue', 'amq.mine')).toEqual({ hint: "queue names starting with 'amq.' are reserved.", problem: true });
    expect(nameFieldHint('exchange', 'ü'.repeat(128)).hint).toBe('exchange name is longer than 255 bytes of UTF-8.');
  });
});
