/** @module Topology definitions in RabbitMQ's format: export, and idempotent import with a dry-run diff. */
import type { Broker } from '@/lib/engine';
import { exportDefinitions } from '../definitions';
import { planImport, type ImportPlan } from '../definitions-import';
import { administratorOnly } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { ApiError } from '../errors';
import { json } from '../respond';
import {
  definitionsDiffSchema,
  definitionsExportSchema,
  definitionsImportQuerySchema,
  definitionsImportSchema,
} from '../schemas/definitions';

const DEFINITIONS_BODY_LIMIT = 64 * 1024 * 1024;

const snapshot = (broker: Broker) => ({
  exchanges: broker.listExchanges(),
  queues: broker.listQueues(),
  bindings: broker.listBindings(),
});

export const getDefinitions = endpoint({
  operationId: 'exportDefinitions',
  method: 'GET',
  path: '/definitions',
  tag: 'definitions',
  summary: "Export exchanges, queues and bindings in RabbitMQ's definitions format",
  responses: { 200: { description: 'Definitions', schema: definitionsExportSchema } },
  vhostScoped: true,
  authorize: administratorOnly('Exporting definitions'),
  handle: ({ services, broker }) => json(exportDefinitions(snapshot(broker), services.version)),
});

export const importDefinitions = endpoint({
  operationId: 'importDefinitions',
  method: 'POST',
  path: '/definitions',
  tag: 'definitions',
  summary: 'Import definitions idempotently; `?dryRun=true` answers the diff and changes nothing',
  description:
    'Everything is validated before anything is applied. Missing entities are declared; nothing is deleted. An entity that exists with other settings refuses the import (409, `details` = the changes). A binding whose exchange or queue is neither in the file nor in the broker is skipped with a warning, as RabbitMQ does (its exports leave out internal exchanges and exclusive queues but keep their bindings).',
  query: definitionsImportQuerySchema,
  body: definitionsImportSchema,
  bodyLimit: () => DEFINITIONS_BODY_LIMIT,
  responses: { 200: { description: 'The diff (applied unless dry run)', schema: definitionsDiffSchema } },
  errors: ['precondition_failed', 'forbidden', 'unavailable'],
  vhostScoped: true,
  authorize: administratorOnly('Importing definitions'),
  audit: { action: 'definitions.import', resource: () => 'definitions' },
  handle: async ({ broker, query, body, note }) => {
    const plan = planImport(body, snapshot(broker));
    if (query.dryRun) return json(plan.diff);
    note({ detail: { diff: plan.diff } });
    const { changed } = plan.diff;
    if (changed.exchanges.length + changed.queues.length > 0) {
      throw new ApiError('precondition_failed', 'Some exchanges or queues exist with other settings; nothing was imported', changed);
    }
    await apply(broker, plan);
    return json(plan.diff);
  },
});

async function apply(broker: Broker, plan: ImportPlan): Promise<void> {
  for (const { name, ...settings } of plan.exchanges) await broker.declareExchange(name, settings);
  for (const { name, durable, autoDelete, arguments: args } of plan.queues) {
    await broker.declareQueue(name, { durable, autoDelete, arguments: args });
  }
  for (const binding of plan.bindings) await broker.bind(binding);
}
