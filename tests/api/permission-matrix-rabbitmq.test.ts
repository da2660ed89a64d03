/**
 * @module The AMQP permission matrix on Switchboard and on the RabbitMQ at AMQP_PEER_URL (same vhost name, same users
 * and patterns, imported through RabbitMQ's definitions): the two must agree cell by cell, down to the reply text and
 * the method the channel close names, and RabbitMQ must agree with the table. Runs only when AMQP_PEER_URL is set.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openRabbitPeer, type RabbitPeer } from '../support/rabbitmq-peer';
import { AMQP_ROWS, type AmqpColumn } from './permission-matrix-amqp-rows';
import { AmqpMatrix, amqpUrlFor, connectionRefusal, withoutMethod } from './permission-matrix-amqp-runner';
import { amqpExpectation, namer } from './permission-matrix-cells';
import { createOnSwitchboard, credential, matrixNames, rabbitDefinitions, removeFromSwitchboard, type MatrixWorld } from './permission-matrix-profiles';

const peerUrl = process.env.AMQP_PEER_URL;
/** The read-only API key is Switchboard's alone: RabbitMQ has no such credential to compare it with. */
const COLUMNS = ['admin', 'manager', 'orders', 'writer'] as const satisfies readonly AmqpColumn[];

describe.runIf(peerUrl)('the AMQP permission matrix on RabbitMQ and on Switchboard', () => {
  let world: MatrixWorld;
  let peer: RabbitPeer | undefined;
  /** Set before the import starts: a half-done import leaves users behind too. */
  let importStarted = false;
  const brokers: { switchboard?: AmqpMatrix; rabbitmq?: AmqpMatrix } = {};
  const url = (broker: 'switchboard' | 'rabbitmq', user: string, secret: string, vhost = world.vhost) =>
    amqpUrlFor(broker === 'switchboard' ? inject('amqpUrl') : peerUrl!, user, secret, vhost);
  const connect = (broker: 'switchboard' | 'rabbitmq') =>
    AmqpMatrix.connect(COLUMNS.map((column): [AmqpColumn, string] => {
      const { user, secret } = credential(world, column);
      return [column, url(broker, user, secret)];
    }));

  beforeAll(async () => {
    world = matrixNames();
    await createOnSwitchboard(world);
    peer = await openRabbitPeer(peerUrl!);
    importStarted = true;
    await peer.importDefinitions(rabbitDefinitions(world));
    brokers.switchboard = await connect('switchboard');
    brokers.rabbitmq = await connect('rabbitmq');
  });

  afterAll(async () => {
    await brokers.switchboard?.close();
    await brokers.rabbitmq?.close();
    if (peer && importStarted) {
      await peer.deleteVhost(world.vhost);
      for (const user of Object.values(world.users)) await peer.deleteUser(user);
    }
    if (world) await removeFromSwitchboard(world);
  });

  it.each(AMQP_ROWS.map((row, index) => [row.action, index, row] as const))('%s', async (_action, index, row) => {
    const [ours, theirs] = await Promise.all([brokers.switchboard!.run(index, row, COLUMNS), brokers.rabbitmq!.run(index, row, COLUMNS)]);
    expect(ours, `Switchboard (left) and RabbitMQ (right) disagree on '${row.action}'`).toEqual(theirs);
    const expected = Object.fromEntries(
      COLUMNS.map((column, position) => {
        const context = { user: credential(world, column).user, vhost: world.vhost, keyName: world.keyName };
        return [column, amqpExpectation(row.cells[column], row.operation.checks, namer(index, position), context)];
      }),
    );
    expect(Object.fromEntries(COLUMNS.map((column) => [column, withoutMethod(theirs[column])])), `RabbitMQ (received) against the table (expected)`).toEqual(expected);
  });

  it('refuses connection.open in the same words: a user without a permission entry, and a missing vhost', async () => {
    const monitor = credential(world, 'monitor');
    const admin = credential(world, 'admin');
    const missing = `${world.vhost}-missing`;
    const refusals = async (broker: 'switchboard' | 'rabbitmq') => [
      await connectionRefusal(url(broker, monitor.user, monitor.secret)),
      await connectionRefusal(url(broker, admin.user, admin.secret, missing)),
    ];
    const [ours, theirs] = [await refusals('switchboard'), await refusals('rabbitmq')];
    expect(ours).toEqual(theirs);
    expect(theirs[0]).toEqual({ code: 530, text: `NOT_ALLOWED - access to vhost '${world.vhost}' refused for user '${monitor.user}'`, method: '10/40' });
  });
});
