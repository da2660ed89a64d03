/**
 * TLS over the real server: a throwaway CA and certificates made with openssl, Switchboard started with
 * SWITCHBOARD_TLS_CERT/_KEY/_CA; HTTPS (HSTS, Secure cookie, TLS 1.2 floor, AEAD ciphers only), AMQPS beside plain
 * AMQP on AMQP_HOST, optional client certificates, and one clear line for broken certificate files.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLS_CIPHERS } from '@/lib/server/tls';
import { failedStart, httpsRequest, makePki, startTlsServer, type Pki, type TlsServer } from './tls-fixture';

let pki: Pki;
let server: TlsServer;

beforeAll(async () => {
  pki = makePki();
  server = await startTlsServer(pki, { SWITCHBOARD_TLS_CA: pki.caCert });
});

afterAll(async () => {
  await server?.stop();
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

const port = () => Number(new URL(server.baseUrl).port);

/** A bare TLS handshake with the HTTP port: the protocol and cipher it ends with, or the error that ended it. */
function handshake(options: ConnectionOptions): Promise<{ protocol: string | null; cipher: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: port(), ca: pki.ca, servername: 'localhost', ...options }, () => {
      resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const amqpsUrl = () => `amqps://admin:${encodeURIComponent(server.token)}@127.0.0.2:${server.amqpsPort}`;

async function roundTrip(connection: amqp.ChannelModel): Promise<string> {
  const channel = await connection.createChannel();
  const queue = `test-${randomUUID()}`;
  await channel.assertQueue(queue, { exclusive: true });
  channel.sendToQueue(queue, Buffer.from('over tls'));
  const body = await new Promise<string>((resolve) => {
    void channel.consume(queue, (message) => message && resolve(message.content.toString()), { noAck: true });
  });
  await connection.close();
  return body;
}

describe('HTTPS', () => {
  it('serves the API and the console over HTTPS with HSTS, and says https:// at start', async () => {
    const health = await httpsRequest(`${server.baseUrl}/api/v1/health`, { ca: pki.ca });
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    const page = await httpsRequest(`${server.baseUrl}/login`, { ca: pki.ca });
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(server.output()).toContain(`ready at ${server.baseUrl}`);
    expect(server.output()).toContain(`AMQPS listening on amqps://127.0.0.2:${server.amqpsPort}`);
  });

  it('gives the session cookie the Secure attribute, even when a client claims plain http', async () => {
    const login = await httpsRequest(`${server.baseUrl}/api/v1/session`, {
      ca: pki.ca,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'http' },
      body: JSON.stringify({ user: 'admin', password: server.token }),
    });
    expect(login.status, login.body).toBe(204);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^sb_session=[^;]+;/);
    expect(cookie).toMatch(/; Secure(;|$)/);
    expect(cookie).toContain('HttpOnly');
  });

  it('refuses TLS 1.1 and ciphers without AEAD; negotiates TLS 1.3 or 1.2 with a listed cipher', async () => {
    // The client is allowed TLS 1.0/1.1 (security level 0): the refusal must be the server's alert.
    expect(await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toEqual({ error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256' })).toEqual({
      error: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    });
    const modern = await handshake({});
    expect(modern).toMatchObject({ protocol: 'TLSv1.3' });
    const tls12 = await handshake({ maxVersion: 'TLSv1.2' });
    expect(tls12).toMatchObject({ protocol: 'TLSv1.2' });
    expect(TLS_CIPHERS.split(':')).toContain((tls12 as { cipher: string }).cipher);
    expect(TLS_CIPHERS.split(':')).toContain((modern as { cipher: string }).cipher);
  });

  it('with SWITCHBOARD_TLS_CA: a certificate the CA signed, and no certificate, get in; one another CA signed does not', async () => {
    const url = `${server.baseUrl}/api/v1/health`;
    expect((await httpsRequest(url, { ca: pki.ca, ...pki.goodClient })).status).toBe(200);
    expect((await httpsRequest(url, { ca: pki.ca })).status).toBe(200);
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      const refused = await httpsRequest(url, { ca: pki.ca, ...pki.strangerClient, maxVersion }).then(
        (answer) => `answered ${answer.status}`,
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      );
      expect(refused, maxVersion).toMatch(/ECONNRESET|socket hang up|EPIPE|ERR_SSL/);
    }
  });
});

