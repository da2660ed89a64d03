/**
 * @module The HTTP half of the permission matrix as data: each endpoint an action takes, the resource each permission
 * is checked on (lib/access/operations.ts's rules, RabbitMQ's for what RabbitMQ has), and the expected outcome per
 * profile. Paths are the vhost's (`/vhosts/{vhost}/...`) unless a row is global.
 */
import type { Answer } from './http';
import type { Cell, Checks, Namer, Slot } from './permission-matrix-cells';
import type { Profile } from './permission-matrix-profiles';

export const HTTP_COLUMNS = ['admin', 'manager', 'orders', 'writer', 'monitor', 'readKey'] as const satisfies readonly Profile[];
export type HttpColumn = (typeof HTTP_COLUMNS)[number];

/** A call in the matrix's vhost as the matrix's administrator (fixtures). */
export type AdminCall = (method: string, path: string, body?: unknown) => Promise<Answer>;

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Not under `/vhosts/{vhost}` (users). */
  global?: boolean;
  /** Answers an event stream when allowed: the status is read, then the stream is hung up. */
  stream?: boolean;
}

export interface HttpOperation {
  checks: Checks;
  /** Makes what the request needs; may hand back an id (a message's, a binding's) for it. */
  prepare?: (admin: AdminCall, name: Namer) => Promise<string | void>;
  request: (name: Namer, vhost: string, prepared: string | void) => HttpRequest;
}

export interface HttpRow {
  action: string;
  operation: HttpOperation;
  cells: Record<HttpColumn, Cell>;
}

const e = encodeURIComponent;

async function made(admin: AdminCall, method: string, path: string, body?: unknown): Promise<Answer> {
  const answer = await admin(method, path, body);
  if (answer.status >= 300) throw new Error(`fixture ${method} ${path} answered ${answer.status}: ${answer.text}`);
  return answer;
}

const queues = (admin: AdminCall, name: Namer, ...slots: Slot[]) => Promise.all(slots.map((slot) => made(admin, 'PUT', `/queues/${e(name(slot))}`, {})));
const exchanges = (admin: AdminCall, name: Namer, ...slots: Slot[]) =>
  Promise.all(slots.filter((slot) => !slot.startsWith('amq.')).map((slot) => made(admin, 'PUT', `/exchanges/${e(name(slot))}`, { type: 'topic' })));

/** A queue holding one ready message; its id. */
async function withMessage(admin: AdminCall, name: Namer, queue: Slot, ...others: Slot[]): Promise<string> {
  await queues(admin, name, queue, ...others);
  return (await made(admin, 'POST', `/queues/${e(name(queue))}/messages`, { payload: 'matrix' })).body.messageId;
}

const declareQueue = (queue: Slot, deadLetterExchange?: Slot): HttpOperation => ({
  checks: deadLetterExchange === undefined ? { configure: ['queue', queue] } : { configure: ['queue', queue], read: ['queue', queue], write: ['exchange', deadLetterExchange] },
  request: (name) => ({ method: 'PUT', path: `/queues/${e(name(queue))}`, body: deadLetterExchange === undefined ? {} : { arguments: { deadLetterExchange: name(deadLetterExchange) } } }),
});

const deleteQueue = (queue: Slot): HttpOperation => ({
  checks: { configure: ['queue', queue] },
  prepare: (admin, name) => queues(admin, name, queue).then(() => undefined),
  request: (name) => ({ method: 'DELETE', path: `/queues/${e(name(queue))}` }),
});

const purge = (queue: Slot): HttpOperation => ({
  checks: { read: ['queue', queue] },
  prepare: (admin, name) => withMessage(admin, name, queue),
  request: (name) => ({ method: 'DELETE', path: `/queues/${e(name(queue))}/contents` }),
});

