/**
 * @module Definitions in RabbitMQ's format: the whole node (users, vhosts, permissions and every vhost's topology) at
 * /definitions, one vhost's topology at /vhosts/{vhost}/definitions; each exported, and imported all or nothing.
 */
import type { Broker } from '@/lib/engine';
import type { Services } from '@/lib/server/services';
import { exportDefinitions, exportVhostDefinitions, type NodeSnapshot, type TopologySnapshot } from '../definitions';
import { nameAsPasswordWarnings } from '../definitions-access';
import { applyImport, type TopologyWriter } from '../definitions-apply';
import { assertNoConflicts, planNodeImport, planVhostImport, type ImportPlan } from '../definitions-plan';
import { endpoint, type AuditNote } from '../endpoint';
import { administratorOnly } from '../endpoint-access';
import { json } from '../respond';
import {
  definitionsDiffSchema,
  definitionsExportQuerySchema,
  definitionsExportSchema,
  definitionsImportQuerySchema,
  definitionsImportSchema,
  vhostDefinitionsExportSchema,
} from '../schemas/definitions';

const DEFINITIONS_BODY_LIMIT = 64 * 1024 * 1024;

const topologyOf = (broker: Broker): TopologySnapshot => ({
  exchanges: broker.listExchanges(),
  queues: broker.listQueues(),
  bindings: broker.listBindings(),
});

function nodeSnapshot(services: Services): NodeSnapshot {
  const { directory } = services.access;
  return {
    users: directory.listUsers(),
    vhosts: directory.listVhosts(),
    permissions: directory.listPermissions(),
    topology: new Map(services.vhosts.all().map(([vhost, broker]) => [vhost, topologyOf(broker)])),
  };
}

/**
 * An export holds password hashes (a vhost's, its whole topology): administrators only, and not through a read-only
 * key, which is for looking at figures, not for carrying the broker's credentials away.
 */
const exportAccess = administratorOnly('Exporting definitions');

/** A dry run answers the diff; otherwise a conflict refuses everything (409), and the rest is applied or undone. */
async function runImport(plan: ImportPlan, dryRun: boolean, services: Services, note: (fields: AuditNote) => void, writer?: TopologyWriter): Promise<Response> {
  plan.diff.warnings.push(...(await nameAsPasswordWarnings(plan.access)));
  if (dryRun) {
    note({ detail: { dryRun: true } });
    return json(plan.diff);
  }
  note({ detail: { diff: plan.diff } });
  assertNoConflicts(plan);
  await applyImport(plan, { vhosts: services.vhosts, directory: services.access.directory, ...(writer ? { writerFor: () => writer } : {}) });
  return json(plan.diff);
}

const IMPORT_RULES =
  'Everything is validated before anything is applied; any problem answers 400 listing them all, and an exchange or queue that exists with other settings answers 409 (`details` = the changes): nothing is changed then. Missing entities are declared; nothing is deleted. A binding whose exchange or queue is neither in the file nor in the broker is skipped with a warning, as RabbitMQ does (its exports leave out internal exchanges and exclusive queues but keep their bindings). Importing the same file again changes nothing.';

export const getDefinitions = endpoint({
  operationId: 'exportDefinitions',
  method: 'GET',
  path: '/definitions',
  tag: 'definitions',
  summary: "Export the whole node in RabbitMQ's definitions format: users, vhosts, permissions, exchanges, queues, bindings",
  description:
    'As RabbitMQ\'s GET /api/definitions. Users keep their password hashes with their algorithm: RabbitMQ\'s sha256 and sha512 as imported, `switchboard_password_hashing_scrypt` for passwords set here. `?for=rabbitmq` writes a file RabbitMQ 3.x imports as it is: `password_hash: ""` for the latter (RabbitMQ imports them as users without a password, to be given one with `rabbitmqctl change_password`), and no `x-delivery-limit` (RabbitMQ\'s classic queues refuse it). API keys are not exported.',
  query: definitionsExportQuerySchema,
  responses: { 200: { description: 'Definitions', schema: definitionsExportSchema } },
  authorize: exportAccess,
  audit: { action: 'definitions.export', resource: () => 'definitions' },
  handle: ({ services, query }) => json(exportDefinitions(nodeSnapshot(services), services.version, query.for ?? 'switchboard')),
});

export const importDefinitions = endpoint({
  operationId: 'importDefinitions',
  method: 'POST',
  path: '/definitions',
  tag: 'definitions',
  summary: 'Import a whole node\'s definitions, all or nothing; `?dryRun=true` answers the diff and changes nothing',
  description: `Vhosts are created first, then users (their RabbitMQ password hashes kept as they are, so they log in with the same passwords), permissions, and each vhost's topology. Existing users, vhost descriptions and permissions are updated, as RabbitMQ does. ${IMPORT_RULES}`,
  query: definitionsImportQuerySchema,
  body: definitionsImportSchema,
  bodyLimit: () => DEFINITIONS_BODY_LIMIT,
  responses: { 200: { description: 'The diff (applied unless dry run)', schema: definitionsDiffSchema } },
  errors: ['precondition_failed', 'forbidden', 'unavailable'],
  authorize: administratorOnly('Importing definitions'),
  audit: { action: 'definitions.import', resource: () => 'definitions' },
  handle: ({ services, query, body, note }) => runImport(planNodeImport(body, nodeSnapshot(services)), query.dryRun, services, note),
});

export const exportTopology = endpoint({
  operationId: 'exportTopology',
  method: 'GET',
  path: '/definitions',
  tag: 'definitions',
  summary: "Export one vhost's exchanges, queues and bindings in RabbitMQ's definitions format",
  description: "As RabbitMQ's GET /api/definitions/{vhost}: no users, vhosts or permissions.",
  responses: { 200: { description: "The vhost's definitions", schema: vhostDefinitionsExportSchema } },
  vhostScoped: true,
  authorize: exportAccess,
  onClusters: true,
  handle: async ({ services, backend, vhost, signal }) => json(exportVhostDefinitions(await backend.topologySnapshot(signal), vhost, services.version)),
});

export const importTopology = endpoint({
  operationId: 'importTopology',
  method: 'POST',
  path: '/definitions',
  tag: 'definitions',
  summary: "Import exchanges, queues and bindings into one vhost, all or nothing; `?dryRun=true` answers the diff",
  description: `As RabbitMQ's POST /api/definitions/{vhost}: every entry goes to this vhost whatever its \`vhost\` says; users, vhosts and permissions are left out (with a warning). ${IMPORT_RULES}`,
  query: definitionsImportQuerySchema,
  body: definitionsImportSchema,
  bodyLimit: () => DEFINITIONS_BODY_LIMIT,
  responses: { 200: { description: 'The diff (applied unless dry run)', schema: definitionsDiffSchema } },
  errors: ['precondition_failed', 'forbidden', 'not_found', 'unavailable'],
  vhostScoped: true,
  authorize: administratorOnly('Importing definitions'),
  audit: { action: 'definitions.import', resource: () => 'definitions' },
  onClusters: true,
  handle: async ({ services, backend, vhost, query, body, note, signal }) =>
    runImport(planVhostImport(body, vhost, await backend.topologySnapshot(signal)), query.dryRun, services, note, backend.topologyWriter()),
});
