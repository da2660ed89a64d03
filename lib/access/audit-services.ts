/** @module The audit log of one process: the batching writer, the reader and the daily prune, started and stopped together. */
import type { AuditLog } from './audit-log';
import { type AuditReader, auditReader } from './audit-reader';
import { type AuditRetention, startAuditRetention } from './audit-retention';
import { AuditWriter, type AuditWriterOptions } from './audit-writer';

export interface AuditServices {
  /** The sink to give every door (`access.audit`). */
  writer: AuditWriter;
  /** What the HTTP endpoint reads; sees what the writer still holds. */
  reader: AuditReader;
  retention: AuditRetention;
  /** Stops pruning and writes what waits; call before the store closes. */
  stop(): Promise<void>;
}

export interface AuditStartOptions extends AuditWriterOptions {
  retentionDays: number;
  /** Between two prunes (a day by default). */
  pruneIntervalMs?: number;
  now?: () => number;
}

export function startAudit(log: AuditLog, options: AuditStartOptions): AuditServices {
  const { retentionDays, pruneIntervalMs, now, ...writerOptions } = options;
  const writer = new AuditWriter(log, writerOptions);
  const retention = startAuditRetention(log, {
    retentionDays,
    ...(pruneIntervalMs !== undefined ? { intervalMs: pruneIntervalMs } : {}),
    ...(now ? { now } : {}),
    ...(writerOptions.report ? { report: writerOptions.report } : {}),
  });
  return {
    writer,
    reader: auditReader(log, () => writer.flush()),
    retention,
    stop: async () => {
      await retention.stop();
      await writer.close();
    },
  };
}
