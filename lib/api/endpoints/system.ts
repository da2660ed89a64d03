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
  description: "On an attached cluster: from Switchboard's last 5 s sample of its management API (rates from how RabbitMQ's counters grew between two samples).",
  responses: { 200: { description: 'Totals', schema: overviewSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, signal }) => json(await backend.overview(signal)),
});
