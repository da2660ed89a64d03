/**
 * The engine's queue-argument rules, iterated over every door: what the engine accepts, the HTTP schema and the
 * definitions schema accept, and nothing else (today's bug: `deliveryLimit: 0` passed HTTP and failed the engine).
 */
import { describe, expect, it } from 'vitest';
import { normalizeQueueArguments, QUEUE_ARGUMENT_RULES, type ArgumentRule } from '@/lib/engine/queue-arguments';
import { rabbitQueueArgumentsSchema } from './definitions';
import { queueArgumentsSchema, queueDeclareBodySchema } from './queues';

/** Values on both sides of each rule's bounds, and of the wrong type. */
function samples(rule: ArgumentRule): unknown[] {
  switch (rule.type) {
    case 'integer':
      return [-1, rule.min - 1, rule.min, rule.min + 1, rule.max, rule.max + 1, 1.5, '10', true, null];
    case 'enum':
      return [...rule.values, 'bogus', '', 5];
    case 'string':
      return ['x', 5, true];
  }
}

const engineAccepts = (args: Record<string, unknown>) => {
  try {
    normalizeQueueArguments(args as never, { name: 'q', durable: true, autoDelete: false, exclusive: false });
    return true;
  } catch {
    return false;
  }
};

const VALUE_RULES = Object.entries(QUEUE_ARGUMENT_RULES).filter(([, rule]) => rule.type !== 'string') as [keyof typeof QUEUE_ARGUMENT_RULES, ArgumentRule][];

describe('one validator for queue arguments', () => {
  it('has every rule checked (a rule added to the engine lands here)', () => {
    expect(VALUE_RULES.map(([field]) => field).sort()).toEqual(
      ['deliveryLimit', 'expiresMs', 'maxLength', 'maxLengthBytes', 'maxPriority', 'messageTtlMs', 'overflow', 'queueType'].sort(),
    );
  });

  for (const [field, rule] of VALUE_RULES) {
    it(`${field} (${rule.argument}): HTTP and definitions accept exactly what the engine accepts`, () => {
      for (const value of samples(rule)) {
        if (value === null) continue; // null is "absent" to AMQP tables, not a value
        const expected = engineAccepts({ [field]: value });
        const http =
          field === 'queueType'
            ? queueDeclareBodySchema.safeParse({ type: value }).success
            : queueArgumentsSchema.safeParse({ [field]: value }).success;
        expect(http, `HTTP ${field}=${JSON.stringify(value)}`).toBe(expected);
        const definitions = rabbitQueueArgumentsSchema.safeParse({ [rule.argument]: value }).success;
        expect(definitions, `definitions ${rule.argument}=${JSON.stringify(value)}`).toBe(expected);
      }
    });
  }

  it('a quorum queue refuses priorities on every door', () => {
    expect(engineAccepts({ queueType: 'quorum', maxPriority: 5 })).toBe(false);
    expect(queueDeclareBodySchema.safeParse({ type: 'quorum', arguments: { maxPriority: 5 } }).success).toBe(false);
    expect(rabbitQueueArgumentsSchema.safeParse({ 'x-queue-type': 'quorum', 'x-max-priority': 5 }).success).toBe(false);
    expect(queueDeclareBodySchema.safeParse({ type: 'quorum', durable: false }).success).toBe(false);
    expect(queueDeclareBodySchema.safeParse({ type: 'quorum', arguments: { deliveryLimit: 3 } }).success).toBe(true);
  });

  it('deliveryLimit 0 is refused by HTTP as by the engine', () => {
    expect(engineAccepts({ deliveryLimit: 0 })).toBe(false);
    expect(queueArgumentsSchema.safeParse({ deliveryLimit: 0 }).success).toBe(false);
  });
});
