/** @module Reads Switchboard's configuration from the environment (the variables API.md lists). */
import type { ServerConfig } from './services';
import { DEFAULT_DATABASE_URL } from '../store/database-url';
import { readTlsMaterial } from './tls';
import { DEFAULT_WATERMARK, parseWatermark, type Watermark } from './memory-watermark';
import { envInteger } from './env-integer';

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = env.HOST?.trim() || '127.0.0.1';
  const tls = readTlsMaterial(env);
  return {
    host,
    port: envInteger(env, 'PORT', 3000, 0, 65535),
    amqpPort: envInteger(env, 'AMQP_PORT', 5672, 0, 65535),
    amqpHost: env.AMQP_HOST?.trim() || host,
    // AMQPS only with a certificate; 0 turns it off.
    amqpsPort: tls ? envInteger(env, 'AMQPS_PORT', 5671, 0, 65535) : 0,
    ...(tls ? { tls } : {}),
    databaseUrl: env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL,
    maxMessageBytes: envInteger(env, 'SWITCHBOARD_MAX_MESSAGE_BYTES', 8 * 1024 * 1024, 1, 512 * 1024 * 1024),
    sessionIdleTimeoutMs: envInteger(env, 'SWITCHBOARD_SESSION_IDLE_MINUTES', 8 * 60, 1, 30 * 24 * 60) * 60_000,
    auditRetentionDays: envInteger(env, 'SWITCHBOARD_AUDIT_RETENTION_DAYS', 90, 1, 3650),
    loginThrottle: {
      freeFailuresPerUser: envInteger(env, 'SWITCHBOARD_LOGIN_FAILURES_PER_USER', 5, 1, 1_000_000),
      freeFailuresPerAddress: envInteger(env, 'SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS', 100, 1, 1_000_000),
    },
    memoryHighWatermark: watermark(env),
    shutdownTimeoutMs: envInteger(env, 'SWITCHBOARD_SHUTDOWN_TIMEOUT_MS', 10_000, 1, 600_000),
    loginRefusalHold: {
      maxHoldMs: envInteger(env, 'SWITCHBOARD_LOGIN_REFUSAL_HOLD_MS', 5000, 0, 9000),
      heldPerAddress: envInteger(env, 'SWITCHBOARD_LOGIN_HELD_PER_ADDRESS', 16, 0, 10_000),
    },
  };
}

function watermark(env: NodeJS.ProcessEnv): Watermark {
  const raw = env.SWITCHBOARD_MEMORY_HIGH_WATERMARK;
  if (raw === undefined || raw.trim() === '') return DEFAULT_WATERMARK;
  try {
    return parseWatermark(raw);
  } catch (error) {
    throw new Error(`SWITCHBOARD_MEMORY_HIGH_WATERMARK: ${(error as Error).message}`);
  }
}