const declareExchange = (exchange: Slot, alternateExchange?: Slot): HttpOperation => ({
  checks: alternateExchange === undefined ? { configure: ['exchange', exchange] } : { configure: ['exchange', exchange], read: ['exchange', exchange], write: ['exchange', alternateExchange] },
  request: (name) => ({ method: 'PUT', path: `/exchanges/${e(name(exchange))}`, body: { type: 'topic', ...(alternateExchange === undefined ? {} : { alternateExchange: name(alternateExchange) }) } }),
});

const deleteExchange = (exchange: Slot): HttpOperation => ({
  checks: { configure: ['exchange', exchange] },
  prepare: (admin, name) => exchanges(admin, name, exchange).then(() => undefined),
  request: (name) => ({ method: 'DELETE', path: `/exchanges/${e(name(exchange))}` }),
});

const bindQueue = (queue: Slot, exchange: Slot): HttpOperation => ({
  checks: { write: ['queue', queue], read: ['exchange', exchange] },
  prepare: async (admin, name) => void (await Promise.all([queues(admin, name, queue), exchanges(admin, name, exchange)])),
  request: (name) => ({ method: 'POST', path: '/bindings', body: { source: name(exchange), destination: name(queue), routingKey: 'key' } }),
});

const unbindQueue = (queue: Slot, exchange: Slot): HttpOperation => ({
  checks: { write: ['queue', queue], read: ['exchange', exchange] },
  prepare: async (admin, name) => {
    await Promise.all([queues(admin, name, queue), exchanges(admin, name, exchange)]);
    return (await made(admin, 'POST', '/bindings', { source: name(exchange), destination: name(queue), routingKey: 'key' })).body.id;
  },
  request: (_name, _vhost, id) => ({ method: 'DELETE', path: `/bindings/${e(id as string)}` }),
});

const bindExchange = (destination: Slot, source: Slot): HttpOperation => ({
  checks: { write: ['exchange', destination], read: ['exchange', source] },
  prepare: (admin, name) => exchanges(admin, name, destination, source).then(() => undefined),
  request: (name) => ({ method: 'POST', path: '/bindings', body: { source: name(source), destination: name(destination), destinationType: 'exchange', routingKey: 'key' } }),
});

const publish = (exchange: Slot): HttpOperation => ({
  checks: { write: ['exchange', exchange] },
  prepare: (admin, name) => exchanges(admin, name, exchange).then(() => undefined),
  request: (name) => ({ method: 'POST', path: `/exchanges/${e(name(exchange))}/publish`, body: { routingKey: 'key', payload: 'matrix' } }),
});

/** POST /queues/{name}/messages publishes through the default exchange: write on amq.default. */
const publishToQueue = (queue: Slot): HttpOperation => ({
  checks: { write: ['exchange', ''] },
  prepare: (admin, name) => queues(admin, name, queue).then(() => undefined),
  request: (name) => ({ method: 'POST', path: `/queues/${e(name(queue))}/messages`, body: { payload: 'matrix' } }),
});

const receive = (queue: Slot): HttpOperation => ({
  checks: { read: ['queue', queue] },
  prepare: (admin, name) => withMessage(admin, name, queue),
  request: (name) => ({ method: 'POST', path: `/queues/${e(name(queue))}/receive`, body: { max: 1 } }),
});

/** The push consumer: a GET, yet it takes messages, so a read-only key may not. */
const subscribe = (queue: Slot): HttpOperation => ({
  checks: { read: ['queue', queue] },
  prepare: (admin, name) => queues(admin, name, queue).then(() => undefined),
  request: (name) => ({ method: 'GET', path: `/queues/${e(name(queue))}/subscribe`, stream: true }),
});

const browse = (queue: Slot): HttpOperation => ({
  checks: { read: ['queue', queue] },
  prepare: (admin, name) => withMessage(admin, name, queue),
  request: (name) => ({ method: 'GET', path: `/queues/${e(name(queue))}/messages` }),
});

