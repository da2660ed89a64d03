/** basic.consume's arguments as RabbitMQ checks them: x-priority is any integer, anything else about it is a 406. */
import { describe, expect, it } from 'vitest';
import { consumeArguments } from './arguments';
import { REPLY } from './codec';
import { AmqpError } from './reply-codes';

describe('consume arguments', () => {
  it('take x-priority as the consumer priority: any integer, negative too; none means the default', () => {
    expect(consumeArguments({ 'x-priority': 10 }, 'q')).toEqual({ priority: 10 });
    expect(consumeArguments({ 'x-priority': -3 }, 'q')).toEqual({ priority: -3 });
    expect(consumeArguments({ 'x-priority': 2 ** 40 }, 'q')).toEqual({ priority: 2 ** 40 });
    expect(consumeArguments(undefined, 'q')).toEqual({});
    expect(consumeArguments({ 'x-stream-offset': 'first', other: 1 }, 'q')).toEqual({});
  });

  it('refuse an x-priority that is not an integer with 406, naming the argument and queue as RabbitMQ does', () => {
    for (const bad of ['10', 1.5, true, null, Buffer.from('1'), [1], { n: 1 }]) {
      let thrown: unknown;
      try {
        consumeArguments({ 'x-priority': bad }, 'orders');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AmqpError);
      expect((thrown as AmqpError).replyCode).toBe(REPLY.PRECONDITION_FAILED);
      expect((thrown as AmqpError).message).toMatch(/^invalid arg 'x-priority' for queue 'orders' in vhost '\/': expected integer, got \w+$/);
    }
  });
});
