/**
 * @module Runs wrk (a closed-loop HTTP load generator in C, so the load generator is never what limits a figure)
 * against a URL, optionally with one POST body and headers (written as a Lua script), and reads its summary.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface WrkResult {
  requestsPerSec: number;
  requests: number;
  /** Answers other than 2xx/3xx: every one is an error here (a refused or failed publish). */
  non2xx: number;
  socketErrors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Whether wrk is on the PATH; the workloads that need it say `skipped` otherwise. */
export async function wrkAvailable(): Promise<boolean> {
  return run('wrk', ['--version']).then(
    () => true,
    // wrk --version exits 1 after printing its version
    (error: { stdout?: string; stderr?: string }) => /wrk/i.test(`${error.stdout ?? ''}${error.stderr ?? ''}`),
  );
}

export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-wrk-'));
  try {
    const script = join(dir, 'request.lua');
    writeFileSync(script, luaScript(options));
    const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${options.seconds}s`, '--latency', '-s', script, options.url];
    const { stdout } = await run('wrk', args, { timeout: (options.seconds + 60) * 1000 });
    return parseWrk(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function luaScript(options: WrkOptions): string {
  const lines = [`wrk.method = ${luaString(options.method ?? 'GET')}`];
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  if (options.body !== undefined) lines.push(`wrk.body = ${luaString(options.body)}`);
  return `${lines.join('\n')}\n`;
}

/** A Lua long string needs no escaping; the level of `=` is picked so the text cannot close it. */
function luaString(text: string): string {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

export function parseWrk(output: string): WrkResult {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSec: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    requests: number(/(\d+) requests in/),
    non2xx: number(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: socket ? socket.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
    p50Ms: duration(/^\s+50%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output)),
    p99Ms: duration(/^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output)),
    maxMs: duration(/^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)/m.exec(output)),
  };
}

function duration(match: RegExpExecArray | null): number {
  if (!match) return NaN;
  const scale = match[2] === 'us' ? 0.001 : match[2] === 's' ? 1000 : 1;
  return Number((Number(match[1]) * scale).toFixed(2));
}
