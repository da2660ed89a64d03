/** @module Schemas of AMQP connections as the API shows them (the listener's `AmqpConnectionInfo`). */
import { z } from 'zod';

export const connectionRatesSchema = z
  .object({ publish: z.number(), deliver: z.number(), ack: z.number() })
  .describe('Messages per second over the last 5 s.');

export const channelSchema = z.object({
  number: z.number().int(),
  consumers: z.number().int(),
  unacked: z.number().int(),
  prefetch: z.number().int().describe('basic.qos prefetch-count per consumer (`global: false`); 0 = none.'),
  globalPrefetch: z.number().int().describe('basic.qos prefetch-count shared by the channel (`global: true`); 0 = none.'),
  confirm: z.boolean().describe('confirm.select is in force.'),
  unconfirmed: z.number().int().describe('Publishes awaiting their confirm.'),
});

export const connectionSchema = z.object({
  id: z.string(),
  peer: z.string().describe('The client address, `host:port`.'),
  user: z.string(),
  vhost: z.string().describe('The vhost it opened.'),
  clientProperties: z
    .record(z.string(), z.unknown())
    .describe("The client-properties table of connection.start-ok (product, version, platform, capabilities, ...)."),
  channels: z.number().int(),
  consumers: z.number().int(),
  unacked: z.number().int(),
  connectedAt: z.number().describe('Epoch milliseconds.'),
  rates: connectionRatesSchema,
  heartbeatSeconds: z.number().int().describe('Negotiated heartbeat; 0 = off.'),
  frameMax: z.number().int(),
  channelMax: z.number().int(),
  blocked: z.boolean().describe('connection.blocked is in force: the store cannot write, or the memory alarm blocks this publisher.'),
  channelDetails: z.array(channelSchema),
});

export const connectionListSchema = z.array(connectionSchema);

export const connectionParamsSchema = z.object({ id: z.string().min(1).max(255) });

export type Connection = z.infer<typeof connectionSchema>;
export type Channel = z.infer<typeof channelSchema>;
