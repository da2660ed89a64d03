/** @module Where attached clusters are kept: the `clusters` table Prisma owns, read whole at start. */
import type { PrismaClient } from '@/lib/generated/prisma/client';

export type ClusterDb = Pick<PrismaClient, 'cluster' | 'clusterJob'>;

/** A cluster as stored: its credentials sealed (lib/access/secret-box.ts), everything else in clear. */
export interface ClusterRecord {
  id: string;
  name: string;
  managementUrls: string[];
  amqpUrls: string[];
  /** `{username, password}` as JSON, sealed for `cluster:<id>:credentials`. */
  sealedCredentials: string;
  ca?: string;
  rabbitmqVersion: string;
  clusterName: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export class ClusterRepository {
  constructor(private readonly db: ClusterDb) {}

  async load(): Promise<ClusterRecord[]> {
    const rows = await this.db.cluster.findMany({ orderBy: { name: 'asc' } });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      managementUrls: JSON.parse(row.managementUrls) as string[],
      amqpUrls: JSON.parse(row.amqpUrls) as string[],
      sealedCredentials: row.credentials,
      ...(row.ca ? { ca: row.ca } : {}),
      rabbitmqVersion: row.rabbitmqVersion,
      clusterName: row.clusterName,
      createdBy: row.createdBy,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    }));
  }

  async put(record: ClusterRecord): Promise<void> {
    const data = {
      name: record.name,
      managementUrls: JSON.stringify(record.managementUrls),
      amqpUrls: JSON.stringify(record.amqpUrls),
      credentials: record.sealedCredentials,
      ca: record.ca ?? null,
      rabbitmqVersion: record.rabbitmqVersion,
      clusterName: record.clusterName,
      updatedAt: new Date(record.updatedAt),
    };
    await this.db.cluster.upsert({
      where: { id: record.id },
      create: { id: record.id, createdBy: record.createdBy, createdAt: new Date(record.createdAt), ...data },
      update: data,
    });
  }

  /** With its replay jobs (the foreign key cascades too; SQLite enforces it only where foreign keys are switched on). */
  async delete(id: string): Promise<void> {
    await this.db.clusterJob.deleteMany({ where: { clusterId: id } });
    await this.db.cluster.deleteMany({ where: { id } });
  }
}
