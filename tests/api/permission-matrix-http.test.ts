/** @module The permission matrix over HTTP on the real server: every row of permission-matrix-http-rows.ts, cell by cell. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, enc, url, type CallOptions } from './http';
import { httpExpectation, namer, type HttpOutcome } from './permission-matrix-cells';
import { HTTP_COLUMNS, HTTP_ROWS, type AdminCall, type HttpRow } from './permission-matrix-http-rows';
import { createOnSwitchboard, httpAuth, matrixNames, removeFromSwitchboard, type MatrixWorld } from './permission-matrix-profiles';

let world: MatrixWorld;

beforeAll(async () => {
  world = matrixNames();
  await createOnSwitchboard(world);
});

afterAll(async () => {
  if (world) await removeFromSwitchboard(world);
});

const inVhost = (path: string, global?: boolean) => (global ? path : `/vhosts/${enc(world.vhost)}${path}`);

const adminCall: AdminCall = (method, path, body) => api(method, inVhost(path), { ...httpAuth(world, 'admin'), ...(body === undefined ? {} : { body }) });

async function runCell(index: number, position: number, row: HttpRow, auth: Pick<CallOptions, 'token' | 'headers'>): Promise<HttpOutcome> {
  const name = namer(index, position);
  const prepared = await row.operation.prepare?.(adminCall, name);
  const request = row.operation.request(name, world.vhost, prepared);
  if (request.stream) return streamOutcome(inVhost(request.path), auth.token!);
  const answer = await api(request.method, inVhost(request.path, request.global), { ...auth, ...(request.body === undefined ? {} : { body: request.body }) });
  return answer.status < 300 ? 'ok' : { status: answer.status, error: answer.body?.error };
}

/** An event stream's outcome: its status (then hung up), or the JSON refusal it answered instead. */
async function streamOutcome(path: string, token: string): Promise<HttpOutcome> {
  const controller = new AbortController();
  const response = await fetch(url(path), { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status < 300) {
    controller.abort();
    return 'ok';
  }
  return { status: response.status, error: ((await response.json()) as { error: unknown }).error };
}

describe('the HTTP permission matrix on Switchboard', () => {
  it.each(HTTP_ROWS.map((row, index) => [row.action, index, row] as const))('%s', async (_action, index, row) => {
    const actual: Record<string, HttpOutcome> = {};
    const expected: Record<string, HttpOutcome> = {};
    for (const [position, column] of HTTP_COLUMNS.entries()) {
      actual[column] = await runCell(index, position, row, httpAuth(world, column));
      const user = column === 'readKey' ? world.users.admin : world.users[column];
      expected[column] = httpExpectation(row.cells[column], row.operation.checks, namer(index, position), { user, vhost: world.vhost, keyName: world.keyName });
    }
    expect(actual).toEqual(expected);
  });
});
