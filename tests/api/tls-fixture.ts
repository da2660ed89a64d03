/**
 * @module For the TLS tests: a throwaway CA, server and client certificates made with openssl at run time, and a
 * real server (`npx tsx server.ts`, as global-setup.ts starts one) of their own with the TLS variables set.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, stopProcessGroup as stop } from '../support/process-control';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Pki {
  dir: string;
  /** Files: the CA, the server's certificate and key (SAN 127.0.0.1, 127.0.0.2, localhost). */
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** A client certificate the CA signed, and one another CA signed. */
  goodClient: { cert: Buffer; key: Buffer };
  strangerClient: { cert: Buffer; key: Buffer };
  ca: Buffer;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function keyAndCsr(dir: string, name: string, subject: string): void {
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
}

function selfSignedCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${name}`);
}

function sign(dir: string, name: string, ca: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`);
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-tls-'));
  selfSignedCa(dir, 'test-ca');
  selfSignedCa(dir, 'other-ca');
  keyAndCsr(dir, 'server', '/CN=localhost');
  sign(dir, 'server', 'test-ca', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  keyAndCsr(dir, 'client', '/CN=good-client');
  sign(dir, 'client', 'test-ca', 'extendedKeyUsage=clientAuth\n');
  keyAndCsr(dir, 'stranger', '/CN=stranger');
  sign(dir, 'stranger', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const read = (file: string) => readFileSync(join(dir, file));
  return {
    dir,
    caCert: join(dir, 'test-ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    goodClient: { cert: read('client.crt'), key: read('client.key') },
    strangerClient: { cert: read('stranger.crt'), key: read('stranger.key') },
    ca: read('test-ca.crt'),
  };
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over HTTPS with `ca` trusted (and a client certificate when given). */
export function httpsRequest(
  url: string,
  options: { ca: Buffer; method?: string; headers?: Record<string, string>; body?: string; cert?: Buffer; key?: Buffer; maxVersion?: 'TLSv1.2' | 'TLSv1.3' },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, cert: options.cert, key: options.key, maxVersion: options.maxVersion, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface TlsServer {
  baseUrl: string;
  token: string;
  amqpPort: number;
  amqpsPort: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs `npx tsx server.ts` with `env` over the test's own database; resolves once /api/v1/health answers over HTTPS. */
export async function startTlsServer(pki: Pki, env: Record<string, string>): Promise<TlsServer> {
  const port = await freePort();
  const amqpPort = await freePort('127.0.0.2');
  const amqpsPort = await freePort('127.0.0.2');
  const token = randomBytes(24).toString('base64url');
  const child = spawn('npx', ['tsx', 'server.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      AMQP_HOST: '127.0.0.2',
      AMQP_PORT: String(amqpPort),
      AMQPS_PORT: String(amqpsPort),
      DATABASE_URL: `file:${join(pki.dir, `tls-${port}.db`)}`,
      SWITCHBOARD_ADMIN_TOKEN: token,
      SWITCHBOARD_TLS_CERT: pki.serverCert,
      SWITCHBOARD_TLS_KEY: pki.serverKey,
      ...env,
    },
  });
  let log = '';
  const keep = (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `https://127.0.0.1:${port}`;
  const server: TlsServer = { baseUrl, token, amqpPort, amqpsPort, output: () => log, stop: () => stop(child) };
  const deadline = Date.now() + 110_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the TLS server exited with ${child.exitCode}:\n${log}`);
    const ok = await httpsRequest(`${baseUrl}/api/v1/health`, { ca: pki.ca }).then((a) => a.status === 200, () => false);
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop();
  throw new Error(`the TLS server did not answer over HTTPS:\n${log}`);
}

/** Runs server.ts with `env` expecting it to fail at start: its exit code and output. */
export function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'server.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', PORT: '0', AMQP_PORT: '0', ...env } });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A start that does not fail would run on: stopped, it answers no code, and the test fails.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
