import { describe, expect, it } from 'vitest';
import { topicMatches } from '@/lib/engine/routing/topic-match';
import { describeTopicBindingKey } from './topic-key';

describe('describeTopicBindingKey', () => {
  it('gives examples that match and that do not, as in the dialog', () => {
    expect(describeTopicBindingKey('order.*.eu')).toEqual({
      valid: true,
      warnings: [],
      matching: ['order.created.eu', 'order.paid.eu', 'order.shipped.eu', 'order.cancelled.eu'],
      nonMatching: ['order.eu', 'order.created.other', 'order.created.eu.extra'],
    });
  });

  it.each(['order.*.eu', '#', '*', '', 'order.#', 'a.#.b', 'orders', '#.eu', '*.*', 'a.*.#', 'a*.b', 'a..b', '.', 'Order.Created', '#.#.x'])(
    'every example for %j is confirmed by the engine’s matcher',
    (key) => {
      const { valid, matching, nonMatching } = describeTopicBindingKey(key);
      expect(valid).toBe(true);
      expect(matching.length).toBeGreaterThan(0);
      expect(matching.length).toBeLessThanOrEqual(4);
      expect(nonMatching.length).toBeLessThanOrEqual(3);
      for (const routingKey of matching) expect(topicMatches(key, routingKey), routingKey).toBe(true);
      for (const routingKey of nonMatching) expect(topicMatches(key, routingKey), routingKey).toBe(false);
      expect(new Set([...matching, ...nonMatching]).size).toBe(matching.length + nonMatching.length);
    },
  );

  it('follows RabbitMQ: the empty key matches only the empty routing key, `*` never the empty one, `a.#` matches `a`', () => {
    expect(describeTopicBindingKey('')).toMatchObject({ valid: true, matching: [''] });
    expect(describeTopicBindingKey('').nonMatching).not.toContain('');
    expect(describeTopicBindingKey('*').nonMatching).toContain('');
    expect(describeTopicBindingKey('order.#').matching).toContain('order');
    expect(describeTopicBindingKey('a.#.b').matching).toContain('a.b');
    expect(describeTopicBindingKey('#').nonMatching).toEqual([]);
  });

  it('shows that words compare case-sensitively', () => {
    expect(describeTopicBindingKey('orders').nonMatching).toContain('ORDERS');
  });

  it('accepts partial wildcards and empty words as RabbitMQ does, with a warning', () => {
    const partial = describeTopicBindingKey('a*.b');
    expect(partial.valid).toBe(true);
    expect(partial.matching).toEqual(['a*.b']);
    expect(partial.warnings).toEqual([expect.stringContaining('“a*” is a literal word')]);
    expect(describeTopicBindingKey('#b.c*').warnings[0]).toContain('are literal words');
    expect(describeTopicBindingKey('a..b').warnings).toEqual([expect.stringContaining('empty word')]);
    expect(describeTopicBindingKey('a.b.').warnings).toHaveLength(1);
    expect(describeTopicBindingKey('order.*').warnings).toEqual([]);
  });

  it('refuses a key longer than 255 bytes, counting UTF-8 bytes', () => {
    expect(describeTopicBindingKey('a'.repeat(255)).valid).toBe(true);
    expect(describeTopicBindingKey('é'.repeat(128))).toEqual({
      valid: false,
      error: 'A binding key is at most 255 bytes.',
      warnings: [],
      matching: [],
      nonMatching: [],
    });
  });
});
