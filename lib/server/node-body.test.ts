import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { readNodeBody } from './node-body';

let server: Server | undefined;
afterEach(() => server?.close());

/** A real server whose handler reads the body with `limit` and reports what it got (or the error's code). */
async function serve(limit: number): Promise<{ port: number; outcome: Promise<string> }> {
  let report!: (value: string) => void;
  const outcome = new Promise<string>((resolve) => (report = resolve));
  server = createServer((incoming, response) => {
    readNodeBody(incoming, limit).then(
      (body) => report(`body:${body.toString('utf8')}`),
      (error: unknown) => report(`error:${error instanceof ApiError ? error.code : String(error)}`),
    );
    incoming.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, outcome };
}

function send(port: number, chunks: string[], end = true) {
  const request = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
  request.on('error', () => undefined);
  for (const chunk of chunks) request.write(chunk);
  if (end) request.end();
  return request;
}

describe('readNodeBody', () => {
  it('joins a body that arrives in several chunks', async () => {
    const { port, outcome } = await serve(1024);
    send(port, ['{"a":', '1,"b":', '"two"}']);
    expect(await outcome).toBe('body:{"a":1,"b":"two"}');
  });

  it('refuses a body past the limit with payload_too_large, whatever its chunks', async () => {
    const { port, outcome } = await serve(10);
    send(port, ['12345678', '90abc']);
    expect(await outcome).toBe('error:payload_too_large');
  });

  it('fails with bad_request when the client goes before the body ends', async () => {
    const { port, outcome } = await serve(1024);
    const request = send(port, ['{"half":'], false);
    setTimeout(() => request.destroy(), 20);
    expect(await outcome).toBe('error:bad_request');
  });
});
