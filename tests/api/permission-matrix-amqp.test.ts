/** @module The permission matrix over AMQP (amqplib) on the real server: every row of permission-matrix-amqp-rows.ts, cell by cell. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AMQP_COLUMNS, AMQP_ROWS, type AmqpColumn } from './permission-matrix-amqp-rows';
import { AmqpMatrix, amqpUrlFor, connectionRefusal, withoutMethod } from './permission-matrix-amqp-runner';
import { amqpExpectation, namer } from './permission-matrix-cells';
import { createOnSwitchboard, credential, matrixNames, removeFromSwitchboard, type MatrixWorld } from './permission-matrix-profiles';

let world: MatrixWorld;
let matrix: AmqpMatrix;

const urlFor = (user: string, secret: string, vhost = world.vhost) => amqpUrlFor(inject('amqpUrl'), user, secret, vhost);

beforeAll(async () => {
  world = matrixNames();
  await createOnSwitchboard(world);
  matrix = await AmqpMatrix.connect(AMQP_COLUMNS.map((column): [AmqpColumn, string] => {
    const { user, secret } = credential(world, column);
    return [column, urlFor(user, secret)];
  }));
});

afterAll(async () => {
  await matrix?.close();
  if (world) await removeFromSwitchboard(world);
});

describe('the AMQP permission matrix on Switchboard', () => {
  it.each(AMQP_ROWS.map((row, index) => [row.action, index, row] as const))('%s', async (_action, index, row) => {
    const results = await matrix.run(index, row, AMQP_COLUMNS);
    const expected = Object.fromEntries(
      AMQP_COLUMNS.map((column, position) => {
        const context = { user: credential(world, column).user, vhost: world.vhost, keyName: world.keyName };
        return [column, amqpExpectation(row.cells[column], row.operation.checks, namer(index, position), context)];
      }),
    );
    const actual = Object.fromEntries(AMQP_COLUMNS.map((column) => [column, withoutMethod(results[column])]));
    expect(actual).toEqual(expected);
  });

  it('refuses connection.open to a user without a permission entry (monitoring included), as RabbitMQ does: 530', async () => {
    const { user, secret } = credential(world, 'monitor');
    expect(await connectionRefusal(urlFor(user, secret))).toEqual({
      code: 530,
      text: `NOT_ALLOWED - access to vhost '${world.vhost}' refused for user '${user}'`,
      method: '10/40',
    });
  });

  it('refuses connection.open to a vhost that does not exist', async () => {
    const { user, secret } = credential(world, 'admin');
    expect(await connectionRefusal(urlFor(user, secret, `${world.vhost}-missing`))).toEqual({ code: 530, text: `NOT_ALLOWED - vhost ${world.vhost}-missing not found`, method: '10/40' });
  });
});
