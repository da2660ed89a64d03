/**
 * @module The AMQP half of the permission matrix as data: each channel operation, the resource each permission is
 * checked on (in RabbitMQ 3.10's order: rabbit_channel), and the expected outcome per profile. `monitor` has no
 * permission entry in the vhost, so it never gets a channel (connection.open answers 530): see the test files.
 */
import type { Channel, ConfirmChannel } from 'amqplib';
import type { Cell, Checks, Namer, Slot } from './permission-matrix-cells';
import type { Profile } from './permission-matrix-profiles';

export const AMQP_COLUMNS = ['admin', 'manager', 'orders', 'writer', 'readKey'] as const satisfies readonly Profile[];
export type AmqpColumn = (typeof AMQP_COLUMNS)[number];

export interface AmqpOperation {
  checks: Checks;
  /** What must exist before the operation, made on the matrix administrator's channel. */
  setup?: (ch: Channel, name: Namer) => Promise<unknown>;
  run: (ch: ConfirmChannel, name: Namer) => Promise<unknown>;
}

export interface AmqpRow {
  action: string;
  operation: AmqpOperation;
  cells: Record<AmqpColumn, Cell>;
}

const queues = (ch: Channel, name: Namer, ...slots: Slot[]) => Promise.all(slots.map((slot) => ch.assertQueue(name(slot))));
/** Built-in and default exchanges are there already. */
const exchanges = (ch: Channel, name: Namer, ...slots: Slot[]) =>
  Promise.all(slots.filter((slot) => slot !== '' && !slot.startsWith('amq.')).map((slot) => ch.assertExchange(name(slot), 'topic')));

const declareQueue = (queue: Slot, deadLetterExchange?: Slot): AmqpOperation => ({
  checks: deadLetterExchange === undefined ? { configure: ['queue', queue] } : { configure: ['queue', queue], read: ['queue', queue], write: ['exchange', deadLetterExchange] },
  run: (ch, name) => ch.assertQueue(name(queue), deadLetterExchange === undefined ? {} : { deadLetterExchange: name(deadLetterExchange) }),
});

/** Declaring again what exists: RabbitMQ checks a dead-letter exchange only when it creates the queue. */
const redeclareQueue = (queue: Slot, deadLetterExchange: Slot): AmqpOperation => ({
  checks: { configure: ['queue', queue] },
  setup: (ch, name) => ch.assertQueue(name(queue), { deadLetterExchange: name(deadLetterExchange) }),
  run: (ch, name) => ch.assertQueue(name(queue), { deadLetterExchange: name(deadLetterExchange) }),
});

const checkQueue = (queue: Slot): AmqpOperation => ({
  checks: {},
  setup: (ch, name) => queues(ch, name, queue),
  run: (ch, name) => ch.checkQueue(name(queue)),
});

const deleteQueue = (queue: Slot): AmqpOperation => ({
  checks: { configure: ['queue', queue] },
  setup: (ch, name) => queues(ch, name, queue),
  run: (ch, name) => ch.deleteQueue(name(queue)),
});

const purge = (queue: Slot): AmqpOperation => ({
  checks: { read: ['queue', queue] },
  setup: (ch, name) => queues(ch, name, queue),
  run: (ch, name) => ch.purgeQueue(name(queue)),
});

const declareExchange = (exchange: Slot, alternateExchange?: Slot): AmqpOperation => ({
  checks: alternateExchange === undefined ? { configure: ['exchange', exchange] } : { configure: ['exchange', exchange], read: ['exchange', exchange], write: ['exchange', alternateExchange] },
  run: (ch, name) => ch.assertExchange(name(exchange), 'topic', alternateExchange === undefined ? {} : { alternateExchange: name(alternateExchange) }),
});

/** Likewise an alternate exchange is checked only when the exchange is created. */
const redeclareExchange = (exchange: Slot, alternateExchange: Slot): AmqpOperation => ({
  checks: { configure: ['exchange', exchange] },
  setup: (ch, name) => ch.assertExchange(name(exchange), 'topic', { alternateExchange: name(alternateExchange) }),
  run: (ch, name) => ch.assertExchange(name(exchange), 'topic', { alternateExchange: name(alternateExchange) }),
});

const checkExchange = (exchange: Slot): AmqpOperation => ({
  checks: {},
  setup: (ch, name) => exchanges(ch, name, exchange),
  run: (ch, name) => ch.checkExchange(name(exchange)),
});

const deleteExchange = (exchange: Slot): AmqpOperation => ({
  checks: { configure: ['exchange', exchange] },
  setup: (ch, name) => exchanges(ch, name, exchange),
  run: (ch, name) => ch.deleteExchange(name(exchange)),
});

