/** @module Health (public) and the broker-wide overview. */
import { anyoneInVhost } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { json } from '../respond';
import { healthSchema, overviewSchema, readinessSchema } from '../schemas/system';

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
      status: services.health.status(),
      version: services.version,
      uptimeMs: Date.now() - services.startedAt,
      storage: services.storage,
      amqpPort: services.amqp?.port ?? null,
      role: 'active',
      problems: services.health.list().map((problem) => problem.reason),
      process: { id: services.process.id, activeSince: services.process.activeSince, tookOverFrom: services.process.tookOverFrom },
    }),
});

export const getReadiness = endpoint({
  operationId: 'getReadiness',
  method: 'GET',
  path: '/health/ready',
  tag: 'system',
  summary: 'Whether this process serves and can write now (for load balancers); needs no credentials',
  public: true,
  responses: {
    200: { description: 'Serving and able to write', schema: readinessSchema },
    503: { description: 'Not ready: the store cannot write', schema: readinessSchema },
  },
  handle: ({ services }) => {
    const ready = services.health.ready();
    return json({ ready, problems: services.health.list().map((problem) => problem.reason) }, ready ? 200 : 503);
  },
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
