/**
 * @module The memory monitor, as RabbitMQ's vm_memory_monitor: reads the process's resident memory at an interval
 * and raises the node's memory alarm (publishers blocked) while it is over the high watermark, clearing it below.
 * `/health` names the problem meanwhile. The watermark may be changed at run time (set_vm_memory_high_watermark).
 */
import { totalmem } from 'node:os';
import type { ResourceAlarm } from '../engine/resource-alarm';
import type { ServiceHealth } from '../engine/service-health';
import { describeWatermark, formatBytes, limitBytes, type Watermark } from './memory-watermark';

/** RabbitMQ checks every 2.5 s; a second keeps the alarm within one refresh of the console. */
export const MEMORY_CHECK_INTERVAL_MS = 1000;

export interface MemoryMonitorOptions {
  watermark: Watermark;
  alarm: ResourceAlarm;
  health: ServiceHealth;
  /** The memory in use, in bytes (default: the process's RSS, as RabbitMQ's default `rss` strategy). */
  readUsed?: () => number;
  /** The memory of the machine (default: the cgroup limit when lower than the machine's RAM). */
  readTotal?: () => number;
  intervalMs?: number;
}

export interface MemoryStatus {
  /** A fraction of the machine's memory, or an absolute size (`512 MiB`). */
  watermark: number | string;
  limitBytes: number;
  usedBytes: number;
  totalBytes: number;
  alarm: boolean;
}

export class MemoryMonitor {
  private watermark: Watermark;
  private timer: ReturnType<typeof setInterval> | undefined;
  private used = 0;
  private readonly readUsed: () => number;
  private readonly readTotal: () => number;

  constructor(private readonly options: MemoryMonitorOptions) {
    this.watermark = options.watermark;
    this.readUsed = options.readUsed ?? (() => process.memoryUsage.rss());
    this.readTotal = options.readTotal ?? machineMemory;
  }

  /** Checks now and then every interval until `stop`. */
  start(): this {
    this.check();
    this.timer ??= setInterval(() => this.check(), this.options.intervalMs ?? MEMORY_CHECK_INTERVAL_MS);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sets a new watermark and checks against it at once, so the answer already shows the alarm it causes. */
  setWatermark(watermark: Watermark): MemoryStatus {
    this.watermark = watermark;
    this.check();
    return this.status();
  }

  status(): MemoryStatus {
    const totalBytes = this.readTotal();
    return {
      watermark: describeWatermark(this.watermark),
      limitBytes: limitBytes(this.watermark, totalBytes),
      // Read afresh: cheap, and a caller comparing before and after wants now, not the last tick.
      usedBytes: this.readUsed(),
      totalBytes,
      alarm: this.options.health.has('memory'),
    };
  }

  /** Reads the memory in use and raises or clears the alarm. */
  check(): void {
    const { alarm, health } = this.options;
    this.used = this.readUsed();
    const limit = limitBytes(this.watermark, this.readTotal());
    if (this.used > limit) {
      const reason = `memory ${formatBytes(this.used)} is over the high watermark ${formatBytes(limit)}: publishers are blocked`;
      alarm.raise('memory', reason);
      health.report('memory', reason);
    } else {
      alarm.clear('memory');
      health.clear('memory');
    }
  }
}

/** The machine's memory, or the cgroup's limit when a container has one below it. */
export function machineMemory(): number {
  const total = totalmem();
  const constrained = (process as { constrainedMemory?: () => number }).constrainedMemory?.() ?? 0;
  return constrained > 0 && constrained < total ? constrained : total;
}