/** queue.bind: write on the queue, then read on the exchange. */
const bindQueue = (queue: Slot, exchange: Slot): AmqpOperation => ({
  checks: { write: ['queue', queue], read: ['exchange', exchange] },
  setup: (ch, name) => Promise.all([queues(ch, name, queue), exchanges(ch, name, exchange)]),
  run: (ch, name) => ch.bindQueue(name(queue), name(exchange), 'key'),
});

/** queue.bind to the default exchange: write on the queue is checked first, then RabbitMQ refuses the exchange. */
const bindQueueToDefault = (queue: Slot): AmqpOperation => ({
  checks: { write: ['queue', queue] },
  setup: (ch, name) => queues(ch, name, queue),
  run: (ch, name) => ch.bindQueue(name(queue), '', 'key'),
});

const unbindQueue = (queue: Slot, exchange: Slot): AmqpOperation => ({
  checks: { write: ['queue', queue], read: ['exchange', exchange] },
  setup: async (ch, name) => {
    await Promise.all([queues(ch, name, queue), exchanges(ch, name, exchange)]);
    await ch.bindQueue(name(queue), name(exchange), 'key');
  },
  run: (ch, name) => ch.unbindQueue(name(queue), name(exchange), 'key'),
});

/** exchange.bind: write on the destination (the default exchange is amq.default to it), then read on the source. */
const bindExchange = (destination: Slot, source: Slot): AmqpOperation => ({
  checks: { write: ['exchange', destination], read: ['exchange', source] },
  setup: (ch, name) => exchanges(ch, name, destination, source),
  run: (ch, name) => ch.bindExchange(name(destination), name(source), 'key'),
});

/** basic.publish on a confirm channel: the confirm (or the channel's close) settles the cell. */
const publish = (exchange: Slot, routingKey: Slot = 'key'): AmqpOperation => ({
  checks: { write: ['exchange', exchange] },
  setup: (ch, name) => (exchange === '' ? queues(ch, name, routingKey) : exchanges(ch, name, exchange)),
  run: async (ch, name) => {
    ch.publish(name(exchange), name(routingKey), Buffer.from('matrix'));
    await ch.waitForConfirms();
  },
});

const consume = (queue: Slot): AmqpOperation => ({
  checks: { read: ['queue', queue] },
  setup: (ch, name) => queues(ch, name, queue),
  run: (ch, name) => ch.consume(name(queue), () => undefined, { noAck: true }),
});

const get = (queue: Slot): AmqpOperation => ({
  checks: { read: ['queue', queue] },
  setup: (ch, name) => queues(ch, name, queue),
  run: (ch, name) => ch.get(name(queue), { noAck: true }),
});

const row = (action: string, operation: AmqpOperation, ...cells: [Cell, Cell, Cell, Cell, Cell]): AmqpRow => ({
  action,
  operation,
  cells: Object.fromEntries(AMQP_COLUMNS.map((column, i) => [column, cells[i]])) as Record<AmqpColumn, Cell>,
});

const ok = 'ok';
const RO = 'readonly';
const DEF = 'default-exchange';
const SYS = 'system-exchange';
const AMQ = 'reserved-name';

/**
 * Patterns: admin and manager '.*' ×3, orders 'orders.*' ×3, writer '' '.*' '', readKey: admin's read-only API key.
 * Cells: ok, the permission refused (on the row's resource for it), RO read-only key, DEF the default exchange, SYS a
 * built-in exchange's deletion, AMQ the reserved `amq.` prefix.
 */