describe('AMQPS', () => {
  it('publishes and consumes over amqps with the CA trusted, beside plain AMQP on AMQP_HOST', async () => {
    expect(await roundTrip(await amqp.connect(amqpsUrl(), { ca: [pki.ca], servername: 'localhost' }))).toBe('over tls');
    const plain = `amqp://admin:${encodeURIComponent(server.token)}@127.0.0.2:${server.amqpPort}`;
    expect(await roundTrip(await amqp.connect(plain))).toBe('over tls');
  });

  it('AMQP_HOST binds AMQP apart from HOST: nothing of ours listens on HOST for it', async () => {
    // The port was free on 127.0.0.2 only: another process of the run may hold the same number on 127.0.0.1, so the
    // proof is that no TLS handshake with our certificate completes there, not that nothing at all answers.
    const outcome = await new Promise<string>((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: server.amqpsPort, ca: pki.ca, servername: 'localhost' }, () => {
        socket.destroy();
        resolve('handshake with our certificate');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      socket.setTimeout(5_000, () => {
        socket.destroy();
        resolve('no answer');
      });
    });
    expect(outcome).not.toBe('handshake with our certificate');
  });

  it('with SWITCHBOARD_TLS_CA: a good client certificate and none get in, a stranger is refused', async () => {
    expect(await roundTrip(await amqp.connect(amqpsUrl(), { ca: [pki.ca], ...pki.goodClient }))).toBe('over tls');
    const stranger = await amqp.connect(amqpsUrl(), { ca: [pki.ca], ...pki.strangerClient }).then(
      async (connection) => {
        await connection.close();
        return 'connected';
      },
      (error: Error) => error.message,
    );
    expect(stranger).not.toBe('connected');
  });

  it('refuses TLS 1.1 on AMQPS too', async () => {
    const error = await new Promise<string>((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.2', port: server.amqpsPort, ca: pki.ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
        socket.end();
        resolve('connected');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(error).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });
});

describe('broken certificate files: one clear line and a non-zero exit', () => {
  const cases = (): Array<[string, Record<string, string>, RegExp]> => [
    ['a missing file', { SWITCHBOARD_TLS_CERT: join(pki.dir, 'absent.crt'), SWITCHBOARD_TLS_KEY: pki.serverKey }, /SWITCHBOARD_TLS_CERT: cannot read .*absent\.crt \(ENOENT\)/],
    ['a key that is not the certificate\'s', { SWITCHBOARD_TLS_CERT: pki.serverCert, SWITCHBOARD_TLS_KEY: join(pki.dir, 'client.key') }, /SWITCHBOARD_TLS_CERT .* and SWITCHBOARD_TLS_KEY .* cannot be used together/],
    ['a certificate as the key', { SWITCHBOARD_TLS_CERT: pki.serverCert, SWITCHBOARD_TLS_KEY: pki.serverCert }, /SWITCHBOARD_TLS_KEY: .* is not a PEM file with a PRIVATE KEY/],
    ['half the pair', { SWITCHBOARD_TLS_CERT: pki.serverCert }, /SWITCHBOARD_TLS_KEY is not set/],
  ];
  const names = ['a missing file', "a key that is not the certificate's", 'a certificate as the key', 'half the pair'];
  for (const [index, name] of names.entries()) {
    it(name, async () => {
      const [what, env, message] = cases()[index]!;
      const database = `file:${join(pki.dir, 'never.db')}`;
      const { code, output } = await failedStart({ DATABASE_URL: database, SWITCHBOARD_TLS_KEY: '', SWITCHBOARD_TLS_CA: '', ...env });
      expect(code, `${what}: ${output}`).not.toBeNull();
      expect(code, `${what}: ${output}`).not.toBe(0);
      const lines = output.trim().split('\n');
      expect(lines, output).toHaveLength(1);
      expect(lines[0]).toMatch(/^Switchboard failed to start: /);
      expect(lines[0]).toMatch(message);
    });
  }
});
