/** @module Where replay jobs on attached clusters are kept: the `cluster_jobs` table, read whole at start. */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { JobRecord } from '../engine/jobs/job';

export type ClusterJobDb = Pick<PrismaClient, 'clusterJob'>;

/** A job of one vhost of one cluster; the record has no cursor (a pass always starts at the queue's head). */
export interface ClusterJobRecord {
  clusterId: string;
  vhost: string;
  createdBy: string;
  record: Omit<JobRecord, 'cursor'>;
}

export class ClusterJobRepository {
  constructor(private readonly db: ClusterJobDb) {}

  async load(): Promise<ClusterJobRecord[]> {
    const rows = await this.db.clusterJob.findMany({ orderBy: { startedAt: 'asc' } });
    return rows.map((row) => ({ clusterId: row.clusterId, vhost: row.vhost, createdBy: row.createdBy, record: JSON.parse(row.record) as ClusterJobRecord['record'] }));
  }

  async put(job: ClusterJobRecord, now: number): Promise<void> {
    const data = { status: job.record.status, record: JSON.stringify(job.record), updatedAt: new Date(now) };
    await this.db.clusterJob.upsert({
      where: { id: job.record.id },
      create: {
        id: job.record.id,
        clusterId: job.clusterId,
        vhost: job.vhost,
        queue: job.record.queue,
        createdBy: job.createdBy,
        startedAt: new Date(job.record.startedAt),
        ...data,
      },
      update: data,
    });
  }
}