const deleteMessage = (queue: Slot): HttpOperation => ({
  checks: { read: ['queue', queue] },
  prepare: (admin, name) => withMessage(admin, name, queue),
  request: (name, _vhost, id) => ({ method: 'DELETE', path: `/queues/${e(name(queue))}/messages/${e(id as string)}` }),
});

/** Moving one message: read on its queue, write on the destination queue. */
const moveMessage = (queue: Slot, to: Slot): HttpOperation => ({
  checks: { read: ['queue', queue], write: ['queue', to] },
  prepare: (admin, name) => withMessage(admin, name, queue, to),
  request: (name, _vhost, id) => ({ method: 'POST', path: `/queues/${e(name(queue))}/messages/${e(id as string)}/move`, body: { to: { queue: name(to) } } }),
});

const requeueMessage = (queue: Slot): HttpOperation => ({
  checks: { read: ['queue', queue], write: ['queue', queue] },
  prepare: (admin, name) => withMessage(admin, name, queue),
  request: (name, _vhost, id) => ({ method: 'POST', path: `/queues/${e(name(queue))}/messages/${e(id as string)}/requeue` }),
});

/** Replaying a dead-letter queue: read on it, write on the target. */
const replay = (deadLetterQueue: Slot, to: Slot): HttpOperation => ({
  checks: { read: ['queue', deadLetterQueue], write: ['queue', to] },
  prepare: (admin, name) => withMessage(admin, name, deadLetterQueue, to),
  request: (name) => ({ method: 'POST', path: `/queues/${e(name(deadLetterQueue))}/replay`, body: { to: { queue: name(to) } } }),
});

const listQueues: HttpOperation = { checks: {}, request: () => ({ method: 'GET', path: '/queues' }) };
const listUsers: HttpOperation = { checks: {}, request: () => ({ method: 'GET', path: '/users', global: true }) };

const importDefinitions = (queue: Slot): HttpOperation => ({
  checks: {},
  request: (name, vhost) => ({
    method: 'POST',
    path: '/definitions',
    body: { queues: [{ name: name(queue), vhost, durable: true, auto_delete: false, arguments: {} }] },
  }),
});

const row = (action: string, operation: HttpOperation, ...cells: [Cell, Cell, Cell, Cell, Cell, Cell]): HttpRow => ({
  action,
  operation,
  cells: Object.fromEntries(HTTP_COLUMNS.map((column, i) => [column, cells[i]])) as Record<HttpColumn, Cell>,
});

const ok = 'ok';
const RO = 'readonly';

