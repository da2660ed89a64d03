/** @module Health (public) and the broker-wide overview. */
import { anyoneInVhost } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { json } from '../respond';
import { healthSchema, overviewSchema } from '../schemas/system';

export const getHealth = endpoint({
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  tag: 'system',
  summary: 'Liveness, version and storage kind; needs no credentials',
  public: true,
  responses: { 200: { description: 'Up', schema: healthSchema } },
  handle: ({ services }) =>
    json({
      status: 'ok',
      version: services.version,
      uptimeMs: Date.now() - services.startedAt,
      storage: services.storage,
      amqpPort: services.amqp?.port ?? null,
    }),
});

export const getOverview = endpoint({
  operationId: 'getOverview',
  method: 'GET',
  path: '/overview',
  tag: 'system',
  summary: 'Totals and rates of the vhost',
  responses: { 200: { description: 'Totals', schema: overviewSchema } },
  vhostScoped: true,
  authorize: anyoneInVhost,
  handle: ({ broker }) => json(broker.overview()),
});
