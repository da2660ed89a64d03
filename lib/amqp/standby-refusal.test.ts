/** A standby's AMQP port: clients are told CONNECTION_FORCED with the reason, quickly; garbage and stalls are dropped; close() frees the port. */
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import amqp from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '@/tests/api/tls-fixture';
import { PROTOCOL_HEADER } from './codec';
import { StandbyRefusal, type StandbyRefusalOptions } from './standby-refusal';
import { startAmqp, type AmqpFixture } from './test-support/amqp-fixture';
import { RawClient } from './test-support/raw-client';

const REASON = 'standby of db-host:5432 (http://127.0.0.1:3000); connect to the active process';

const started: StandbyRefusal[] = [];
const fixtures: AmqpFixture[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

async function start(options: Partial<StandbyRefusalOptions> = {}): Promise<StandbyRefusal> {
  const refusal = await StandbyRefusal.start({ host: '127.0.0.1', port: 0, reason: () => REASON, log: () => undefined, ...options });
  started.push(refusal);
  return refusal;
}

async function refusedBy(url: string, socketOptions?: object): Promise<{ error: Error; ms: number }> {
  const t0 = Date.now();
  const error = await amqp.connect(url, socketOptions).then(
    (c) => {
      void c.close();
      throw new Error('connected to a standby');
    },
    (e: Error) => e,
  );
  return { error, ms: Date.now() - t0 };
}

describe('amqplib', () => {
  it('is refused at once with CONNECTION_FORCED and the reason, read at each connection', async () => {
    let reason = REASON;
    const refusal = await start({ reason: () => reason });
    const first = await refusedBy(`amqp://guest:guest@127.0.0.1:${refusal.port}`);
    expect(first.error.message).toContain('CONNECTION_FORCED');
    expect(first.error.message).toContain(`CONNECTION_FORCED - ${REASON}`);
    expect(first.error.message).toContain('320');
    expect(first.ms).toBeLessThan(1000);
    reason = 'standby of elsewhere:1';
    expect((await refusedBy(`amqp://127.0.0.1:${refusal.port}`)).error.message).toContain('CONNECTION_FORCED - standby of elsewhere:1');
  });
});

describe('the wire', () => {
  it('start with the server properties, then close 320 at class/method 0/0; close-ok ends the socket', async () => {
    const refusal = await start({ version: '1.2.3' });
    const client = await RawClient.connect(refusal.port!);
    client.write(PROTOCOL_HEADER);
    const startMethod = await client.expect('connection.start');
    expect(startMethod.args).toMatchObject({ versionMajor: 0, versionMinor: 9 });
    expect(startMethod.args.serverProperties).toMatchObject({ product: 'Switchboard', version: '1.2.3', capabilities: { 'connection.blocked': true } });
    client.method(0, 'connection.start-ok', { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0a\0b'), locale: 'en_US' });
    expect(await client.connectionClose()).toEqual({ replyCode: 320, replyText: `CONNECTION_FORCED - ${REASON}`, classId: 0, methodId: 0 });
    await client.closed;
  });

  it('a reason too long for a shortstr is cut to 255 bytes', async () => {
    const refusal = await start({ reason: () => 'é'.repeat(300) });
    const { error } = await refusedBy(`amqp://127.0.0.1:${refusal.port}`);
    const text = /with message "(.*)"/.exec(error.message)?.[1] ?? '';
    expect(text.startsWith('CONNECTION_FORCED - éé')).toBe(true);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(255);
  });

  it('a client that never answers close-ok is dropped', async () => {
    const refusal = await start();
    const client = await RawClient.connect(refusal.port!);
    client.write(PROTOCOL_HEADER);
    await client.expect('connection.start');
    client.method(0, 'connection.start-ok', { clientProperties: {}, mechanism: 'PLAIN', response: Buffer.from('\0a\0b'), locale: 'en_US' });
    await client.expect('connection.close');
    const t0 = Date.now();
    await client.closed;
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('a client closing first gets close-ok', async () => {
    const refusal = await start();
    const client = await RawClient.connect(refusal.port!);
    client.write(PROTOCOL_HEADER);
    await client.expect('connection.start');
    client.method(0, 'connection.close', { replyCode: 200, replyText: 'bye', classId: 0, methodId: 0 });
    await client.expect('connection.close-ok');
    await client.closed;
  });

  it('a wrong protocol header gets ours back and the socket ends', async () => {
    const refusal = await start();
    const client = await RawClient.connect(refusal.port!, false);
    client.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await client.closed;
    expect(client.raw).toEqual(PROTOCOL_HEADER);
  });

  it('garbage frames after the header end that socket only', async () => {
    const refusal = await start();
    const client = await RawClient.connect(refusal.port!);
    client.write(Buffer.concat([PROTOCOL_HEADER, Buffer.from([0x77, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3])]));
    await client.closed;
    const bad = await RawClient.connect(refusal.port!);
    // A method frame whose payload is not a method the codec knows.
    bad.write(Buffer.concat([PROTOCOL_HEADER, Buffer.from([1, 0, 0, 0, 0, 0, 4, 0xab, 0xcd, 0, 1, 0xce])]));
    await bad.closed;
    expect((await refusedBy(`amqp://127.0.0.1:${refusal.port}`)).error.message).toContain('CONNECTION_FORCED');
  });

  it('a client that sends nothing is dropped after handshakeTimeoutMs', async () => {
    const refusal = await start({ handshakeTimeoutMs: 150 });
    const client = await RawClient.connect(refusal.port!);
    const t0 = Date.now();
    await client.closed;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(Date.now() - t0).toBeLessThan(1500);
  });
});

describe('listening', () => {
  it('says where it refuses in one line', async () => {
    const lines: string[] = [];
    const refusal = await start({ log: (line) => lines.push(line) });
    expect(lines).toEqual([`AMQP on amqp://127.0.0.1:${refusal.port} refuses clients: this process is a standby`]);
  });

  it('a taken port is one warning and no listener', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const warnings: string[] = [];
      const refusal = await start({ port, warn: (line) => warnings.push(line) });
      expect(refusal.port).toBeUndefined();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`AMQP port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('close() drops open sockets and the real AmqpListener binds the same port at once', async () => {
    const refusal = await StandbyRefusal.start({ host: '127.0.0.1', port: 0, reason: () => REASON, log: () => undefined });
    const port = refusal.port!;
    const stalled = await RawClient.connect(port);
    stalled.write(PROTOCOL_HEADER);
    await stalled.expect('connection.start');
    await refusal.close();
    expect(refusal.port).toBeUndefined();
    await stalled.closed;
    const fixture = await startAmqp({ listener: { port } });
    fixtures.push(fixture);
    expect(fixture.port).toBe(port);
    const connection = await amqp.connect(fixture.url);
    await connection.close();
    // And back to standby after the real listener closes.
    await fixture.stop();
    const again = await start({ port });
    expect(again.port).toBe(port);
  });
});

describe('AMQPS', () => {
  let pki: Pki;
  beforeAll(() => {
    pki = makePki();
  });
  afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

  const tls = () => ({ port: 0, options: { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) } });

  it('refuses amqps clients the same way, beside plain AMQP', async () => {
    const refusal = await start({ tls: tls() });
    expect(refusal.port).toBeTypeOf('number');
    const { error, ms } = await refusedBy(`amqps://127.0.0.1:${refusal.tlsPort}`, { ca: [pki.ca] });
    expect(error.message).toContain(`CONNECTION_FORCED - ${REASON}`);
    expect(ms).toBeLessThan(1000);
  });

  it('a client stalled in the TLS handshake is dropped after handshakeTimeoutMs, and close() frees the port', async () => {
    const refusal = await start({ port: undefined, tls: tls(), handshakeTimeoutMs: 150 });
    const port = refusal.tlsPort!;
    expect(refusal.port).toBeUndefined();
    const silent = await RawClient.connect(port);
    await silent.closed;
    const open = tlsConnect({ host: '127.0.0.1', port, ca: [pki.ca] });
    open.on('error', () => undefined);
    await new Promise<void>((resolve) => open.once('secureConnect', () => resolve()));
    const closed = new Promise<void>((resolve) => open.once('close', () => resolve()));
    await refusal.close();
    await closed;
    const next = await start({ port: undefined, tls: { ...tls(), port } });
    expect(next.tlsPort).toBe(port);
  });
});
