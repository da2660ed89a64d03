/**
 * @module fetchTrusting against local https and http servers with a throwaway CA made by openssl: trust, refusal by
 * another CA, bodies, redirects left alone, aborts, and the management client on top of it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '@/tests/api/tls-fixture';
import { fetchTrusting, type TrustingFetch } from './ca-fetch';
import { ManagementClient } from './management-client';
import { describeNetworkFailure } from './management-errors';

let pki: Pki;
let httpsUrl: string;
/** The same server certificate served on an address it does not name. */
let wrongHostUrl: string;
let httpUrl: string;
let trusting: TrustingFetch;
let otherCa: string;
const servers: Server[] = [];
/** Per path: resolves when the server saw the client close the connection. */
const closed = new Map<string, Promise<void>>();
const remotePorts: number[] = [];

function handler(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    remotePorts.push(req.socket.remotePort ?? 0);
    if (req.url === '/api/overview') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ rabbitmq_version: '3.13.7', cluster_name: 'x' }));
    }
    if (req.url === '/echo') {
      res.writeHead(201, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ method: req.method, contentType: req.headers['content-type'], length: req.headers['content-length'], body }));
    }
    if (req.url === '/moved') return res.writeHead(302, { location: '/elsewhere' }).end('moved');
    if (req.url === '/stall') {
      closed.set('/stall', new Promise((resolve) => res.on('close', () => resolve())));
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.write('first part, and then nothing');
    }
    if (req.url === '/huge') {
      // Chunked, no content-length: the cap must hold while reading, not only on a declared length.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const mib = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const more = () => {
        while (sent < 65 && !res.destroyed) {
          sent += 1;
          if (!res.write(mib)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    res.setHeader('x-multi', ['one', 'two']);
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('héllo');
  });
}

async function listen(server: Server, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  pki = makePki();
  otherCa = readFileSync(join(pki.dir, 'other-ca.crt'), 'utf8');
  const tls = { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) };
  httpsUrl = `https://127.0.0.1:${await listen(createHttpsServer(tls, handler))}`;
  wrongHostUrl = `https://127.0.0.3:${await listen(createHttpsServer(tls, handler), '127.0.0.3')}`;
  httpUrl = `http://127.0.0.1:${await listen(createHttpServer(handler))}`;
  trusting = fetchTrusting(pki.ca.toString('utf8'));
});

afterAll(async () => {
  trusting?.close();
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

/** The rejection of a promise, to look at. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('fetchTrusting', () => {
  it('GETs over https trusting the CA: status, headers (repeated ones joined), body, and reuses the connection', async () => {
    remotePorts.length = 0;
    const response = await trusting(`${httpsUrl}/hello`);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${httpsUrl}/hello`);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-multi')).toBe('one, two');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('héllo');
    await (await trusting(`${httpsUrl}/hello`)).text();
    expect(remotePorts).toHaveLength(2);
    expect(remotePorts[1]).toBe(remotePorts[0]);
  });

  it('refuses a server whose certificate another CA signed, with the TLS code in the cause', async () => {
    const stranger = fetchTrusting(otherCa);
    try {
      const error = await rejectionOf(stranger(`${httpsUrl}/hello`));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('fetch failed');
      expect((error as Error).cause).toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      expect(describeNetworkFailure(error)).toEqual({
        reason: 'its TLS certificate is not signed by a trusted CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
        neverSent: true,
      });
    } finally {
      stranger.close();
    }
  });

  it('refuses a certificate that does not name the host, and says which names it has', async () => {
    const error = await rejectionOf(trusting(`${wrongHostUrl}/hello`));
    expect((error as Error).cause).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const { reason, neverSent } = describeNetworkFailure(error);
    expect(reason).toMatch(/^its TLS certificate is not for this host \(IP: 127\.0\.0\.3 is not in the cert's list: .*127\.0\.0\.1.*\) \(ERR_TLS_CERT_ALTNAME_INVALID\)$/);
    expect(neverSent).toBe(true);
  });

  it('names a refused connection by its code', async () => {
    const port = await listen(createHttpServer());
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const error = await rejectionOf(trusting(`https://127.0.0.1:${port}/`));
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(describeNetworkFailure(error)).toEqual({ reason: 'ECONNREFUSED', neverSent: true });
  });

  it('POSTs a JSON body intact', async () => {
    const payload = { name: 'ordres', args: { 'x-queue-type': 'quorum' }, text: 'é'.repeat(1000) };
    const response = await trusting(`${httpsUrl}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(201);
    const echoed = (await response.json()) as { method: string; contentType: string; length: string; body: string };
    expect(echoed).toMatchObject({ method: 'POST', contentType: 'application/json', length: String(Buffer.byteLength(JSON.stringify(payload))) });
    expect(JSON.parse(echoed.body)).toEqual(payload);
  });

  it('returns a redirect as it is, with its Location, without following it', async () => {
    const response = await trusting(`${httpsUrl}/moved`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/elsewhere');
    expect(await response.text()).toBe('moved');
    expect((await trusting(`${httpsUrl}/moved`)).status).toBe(302);
  });

  it("rejects with the signal's reason when aborted before the request or in the middle of the body, and closes the socket", async () => {
    const early = new Error('aborted before');
    expect(await rejectionOf(trusting(`${httpsUrl}/hello`, { signal: AbortSignal.abort(early) }))).toBe(early);

    const controller = new AbortController();
    const reason = new Error('the operator gave up');
    const pending = trusting(`${httpsUrl}/stall`, { signal: controller.signal }).then((response) => response.text());
    const rejection = rejectionOf(pending);
    await expect.poll(() => closed.has('/stall')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    expect(await rejection).toBe(reason);
    await closed.get('/stall');
  });

  it('rejects an answer larger than 64 MiB, saying so', async () => {
    const error = await rejectionOf(trusting(`${httpsUrl}/huge`).then((response) => response.arrayBuffer()));
    expect((error as Error).message).toMatch(/larger than 64 MiB/);
  });

  it('fetches http: URLs as usual', async () => {
    const response = await trusting(`${httpUrl}/hello`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-multi')).toBe('one, two');
    expect(await response.text()).toBe('héllo');
  });

  it('carries a ManagementClient over https', async () => {
    const client = new ManagementClient({ urls: [httpsUrl], username: 'guest', password: 'guest', fetch: trusting });
    expect(await client.overview()).toEqual({ rabbitmqVersion: '3.13.7', clusterName: 'x' });

    const stranger = fetchTrusting(otherCa);
    try {
      const refused = new ManagementClient({ urls: [httpsUrl], username: 'guest', password: 'guest', fetch: stranger });
      await expect(refused.overview()).rejects.toMatchObject({
        code: 'unreachable',
        message: `no management URL answered: ${httpsUrl}: its TLS certificate is not signed by a trusted CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
      });
    } finally {
      stranger.close();
    }
  });
});