export const AMQP_ROWS: AmqpRow[] = [
  //  action                                                            operation                                    admin  manager  orders        writer        readKey
  row('queue.declare orders.q',                                         declareQueue('orders.q'),                    ok,    ok,      ok,           'configure',  RO),
  row('queue.declare billing.q',                                        declareQueue('billing.q'),                   ok,    ok,      'configure',  'configure',  RO),
  row('queue.declare my-orders.q (unanchored match)',                   declareQueue('my-orders.q'),                 ok,    ok,      ok,           'configure',  RO),
  row('queue.declare passive billing.q',                                checkQueue('billing.q'),                     ok,    ok,      ok,           ok,           ok),
  row('queue.declare orders.q, dead-letter orders.x',                   declareQueue('orders.q', 'orders.x'),        ok,    ok,      ok,           'configure',  RO),
  row('queue.declare orders.q, dead-letter billing.x',                  declareQueue('orders.q', 'billing.x'),       ok,    ok,      'write',      'configure',  RO),
  row("queue.declare orders.q, dead-letter ''",                         declareQueue('orders.q', ''),                ok,    ok,      'write',      'configure',  RO),
  row('queue.declare orders.q again, dead-letter billing.x (exists)',   redeclareQueue('orders.q', 'billing.x'),     ok,    ok,      ok,           'configure',  RO),
  row('queue.declare amq.matrix (reserved prefix)',                     declareQueue('amq.matrix'),                  AMQ,   AMQ,     AMQ,          AMQ,          AMQ),
  row('queue.delete orders.q',                                          deleteQueue('orders.q'),                     ok,    ok,      ok,           'configure',  RO),
  row('queue.delete billing.q',                                         deleteQueue('billing.q'),                    ok,    ok,      'configure',  'configure',  RO),
  row('queue.purge orders.q',                                           purge('orders.q'),                           ok,    ok,      ok,           'read',       RO),
  row('queue.purge billing.q',                                          purge('billing.q'),                          ok,    ok,      'read',       'read',       RO),
  row('exchange.declare orders.x',                                      declareExchange('orders.x'),                 ok,    ok,      ok,           'configure',  RO),
  row('exchange.declare billing.x',                                     declareExchange('billing.x'),                ok,    ok,      'configure',  'configure',  RO),
  row('exchange.declare passive billing.x',                             checkExchange('billing.x'),                  ok,    ok,      ok,           ok,           ok),
  row('exchange.declare orders.x, alternate orders.ae',                 declareExchange('orders.x', 'orders.ae'),    ok,    ok,      ok,           'configure',  RO),
  row('exchange.declare orders.x, alternate billing.x',                 declareExchange('orders.x', 'billing.x'),    ok,    ok,      'write',      'configure',  RO),
  row('exchange.declare orders.x again, alternate billing.x (exists)',  redeclareExchange('orders.x', 'billing.x'),  ok,    ok,      ok,           'configure',  RO),
  row('exchange.declare amq.matrix (reserved prefix)',                  declareExchange('amq.matrix'),               AMQ,   AMQ,     'configure',  'configure',  RO),
  row('exchange.delete orders.x',                                       deleteExchange('orders.x'),                  ok,    ok,      ok,           'configure',  RO),
  row('exchange.delete billing.x',                                      deleteExchange('billing.x'),                 ok,    ok,      'configure',  'configure',  RO),
  row('exchange.delete amq.topic (built-in)',                           deleteExchange('amq.topic'),                 SYS,   SYS,     SYS,          SYS,          SYS),
  row('queue.bind orders.q to orders.x',                                bindQueue('orders.q', 'orders.x'),           ok,    ok,      ok,           'read',       RO),
  row('queue.bind orders.q to amq.topic',                               bindQueue('orders.q', 'amq.topic'),          ok,    ok,      'read',       'read',       RO),
  row('queue.bind billing.q to orders.x',                               bindQueue('billing.q', 'orders.x'),          ok,    ok,      'write',      'read',       RO),
  row('queue.bind orders.q to the default exchange',                    bindQueueToDefault('orders.q'),              DEF,   DEF,     DEF,          DEF,          RO),
  row('queue.bind billing.q to the default exchange',                   bindQueueToDefault('billing.q'),             DEF,   DEF,     'write',      DEF,          RO),
  row('queue.unbind orders.q from orders.x',                            unbindQueue('orders.q', 'orders.x'),         ok,    ok,      ok,           'read',       RO),
  row('exchange.bind orders.x to billing.x',                            bindExchange('orders.x', 'billing.x'),       ok,    ok,      'read',       'read',       RO),
  row('exchange.bind the default exchange to orders.x',                 bindExchange('', 'orders.x'),                DEF,   DEF,     'write',      DEF,          RO),
  row('basic.publish to orders.x',                                      publish('orders.x'),                         ok,    ok,      ok,           ok,           RO),
  row('basic.publish to billing.x',                                     publish('billing.x'),                        ok,    ok,      'write',      ok,           RO),
  row('basic.publish to the default exchange, key orders.q',            publish('', 'orders.q'),                     ok,    ok,      'write',      ok,           RO),
  row('basic.consume orders.q',                                         consume('orders.q'),                         ok,    ok,      ok,           'read',       RO),
  row('basic.consume billing.q',                                        consume('billing.q'),                        ok,    ok,      'read',       'read',       RO),
  row('basic.get orders.q',                                             get('orders.q'),                             ok,    ok,      ok,           'read',       RO),
  row('basic.get billing.q',                                            get('billing.q'),                            ok,    ok,      'read',       'read',       RO),
];
