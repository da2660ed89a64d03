import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FRONT_DOOR_DEFAULTS, type FrontDoorConfig } from './admission-config';
import { createFrontDoor, type FrontDoor } from './admission-http';

let server: Server | undefined;
let door: FrontDoor | undefined;
afterEach(async () => {
  door?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A front door whose handler holds each request until the test answers it. */
async function start(admission: Partial<FrontDoorConfig['admission']>) {
  const held: { url: string; response: ServerResponse }[] = [];
  const arrivals: ((url: string) => void)[] = [];
  const config = { ...FRONT_DOOR_DEFAULTS, admission: { ...FRONT_DOOR_DEFAULTS.admission, maxLoopDelayMs: 0, ...admission } };
  door = createFrontDoor(config, (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    held.push({ url: request.url!, response });
    arrivals.shift()?.(request.url!);
  });
  server = createServer(door.listener);
  door.configure(server);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const nextArrival = () => new Promise<string>((resolve) => arrivals.push(resolve));
  return { port, held, nextArrival };
}

function rawRequest(port: number, path: string, leave = false) {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  socket.on('error', () => undefined);
  const body = '{"payload":"x"}';
  socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  if (leave) socket.end();
  return { socket, closed };
}

describe('front door', () => {
  it('answers 503 with Retry-After and the JSON error when nothing may wait', async () => {
    const { port, nextArrival } = await start({ maxInFlight: 1, maxQueued: 0, retryAfterSeconds: 7 });
    const first = nextArrival();
    rawRequest(port, '/api/v1/queues/q/messages');
    await first;
    const answer = await rawRequest(port, '/api/v1/queues/q/messages').closed;
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/retry-after: 7/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  });

  it('drops a waiting request whose client left, and serves the next one in its place', async () => {
    const { port, held, nextArrival } = await start({ maxInFlight: 1, maxQueued: 10 });
    const first = nextArrival();
    rawRequest(port, '/api/v1/queues/first/messages');
    await first;
    const left = rawRequest(port, '/api/v1/queues/left/messages', true);
    const third = rawRequest(port, '/api/v1/queues/third/messages');
    // the third is queued behind the one that left, in arrival order: its arrival proves the other was skipped
    await new Promise<void>((resolve) => {
      const check = () => (door!.gate.stats().queued + door!.gate.stats().abandoned >= 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    const thirdArrives = nextArrival();
    held[0].response.end('{}');
    expect(await thirdArrives).toBe('/api/v1/queues/third/messages');
    expect(held.map((entry) => entry.url)).toEqual(['/api/v1/queues/first/messages', '/api/v1/queues/third/messages']);
    expect(door!.gate.stats().abandoned).toBe(1);
    held[1].response.end('{}');
    await Promise.all([left.closed, third.closed]);
  });

  it('does not serve a request whose client sent it and left at once, though there was room for it', async () => {
    const { port, held, nextArrival } = await start({ maxInFlight: 8 });
    const left = rawRequest(port, '/api/v1/queues/left/messages', true);
    // the server ends its side only once it has read the client's EOF: by then the request was served or dropped
    await left.closed;
    const next = nextArrival();
    rawRequest(port, '/api/v1/queues/next/messages');
    expect(await next).toBe('/api/v1/queues/next/messages');
    expect(held.map((entry) => entry.url)).toEqual(['/api/v1/queues/next/messages']);
    expect(door!.gate.stats()).toMatchObject({ abandoned: 1, admitted: 1 });
    held[0].response.end('{}');
  });

  it('serves health probes whatever the load', async () => {
    const { port, nextArrival } = await start({ maxInFlight: 1, maxQueued: 0 });
    const first = nextArrival();
    rawRequest(port, '/api/v1/queues/q/messages');
    await first;
    const probe = nextArrival();
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await probe).toBe('/api/v1/health');
    socket.destroy();
  });
});
