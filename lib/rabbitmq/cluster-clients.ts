/**
 * @module One management API client and one AMQP pool per attached cluster, made from its stored connection and kept
 * while the cluster is unchanged: each remembers which node answered last, so later requests go there first.
 */
import { fetchTrusting } from './ca-fetch';
import { ClusterAmqp } from './cluster-amqp';
import type { ClusterRegistry } from './cluster-registry';
import { ManagementClient } from './management-client';

export interface ClusterClientOptions {
  /** Bounds each attempt on one node; default 4000 ms, so a 5 s sample never overlaps the next. */
  timeoutMs?: number;
}

export class ClusterClients {
  private readonly clients = new Map<string, { client: ManagementClient; close(): void }>();
  private readonly pools = new Map<string, ClusterAmqp>();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly options: ClusterClientOptions = {},
  ) {
    registry.onChange((id) => this.forget(id));
  }

  /** The client of cluster `id`; `not_found`, or `precondition_failed` when its credentials cannot be opened. */
  management(id: string): ManagementClient {
    const known = this.clients.get(id);
    if (known) return known.client;
    const connection = this.registry.connectionOf(id);
    const fetch = connection.ca ? fetchTrusting(connection.ca) : undefined;
    const client = new ManagementClient({
      urls: connection.managementUrls,
      username: connection.username,
      password: connection.password,
      timeoutMs: this.options.timeoutMs ?? 4000,
      ...(fetch ? { fetch } : {}),
    });
    this.clients.set(id, { client, close: () => fetch?.close() });
    return client;
  }

  /** The cluster's AMQP connections (one per vhost, opened when first used). */
  amqp(id: string): ClusterAmqp {
    let pool = this.pools.get(id);
    if (!pool) {
      pool = new ClusterAmqp(id, this.registry.connectionOf(id));
      this.pools.set(id, pool);
    }
    return pool;
  }

  /** Closes every client's kept-alive connections. */
  close(): void {
    for (const id of new Set([...this.clients.keys(), ...this.pools.keys()])) this.forget(id);
  }

  private forget(id: string): void {
    this.clients.get(id)?.close();
    this.clients.delete(id);
    this.pools.get(id)?.close();
    this.pools.delete(id);
  }
}
