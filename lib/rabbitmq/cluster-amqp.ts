/**
 * @module AMQP to one attached cluster: one connection per vhost, opened when first needed through the cluster's AMQP
 * URLs in turn (the one that worked last first), and opened again when it closes. Each operation gets a channel of
 * its own, because a refusal (404, 406) closes the channel it happened on, never the connection.
 */
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { EngineError } from '../engine/errors';
import { AmqpDialError, dialAmqp } from './amqp-dial';
import type { ClusterConnection } from './cluster-connection';

export class ClusterAmqp {
  private readonly connections = new Map<string, Promise<ChannelModel>>();
  private preferred = 0;
  private closed = false;

  constructor(
    readonly clusterId: string,
    private readonly connection: ClusterConnection,
    private readonly timeoutMs = 5000,
  ) {}

  /** The cluster user it connects as (RabbitMQ refuses a published user-id that is not this one). */
  get username(): string {
    return this.connection.username;
  }

  /** Runs `work` on a fresh channel of the vhost's connection and closes the channel after. */
  withChannel<T>(vhost: string, work: (channel: Channel) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.onChannel(vhost, (model) => model.createChannel(), work, signal);
  }

  /** The same on a channel in confirm mode: publishes are answered once the cluster has them. */
  withConfirmChannel<T>(vhost: string, work: (channel: ConfirmChannel) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.onChannel(vhost, (model) => model.createConfirmChannel(), work, signal);
  }

  private async onChannel<C extends Channel, T>(vhost: string, open: (model: ChannelModel) => Promise<C>, work: (channel: C) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const model = await this.connectionTo(vhost);
    const channel = await open(model);
    // A refusal closes the channel with an 'error' event besides rejecting the call: heard here, answered by the call.
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  close(): void {
    this.closed = true;
    for (const pending of this.connections.values()) pending.then((model) => model.close(), () => undefined).catch(() => undefined);
    this.connections.clear();
  }

  /** Shared by every caller of the vhost, so it is not tied to one caller's signal: the dial's own time-out bounds it. */
  private connectionTo(vhost: string): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new EngineError('unavailable', `Cluster ${this.clusterId} is detached`, { cluster: this.clusterId }));
    let pending = this.connections.get(vhost);
    if (!pending) {
      pending = this.dial(vhost);
      this.connections.set(vhost, pending);
      pending.then(
        (model) => {
          const forget = () => {
            if (this.connections.get(vhost) === pending) this.connections.delete(vhost);
          };
          model.on('close', forget);
          model.on('error', forget);
        },
        () => {
          if (this.connections.get(vhost) === pending) this.connections.delete(vhost);
        },
      );
    }
    return pending;
  }

  private async dial(vhost: string): Promise<ChannelModel> {
    const { amqpUrls } = this.connection;
    const order = [this.preferred, ...amqpUrls.keys()].filter((index, at, all) => all.indexOf(index) === at);
    const failures: string[] = [];
    for (const index of order) {
      try {
        const model = await dialAmqp(amqpUrls[index], {
          ...this.connection,
          vhost,
          timeoutMs: this.timeoutMs,
          connectionName: `Switchboard (cluster ${this.clusterId})`,
        });
        this.preferred = index;
        return model;
      } catch (error) {
        if (!(error instanceof AmqpDialError)) throw error;
        if (error.code === 'vhost_refused') throw new EngineError('not_found', `vhost '${vhost}' does not exist on the cluster, or its user may not open it`, { kind: 'vhost', name: vhost });
        if (error.code === 'unauthorized') throw new EngineError('unavailable', `The cluster refused its stored credentials over AMQP: change them on the cluster's page`, { cluster: this.clusterId, reason: 'credentials_refused' });
        failures.push(error.message);
      }
    }
    throw new EngineError('unavailable', `No AMQP URL of the cluster answered: ${failures.join('; ')}`, { cluster: this.clusterId, reason: 'unreachable' });
  }
}
