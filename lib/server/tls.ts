/**
 * @module TLS for the HTTP server and the AMQPS listener: reads the PEM files SWITCHBOARD_TLS_CERT, _KEY and _CA
 * once at start (a missing or broken file is one clear error, before anything listens), and fixes the protocol
 * floor and cipher list both servers share.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type TLSSocket, type TlsOptions } from 'node:tls';

/**
 * ECDHE key exchange with AEAD ciphers only (forward secrecy, no CBC, no RSA key transport), in the order of
 * Mozilla's "intermediate" profile, which RabbitMQ's TLS guide also recommends. TLS 1.3 suites are all AEAD.
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export const TLS_MIN_VERSION = 'TLSv1.2' as const;

/** A client that has not finished its TLS handshake by then is dropped (Node's default is 120 s). */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Sent on every HTTPS answer: browsers keep to HTTPS for a year (RFC 6797); no includeSubDomains, the host is not ours to speak for. */
export const HSTS_VALUE = 'max-age=31536000';

export interface TlsFiles {
  cert: string;
  key: string;
  /** Asks clients for a certificate and verifies any they present against it. */
  ca?: string;
}

/** The PEM contents, read and checked (the key matches the certificate, the CA parses). */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
  /** The files, for messages. */
  files: TlsFiles;
}

/** Reads the files the environment names; undefined when TLS is off. Throws one line naming the variable and file. */
export function readTlsMaterial(env: NodeJS.ProcessEnv): TlsMaterial | undefined {
  const cert = env.SWITCHBOARD_TLS_CERT?.trim();
  const key = env.SWITCHBOARD_TLS_KEY?.trim();
  const ca = env.SWITCHBOARD_TLS_CA?.trim();
  if (!cert && !key) {
    if (ca) throw new Error('SWITCHBOARD_TLS_CA is set without SWITCHBOARD_TLS_CERT and SWITCHBOARD_TLS_KEY: client certificates need TLS');
    return undefined;
  }
  if (!cert || !key) {
    throw new Error(`SWITCHBOARD_TLS_CERT and SWITCHBOARD_TLS_KEY go together: ${cert ? 'SWITCHBOARD_TLS_KEY' : 'SWITCHBOARD_TLS_CERT'} is not set`);
  }
  const material: TlsMaterial = {
    cert: readPem('SWITCHBOARD_TLS_CERT', cert, 'CERTIFICATE'),
    key: readPem('SWITCHBOARD_TLS_KEY', key, 'PRIVATE KEY'),
    ...(ca ? { ca: readPem('SWITCHBOARD_TLS_CA', ca, 'CERTIFICATE') } : {}),
    files: { cert, key, ...(ca ? { ca } : {}) },
  };
  try {
    createSecureContext({ cert: material.cert, key: material.key, ...(material.ca ? { ca: material.ca } : {}) });
  } catch (error) {
    const reason = (error as Error).message;
    throw new Error(`SWITCHBOARD_TLS_CERT ${cert} and SWITCHBOARD_TLS_KEY ${key} cannot be used together (${reason})`);
  }
  return material;
}

function readPem(variable: string, file: string, label: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new Error(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!content.toString('latin1').includes(`-----BEGIN `) || !content.toString('latin1').includes(label)) {
    throw new Error(`${variable}: ${file} is not a PEM file with a ${label}`);
  }
  return content;
}

/**
 * Options for `https.createServer` and `tls.createServer`. With a CA, clients are asked for a certificate but may
 * come without one (RabbitMQ's `verify_peer` with `fail_if_no_peer_cert = false`); `refuseUnverifiedPeer` closes
 * those whose certificate does not verify.
 */
export function serverTlsOptions(material: TlsMaterial): TlsOptions {
  return {
    cert: material.cert,
    key: material.key,
    minVersion: TLS_MIN_VERSION,
    ciphers: TLS_CIPHERS,
    honorCipherOrder: true,
    handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
    ...(material.ca ? { ca: material.ca, requestCert: true, rejectUnauthorized: false } : {}),
  };
}

/** True (and the socket destroyed) when the client presented a certificate that does not verify against the CA. */
export function refuseUnverifiedPeer(socket: TLSSocket): boolean {
  if (socket.authorized) return false;
  const peer = socket.getPeerCertificate();
  const presented = peer && Object.keys(peer).length > 0;
  if (!presented) return false;
  socket.destroy();
  return true;
}
