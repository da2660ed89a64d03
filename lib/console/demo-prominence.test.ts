import { describe, expect, it } from 'vitest';
import { onlyDemoQueues } from './demo-prominence';

describe('onlyDemoQueues', () => {
  it('is true on an empty install and with only the demo queues', () => {
    expect(onlyDemoQueues([])).toBe(true);
    expect(onlyDemoQueues(['inventory', 'order-fulfilment.dlq'])).toBe(true);
  });

  it('is false once any other queue exists', () => {
    expect(onlyDemoQueues(['inventory', 'payments'])).toBe(false);
  });
});
