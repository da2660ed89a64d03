/** @module The demo shop: start it on an empty install to see every chart move, stop it, ask whether it runs. */
import { getDemoRunner } from '@/lib/server/demo';
import { DEFAULT_VHOST } from '@/lib/access/access-directory';
import { administratorOnly, anyCaller } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { json } from '../respond';
import { demoBodySchema, demoStatusSchema } from '../schemas/demo';

const description =
  'The demo declares an `orders` topic exchange feeding the queues inventory, billing, notifications and analytics, ' +
  'and a work queue `order-fulfilment` dead-lettering to `order-fulfilment.dlq`; it then publishes order events a few ' +
  'times a second and consumes each queue at its own pace, rejecting about one fulfilment in ten.';

export const getDemo = endpoint({
  operationId: 'getDemo',
  method: 'GET',
  path: '/demo',
  tag: 'demo',
  summary: 'Whether the demo shop is running',
  responses: { 200: { description: 'Status', schema: demoStatusSchema } },
  authorize: anyCaller,
  handle: ({ services }) => json({ running: getDemoRunner(services.vhosts.get(DEFAULT_VHOST)).running }),
});

export const controlDemo = endpoint({
  operationId: 'controlDemo',
  method: 'POST',
  path: '/demo',
  tag: 'demo',
  summary: 'Start or stop the demo shop',
  description,
  body: demoBodySchema,
  responses: { 200: { description: 'Status after the action', schema: demoStatusSchema } },
  errors: ['precondition_failed', 'unavailable'],
  authorize: administratorOnly('Running the demo'),
  audit: { action: 'demo.control', resource: () => 'demo' },
  handle: async ({ services, body }) => {
    const runner = getDemoRunner(services.vhosts.get(DEFAULT_VHOST));
    if (body.action === 'start') await runner.start();
    else runner.stop();
    return json({ running: runner.running });
  },
});
