import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '@/tests/api/tls-fixture';
import { readConfig as readEnv } from './config';
import { serverTlsOptions, TLS_CIPHERS } from './tls';

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

/** The variables alone (Next's types make NODE_ENV required in a ProcessEnv). */
const readConfig = (vars: Record<string, string>) => readEnv(vars as NodeJS.ProcessEnv);
const withTls = () => ({ SWITCHBOARD_TLS_CERT: pki.serverCert, SWITCHBOARD_TLS_KEY: pki.serverKey });

describe('TLS configuration', () => {
  it('is off without certificate files: no AMQPS, AMQP on HOST', () => {
    const config = readConfig({ HOST: '0.0.0.0' });
    expect(config.tls).toBeUndefined();
    expect(config.amqpsPort).toBe(0);
    expect(config.amqpHost).toBe('0.0.0.0');
  });

  it('with a certificate and key: AMQPS on 5671 unless AMQPS_PORT says otherwise (0 turns it off), AMQP_HOST apart', () => {
    expect(readConfig(withTls()).amqpsPort).toBe(5671);
    expect(readConfig({ ...withTls(), AMQPS_PORT: '0' }).amqpsPort).toBe(0);
    const config = readConfig({ ...withTls(), AMQPS_PORT: '15671', HOST: '127.0.0.1', AMQP_HOST: '0.0.0.0' });
    expect(config).toMatchObject({ amqpsPort: 15671, host: '127.0.0.1', amqpHost: '0.0.0.0' });
    expect(() => readConfig({ ...withTls(), AMQPS_PORT: '70000' })).toThrow(/AMQPS_PORT must be an integer from 0 to 65535/);
  });

  it('asks for client certificates only with a CA, and never fails a client for having none', () => {
    const plain = serverTlsOptions(readConfig(withTls()).tls!);
    expect(plain).toMatchObject({ minVersion: 'TLSv1.2', ciphers: TLS_CIPHERS, honorCipherOrder: true });
    expect(plain.requestCert).toBeUndefined();
    const mutual = serverTlsOptions(readConfig({ ...withTls(), SWITCHBOARD_TLS_CA: pki.caCert }).tls!);
    expect(mutual).toMatchObject({ requestCert: true, rejectUnauthorized: false });
  });

  it('lists only AEAD ciphers with forward secrecy', () => {
    for (const cipher of TLS_CIPHERS.split(':')) expect(cipher).toMatch(/^(TLS_(AES_\d+_GCM|CHACHA20_POLY1305)_SHA\d+|ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305))$/);
  });

  it('names the variable and the file when one is missing, half a pair, or not PEM', () => {
    expect(() => readConfig({ ...withTls(), SWITCHBOARD_TLS_CA: join(pki.dir, 'nope.pem') })).toThrow(/^SWITCHBOARD_TLS_CA: cannot read .*nope\.pem \(ENOENT\)$/);
    expect(() => readConfig({ SWITCHBOARD_TLS_KEY: pki.serverKey })).toThrow('SWITCHBOARD_TLS_CERT is not set');
    expect(() => readConfig({ SWITCHBOARD_TLS_CA: pki.caCert })).toThrow(/client certificates need TLS/);
    expect(() => readConfig({ ...withTls(), SWITCHBOARD_TLS_CERT: pki.serverKey })).toThrow(/SWITCHBOARD_TLS_CERT: .* is not a PEM file with a CERTIFICATE/);
  });
});
