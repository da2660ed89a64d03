/** @module MetricsHistory on Prisma: the 10 s and 1 min rollups in `metric_rollups`, written in one transaction per batch. */
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';
import { mergeRows } from '../engine/metrics/metrics-history';
import type { PrismaClient } from '../generated/prisma/client';

type Stored = {
  entity: string;
  resolutionMs: number;
  t: bigint;
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
  deadLetter: number;
  ready: number;
  unacked: number;
  oldestReadyAgeMs: bigint;
  deliverLatency: string;
  ackLatency: string;
};

const toRow = (r: Stored): RollupRow => ({ ...r, t: Number(r.t), oldestReadyAgeMs: Number(r.oldestReadyAgeMs) });
const toStored = (r: RollupRow): Stored => ({ ...r, t: BigInt(r.t), oldestReadyAgeMs: BigInt(Math.round(r.oldestReadyAgeMs)) });

export class PrismaMetricsHistory implements MetricsHistory {
  constructor(private readonly prisma: PrismaClient) {}

  async write(rows: readonly RollupRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.prisma.$transaction(async (tx) => {
      for (const row of rows) {
        const key = { entity: row.entity, resolutionMs: row.resolutionMs, t: BigInt(row.t) };
        const existing = await tx.metricRollup.findUnique({ where: { entity_resolutionMs_t: key } });
        const merged = existing ? mergeRows(toRow(existing), row) : row;
        await tx.metricRollup.upsert({ where: { entity_resolutionMs_t: key }, create: toStored(merged), update: toStored(merged) });
      }
    });
  }

  async read(entity: string, resolutionMs: number, fromMs: number, toMs: number): Promise<RollupRow[]> {
    const rows = await this.prisma.metricRollup.findMany({
      where: { entity, resolutionMs, t: { gte: BigInt(fromMs), lt: BigInt(toMs) } },
      orderBy: { t: 'asc' },
    });
    return rows.map(toRow);
  }

  async latestBefore(entity: string, resolutionMs: number, beforeMs: number): Promise<RollupRow | undefined> {
    const row = await this.prisma.metricRollup.findFirst({ where: { entity, resolutionMs, t: { lt: BigInt(beforeMs) } }, orderBy: { t: 'desc' } });
    return row ? toRow(row) : undefined;
  }

  async prune(resolutionMs: number, beforeMs: number): Promise<void> {
    await this.prisma.metricRollup.deleteMany({ where: { resolutionMs, t: { lt: BigInt(beforeMs) } } });
  }
}
