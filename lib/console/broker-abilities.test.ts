import { describe, expect, it } from 'vitest';
import { allOperations, brokerAbilities, EVERYTHING } from './broker-abilities';

const rabbit = brokerAbilities({
  name: 'production',
  operations: ['listQueues', 'getQueue', 'purgeQueue'],
  capabilities: { oldestReadyAge: 'RabbitMQ does not measure the age of the oldest ready message', latencyPercentiles: true },
});

describe('brokerAbilities', () => {
  it('lets the embedded broker (no traits) do everything', () => {
    expect(brokerAbilities(undefined)).toBe(EVERYTHING);
    expect(EVERYTHING.operation('peek')).toEqual({ allowed: true });
    expect(EVERYTHING.capability('oldestReadyAge')).toEqual({ allowed: true });
  });

  it('serves only the operations a cluster lists, naming it in the reason', () => {
    expect(rabbit.operation('purgeQueue')).toEqual({ allowed: true });
    expect(rabbit.operation('peek')).toEqual({ allowed: false, reason: "Switchboard does not do this on cluster 'production' yet" });
    expect(allOperations(rabbit, ['listQueues', 'getQueue'])).toEqual({ allowed: true });
    expect(allOperations(rabbit, ['listQueues', 'listBindings']).allowed).toBe(false);
  });

  it("gives a capability's reason as the server wrote it, and takes an unlisted capability as had", () => {
    expect(rabbit.capability('oldestReadyAge')).toEqual({ allowed: false, reason: 'RabbitMQ does not measure the age of the oldest ready message' });
    expect(rabbit.capability('latencyPercentiles')).toEqual({ allowed: true });
    expect(rabbit.capability('somethingNew')).toEqual({ allowed: true });
  });
});
