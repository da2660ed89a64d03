import { describe, expect, it } from 'vitest';
import { ServiceHealth } from './service-health';

describe('ServiceHealth', () => {
  it('is ok and ready with no problems, degraded with one, and not ready while the store cannot write', () => {
    let now = 1_000;
    const health = new ServiceHealth(() => now);
    expect(health.status()).toBe('ok');
    expect(health.ready()).toBe(true);
    health.report('memory', 'memory 5 GiB is over the high watermark of 4 GiB');
    expect(health.status()).toBe('degraded');
    expect(health.ready()).toBe(true);
    now = 2_000;
    health.report('store', 'the store cannot write: disk full');
    expect(health.ready()).toBe(false);
    expect(health.list()).toEqual([
      { kind: 'memory', reason: 'memory 5 GiB is over the high watermark of 4 GiB', since: 1_000 },
      { kind: 'store', reason: 'the store cannot write: disk full', since: 2_000 },
    ]);
    health.clear('store');
    health.clear('memory');
    expect(health.status()).toBe('ok');
  });

  it('tells listeners of changes only', () => {
    const health = new ServiceHealth();
    let changes = 0;
    health.onChange(() => changes++);
    health.report('store', 'read-only');
    health.report('store', 'read-only');
    health.report('store', 'disk full');
    health.clear('store');
    health.clear('store');
    expect(changes).toBe(3);
  });
});