/** Patterns: admin and manager '.*' ×3, orders 'orders.*' ×3, writer '' '.*' '', monitor none, readKey: admin's read-only API key. */
export const HTTP_ROWS: HttpRow[] = [
  //  action                                             operation                                  admin  manager  orders        writer        monitor   readKey
  row('declare queue orders.q',                          declareQueue('orders.q'),                  ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('declare queue billing.q',                         declareQueue('billing.q'),                 ok,    ok,      'configure',  'configure',  'vhost',  RO),
  row('declare queue my-orders.q (unanchored match)',    declareQueue('my-orders.q'),               ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('declare queue orders.q, dead-letter orders.x',    declareQueue('orders.q', 'orders.x'),      ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('declare queue orders.q, dead-letter billing.x',   declareQueue('orders.q', 'billing.x'),     ok,    ok,      'write',      'configure',  'vhost',  RO),
  row('delete queue orders.q',                           deleteQueue('orders.q'),                   ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('delete queue billing.q',                          deleteQueue('billing.q'),                  ok,    ok,      'configure',  'configure',  'vhost',  RO),
  row('purge orders.q',                                  purge('orders.q'),                         ok,    ok,      ok,           'read',       'vhost',  RO),
  row('purge billing.q',                                 purge('billing.q'),                        ok,    ok,      'read',       'read',       'vhost',  RO),
  row('declare exchange orders.x',                       declareExchange('orders.x'),               ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('declare exchange billing.x',                      declareExchange('billing.x'),              ok,    ok,      'configure',  'configure',  'vhost',  RO),
  row('declare exchange orders.x, alternate orders.ae',  declareExchange('orders.x', 'orders.ae'),  ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('declare exchange orders.x, alternate billing.x',  declareExchange('orders.x', 'billing.x'),  ok,    ok,      'write',      'configure',  'vhost',  RO),
  row('delete exchange orders.x',                        deleteExchange('orders.x'),                ok,    ok,      ok,           'configure',  'vhost',  RO),
  row('delete exchange billing.x',                       deleteExchange('billing.x'),               ok,    ok,      'configure',  'configure',  'vhost',  RO),
  row('bind orders.q to orders.x',                       bindQueue('orders.q', 'orders.x'),         ok,    ok,      ok,           'read',       'vhost',  RO),
  row('bind orders.q to amq.topic',                      bindQueue('orders.q', 'amq.topic'),        ok,    ok,      'read',       'read',       'vhost',  RO),
  row('bind billing.q to orders.x',                      bindQueue('billing.q', 'orders.x'),        ok,    ok,      'write',      'read',       'vhost',  RO),
  row('unbind orders.q from orders.x',                   unbindQueue('orders.q', 'orders.x'),       ok,    ok,      ok,           'read',       'vhost',  RO),
  row('bind exchange orders.x to billing.x',             bindExchange('orders.x', 'billing.x'),     ok,    ok,      'read',       'read',       'vhost',  RO),
  row('publish to orders.x',                             publish('orders.x'),                       ok,    ok,      ok,           ok,           'vhost',  RO),
  row('publish to billing.x',                            publish('billing.x'),                      ok,    ok,      'write',      ok,           'vhost',  RO),
  row('publish to orders.q (default exchange)',          publishToQueue('orders.q'),                ok,    ok,      'write',      ok,           'vhost',  RO),
  row('receive from orders.q',                           receive('orders.q'),                       ok,    ok,      ok,           'read',       'vhost',  RO),
  row('receive from billing.q',                          receive('billing.q'),                      ok,    ok,      'read',       'read',       'vhost',  RO),
  row('subscribe to orders.q',                           subscribe('orders.q'),                     ok,    ok,      ok,           'read',       'read',   RO),
  row('subscribe to billing.q',                          subscribe('billing.q'),                    ok,    ok,      'read',       'read',       'read',   RO),
  row('browse orders.q',                                 browse('orders.q'),                        ok,    ok,      ok,           'read',       'read',   ok),
  row('browse billing.q',                                browse('billing.q'),                       ok,    ok,      'read',       'read',       'read',   ok),
  row('delete one message of orders.q',                  deleteMessage('orders.q'),                 ok,    ok,      ok,           'read',       'vhost',  RO),
  row('move one message orders.q to orders.to',          moveMessage('orders.q', 'orders.to'),      ok,    ok,      ok,           'read',       'vhost',  RO),
  row('move one message orders.q to billing.q',          moveMessage('orders.q', 'billing.q'),      ok,    ok,      'write',      'read',       'vhost',  RO),
  row('requeue one message of orders.q',                 requeueMessage('orders.q'),                ok,    ok,      ok,           'read',       'vhost',  RO),
  row('replay orders.dlq to orders.q',                   replay('orders.dlq', 'orders.q'),          ok,    ok,      ok,           'read',       'vhost',  RO),
  row('replay orders.dlq to billing.q',                  replay('orders.dlq', 'billing.q'),         ok,    ok,      'write',      'read',       'vhost',  RO),
  row('list queues',                                     listQueues,                                ok,    ok,      ok,           ok,           ok,       ok),
  row('list users',                                      listUsers,                                 ok,    'tag',   'tag',        'tag',        'tag',    ok),
  row('import definitions',                              importDefinitions('orders.def'),           ok,    'tag',   'tag',        'tag',        'vhost',  RO),
];
