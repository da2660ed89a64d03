/**
 * @module Runs the AMQP rows of the permission matrix on one broker through amqplib: one connection per profile, a
 * fresh channel per cell, the fixtures made first on the administrator's channel; each cell ends `ok` or with the
 * server's close of the channel (reply code, text, and the method it names, so two brokers can be compared exactly).
 */
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { RawClient } from '@/lib/amqp/test-support/raw-client';
import { namer } from './permission-matrix-cells';
import type { AmqpColumn, AmqpRow } from './permission-matrix-amqp-rows';

/** A cell's outcome as a broker gave it; `method` is the class and method ids the close names (`50/10`: queue.declare). */
export type AmqpResult = 'ok' | { code: number; text: string; method: string };

/** amqp://user:secret@host:port/vhost from a broker's URL. */
export function amqpUrlFor(base: string, user: string, secret: string, vhost: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(secret);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.toString();
}

/**
 * The reply of a connection.open the server refused (530 and its text, and the method it names). amqplib keeps that
 * text to itself during the handshake, so a bare client on the codec opens the connection instead.
 */
export async function connectionRefusal(amqpUrl: string): Promise<AmqpResult> {
  const url = new URL(amqpUrl);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) throw new Error(`the bare client reaches 127.0.0.1 only, not ${url.hostname}`);
  const { client, reply } = await RawClient.open(Number(url.port || 5672), {
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    vhost: decodeURIComponent(url.pathname.slice(1)),
  });
  client.destroy();
  if (reply.name !== 'connection.close') return 'ok';
  const args = reply.args as { replyCode: number; replyText: string; classId: number; methodId: number };
  return { code: args.replyCode, text: args.replyText, method: `${args.classId}/${args.methodId}` };
}

export class AmqpMatrix {
  private constructor(
    private readonly connections: Map<AmqpColumn, ChannelModel>,
    private readonly setupChannel: Channel,
  ) {}

  /** Connects every column (the first one, the administrator, also makes each cell's fixtures). */
  static async connect(urls: [AmqpColumn, string][]): Promise<AmqpMatrix> {
    const connections = new Map<AmqpColumn, ChannelModel>();
    try {
      for (const [column, url] of urls) {
        const model = await amqp.connect(url);
        // A refusal closes a channel, never the connection: a connection that fails anyway fails the next cell's
        // createChannel, and this says why.
        model.on('error', (error) => console.error(`[permission matrix] ${column}'s connection failed:`, error));
        connections.set(column, model);
      }
      const setupChannel = await connections.get('admin')!.createChannel();
      return new AmqpMatrix(connections, setupChannel);
    } catch (error) {
      for (const model of connections.values()) await model.close().catch(() => undefined);
      throw error;
    }
  }

  /** Every cell of row `index`, in column order. */
  async run(index: number, row: AmqpRow, columns: readonly AmqpColumn[]): Promise<Partial<Record<AmqpColumn, AmqpResult>>> {
    const results: Partial<Record<AmqpColumn, AmqpResult>> = {};
    for (const [position, column] of columns.entries()) {
      const name = namer(index, position);
      await row.operation.setup?.(this.setupChannel, name);
      const model = this.connections.get(column);
      if (!model) throw new Error(`no connection for ${column}`);
      results[column] = await attempt(model, (ch) => row.operation.run(ch, name));
    }
    return results;
  }

  async close(): Promise<void> {
    for (const model of this.connections.values()) await model.close().catch(() => undefined);
  }
}

async function attempt(model: ChannelModel, run: (ch: ConfirmChannel) => Promise<unknown>): Promise<AmqpResult> {
  const ch = await model.createConfirmChannel();
  // amqplib emits the server's channel.close as 'error' before it rejects the pending reply or the confirms.
  let closed: (Error & { code?: number; classId?: number; methodId?: number }) | undefined;
  ch.on('error', (error) => (closed = error));
  try {
    await run(ch);
  } catch (error) {
    if (!closed) throw error;
  }
  if (!closed) {
    await ch.close();
    return 'ok';
  }
  const text = /with message "(.*)"$/s.exec(closed.message)?.[1] ?? closed.message;
  return { code: closed.code ?? 0, text, method: `${closed.classId}/${closed.methodId}` };
}

/** A result without the method ids, as the matrix's table states it. */
export const withoutMethod = (result: AmqpResult | undefined) => (result === undefined || result === 'ok' ? result : { code: result.code, text: result.text });
