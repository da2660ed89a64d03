import { describe, expect, it } from 'vitest';
import { ResourceAlarm } from '../engine/resource-alarm';
import { ServiceHealth } from '../engine/service-health';
import { readConfig } from './config';
import { MemoryMonitor } from './memory-monitor';
import { formatBytes, limitBytes, parseWatermark } from './memory-watermark';

const GiB = 1024 ** 3;

describe('parseWatermark', () => {
  it('reads fractions and sizes as RabbitMQ does', () => {
    expect(parseWatermark('0.4')).toEqual({ relative: 0.4 });
    expect(parseWatermark(0.4)).toEqual({ relative: 0.4 });
    expect(parseWatermark('0')).toEqual({ relative: 0 });
    expect(parseWatermark('1')).toEqual({ relative: 1 });
    expect(parseWatermark('2GiB')).toEqual({ absolute: 2 * GiB });
    expect(parseWatermark('512MiB')).toEqual({ absolute: 512 * 1024 ** 2 });
    expect(parseWatermark('512M')).toEqual({ absolute: 512 * 1024 ** 2 });
    expect(parseWatermark('2GB')).toEqual({ absolute: 2_000_000_000 });
    expect(parseWatermark('1500000000')).toEqual({ absolute: 1_500_000_000 });
    expect(parseWatermark(4096)).toEqual({ absolute: 4096 });
  });

  it('refuses what is neither', () => {
    for (const bad of ['', '-0.1', '1.5', 'lots', '2 PiB', '0x10', 'NaN']) expect(() => parseWatermark(bad), bad).toThrow(/memory watermark/);
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) expect(() => parseWatermark(bad), String(bad)).toThrow(/memory watermark/);
  });

  it('makes a limit of a fraction of the machine, or the absolute size', () => {
    expect(limitBytes({ relative: 0.4 }, 10 * GiB)).toBe(4 * GiB);
    expect(limitBytes({ absolute: 123 }, 10 * GiB)).toBe(123);
    expect(formatBytes(1.6 * GiB)).toBe('1.6 GiB');
    expect(formatBytes(12)).toBe('12 bytes');
  });
});

describe('MemoryMonitor', () => {
  it('raises the alarm and the health problem over the watermark, clears both below it, and takes a new watermark at once', () => {
    let used = 1.9 * GiB;
    const alarm = new ResourceAlarm();
    const health = new ServiceHealth();
    const monitor = new MemoryMonitor({ watermark: { relative: 0.4 }, alarm, health, readUsed: () => used, readTotal: () => 4 * GiB });
    monitor.check();
    expect(alarm.active).toBe(true);
    expect(health.status()).toBe('degraded');
    expect(health.list().map((p) => p.reason)).toEqual(['memory 1.9 GiB is over the high watermark 1.6 GiB: publishers are blocked']);
    expect(monitor.status()).toEqual({ watermark: 0.4, limitBytes: Math.floor(1.6 * GiB), usedBytes: used, totalBytes: 4 * GiB, alarm: true });

    used = 1.5 * GiB;
    monitor.check();
    expect(alarm.active).toBe(false);
    expect(health.status()).toBe('ok');

    expect(monitor.setWatermark({ absolute: 1 }).alarm).toBe(true);
    expect(alarm.active).toBe(true);
    expect(monitor.setWatermark({ absolute: 2 * GiB })).toMatchObject({ watermark: '2 GiB', alarm: false });
  });
});

describe('SWITCHBOARD_MEMORY_HIGH_WATERMARK', () => {
  it('defaults to 0.4 of the machine, takes a fraction or a size, and stops the start with one clear line otherwise', () => {
    expect(readConfig(env({})).memoryHighWatermark).toEqual({ relative: 0.4 });
    expect(readConfig(env({ SWITCHBOARD_MEMORY_HIGH_WATERMARK: '0.6' })).memoryHighWatermark).toEqual({ relative: 0.6 });
    expect(readConfig(env({ SWITCHBOARD_MEMORY_HIGH_WATERMARK: '2GiB' })).memoryHighWatermark).toEqual({ absolute: 2 * GiB });
    expect(() => readConfig(env({ SWITCHBOARD_MEMORY_HIGH_WATERMARK: 'half' }))).toThrow(/^SWITCHBOARD_MEMORY_HIGH_WATERMARK: a memory watermark is a fraction/);
  });
});

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
