/**
 * Hostile requests generated from the served OpenAPI document, from a seeded PRNG: every operation, with path
 * parameters in odd unicode and percent-encodings, bodies with wrong types, missing and extra fields, huge strings and
 * numbers, deep nesting, invalid JSON, wrong content types, and wrong methods.
 */
type Json = any;

export interface FuzzRequest {
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** mulberry32: small, fast and the same sequence for the same seed. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)], chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof prng>;

const ODD_STRINGS = [
  '', ' ', 'a', 'ünï', 'a b', 'x/y', 'celery@host.celery.pidbox', '..', '.', '\u0000', '\ud800', '\udfff', '😀🔥', '\u202e\u200b',
  '𝕳𝖊𝖑𝖑𝖔', 'a\nb', "' OR 1=1 --", '<script>x</script>', '${jndi:x}', '%', '%25', '%00', '%2F', '%zz', '\\', '{}', '[]',
  'null', 'true', '-1', '1e309', '(a+)+$', '[', '*', 'amq.gen-x', 'amq.topic', 'x'.repeat(255), 'x'.repeat(256), 'é'.repeat(200),
];
const ODD_NUMBERS = [0, -0, -1, 1, -(2 ** 53), 2 ** 53 + 2, 2 ** 64, -(2 ** 63), 1e308, -1e308, 0.5, 3.14159, 2 ** 31, 2 ** 32 - 1];
const RAW_SEGMENTS = ['%00', '%2F', '%252F', '%2e%2e', '..', '%C0%AF', '%E0%A4%A', '%FF', '%', '%%', 'a%20b', '%F0%9F%98%80', '~', '%3F', '%23', ';x', 'a'.repeat(300), 'b'.repeat(5_000)];
/** Percent-encodes; a lone surrogate (no UTF-8 form) goes as the bytes of its CESU-8 form, which no decoder accepts. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

export class RequestFuzzer {
  constructor(
    private readonly spec: Json,
    private readonly rng: Rng,
    /** Never sent as a path parameter (the canary's names, `admin`, `/`). */
    private readonly forbidden: (value: string) => boolean,
  ) {}

  operations(): { method: string; path: string; op: Json }[] {
    const list: { method: string; path: string; op: Json }[] = [];
    for (const [path, item] of Object.entries(this.spec.paths as Record<string, Json>)) {
      for (const method of ['get', 'post', 'put', 'delete']) if (item[method]) list.push({ method: method.toUpperCase(), path, op: item[method] });
    }
    return list;
  }

  request(entry: { method: string; path: string; op: Json }, token: string): FuzzRequest {
    const { rng } = this;
    const base = entry.path.startsWith('/metrics') ? '' : '/api/v1';
    const path = entry.path.replace(/\{(\w+)\}/g, () => this.pathParam());
    const query = (entry.op.parameters ?? []).filter((p: Json) => p.in === 'query' && rng.chance(0.6)).map((p: Json) => `${encode(p.name)}=${this.queryValue(p.schema)}`);
    if (rng.chance(0.1)) query.push(`${encode(this.string())}=${encode(this.string())}`);
    const method = rng.chance(0.08) ? rng.pick(METHODS) : entry.method;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let body: string | undefined;
    const schema = entry.op.requestBody?.content?.['application/json']?.schema;
    if (method !== 'GET' && (schema || rng.chance(0.2))) {
      headers['content-type'] = rng.chance(0.06) ? rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']) : 'application/json';
      body = this.body(schema);
    }
    return { operation: entry.op.operationId, method, path: `${base}${path}${query.length ? `?${query.join('&')}` : ''}`, headers, body };
  }

  private pathParam(): string {
    for (;;) {
      const raw = this.rng.chance(0.3) ? this.rng.pick(RAW_SEGMENTS) : encode(this.string());
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        // stays as sent
      }
      if (raw !== '' && !this.forbidden(decoded) && !this.forbidden(raw)) return raw;
    }
  }

  private queryValue(schema: Json): string {
    const value = this.rng.chance(0.5) ? this.value(schema ?? {}, 0) : this.anything(0);
    return encode(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  }

  private body(schema: Json | undefined): string {
    const { rng } = this;
    const roll = rng.next();
    if (roll < 0.05) return '';
    if (roll < 0.1) return rng.pick(['{', '{"a":', '[1,2', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '{"a":NaN}', '{"a":1e999999}', '\ufeff{}']);
    if (roll < 0.13) return rng.pick(['null', '[]', '"text"', '42', 'true', '{}']);
    if (roll < 0.16) return `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    if (roll < 0.18) return `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const value = schema ? this.value(schema, 0) : this.anything(0);
    return JSON.stringify(this.mutate(value, 0));
  }

  private resolve(schema: Json): Json {
    let current = schema;
    while (current?.$ref) current = this.spec.components.schemas[current.$ref.split('/').pop()];
    return current ?? {};
  }

  /** A plausible value for the schema (valid more often than not). */
  value(input: Json, depth: number): Json {
    const { rng } = this;
    const schema = this.resolve(input);
    if (depth > 6) return rng.pick([1, 'x', null]);
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices) return this.value(rng.pick(choices), depth + 1);
    if (schema.enum) return rng.pick(schema.enum);
    if (schema.const !== undefined) return schema.const;
    const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
    switch (type) {
      case 'object': {
        const out: Record<string, Json> = {};
        for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
          if ((schema.required ?? []).includes(key) || rng.chance(0.5)) out[key] = this.value(sub, depth + 1);
        }
        if (schema.additionalProperties && typeof schema.additionalProperties === 'object' && rng.chance(0.5)) {
          out[this.string()] = this.value(schema.additionalProperties, depth + 1);
        }
        return out;
      }
      case 'array':
        return Array.from({ length: rng.int(4) }, () => this.value(schema.items ?? {}, depth + 1));
      case 'string':
        return rng.chance(0.5) ? `fuzz-${rng.int(1e9)}` : this.string();
      case 'integer':
      case 'number':
        return rng.chance(0.6) && schema.minimum !== undefined ? schema.minimum + rng.int(Math.min(1000, (schema.maximum ?? 1000) - schema.minimum + 1)) : rng.pick(ODD_NUMBERS);
      case 'boolean':
        return rng.chance(0.5);
      case 'null':
        return null;
      default:
        return this.anything(depth + 1);
    }
  }

  private mutate(value: Json, depth: number): Json {
    const { rng } = this;
    if (depth < 4 && value && typeof value === 'object' && rng.chance(0.6)) {
      const keys = Object.keys(value);
      if (keys.length) {
        const key = rng.pick(keys);
        const copy: Json = Array.isArray(value) ? [...value] : { ...value };
        copy[key] = this.mutate(copy[key], depth + 1);
        return copy;
      }
    }
    switch (rng.int(8)) {
      case 0:
        return this.anything(0);
      case 1:
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const copy = { ...value };
          delete copy[rng.pick(Object.keys(copy).concat('none'))];
          return copy;
        }
        return null;
      case 2:
        return value && typeof value === 'object' && !Array.isArray(value) ? { ...value, [rng.pick(['__proto__', 'constructor', 'extra', this.string()])]: this.anything(0) } : [value];
      case 3:
        return 'z'.repeat(rng.pick([1_000, 70_000, 300_000]));
      case 4:
        return this.nested(rng.pick([50, 100, 1_000, 3_000]));
      case 5:
        return rng.pick(ODD_NUMBERS);
      case 6:
        return this.string();
      default:
        return value;
    }
  }

  private nested(depth: number): Json {
    let value: Json = this.rng.chance(0.5) ? 1 : { amqpType: 'byte', value: 1000 };
    for (let i = 0; i < depth; i++) value = this.rng.chance(0.5) ? [value] : { a: value };
    return value;
  }

  private anything(depth: number): Json {
    const { rng } = this;
    switch (rng.int(depth > 2 ? 4 : 6)) {
      case 0:
        return this.string();
      case 1:
        return rng.pick(ODD_NUMBERS);
      case 2:
        return rng.pick([true, false, null]);
      case 3:
        return { amqpType: rng.pick(['byte', 'short', 'long', 'decimal', 'timestamp', 'x']), value: this.anything(depth + 1) };
      case 4:
        return Array.from({ length: rng.int(3) }, () => this.anything(depth + 1));
      default:
        return { [this.string()]: this.anything(depth + 1) };
    }
  }

  private string(): string {
    return this.rng.chance(0.7) ? this.rng.pick(ODD_STRINGS) : `${this.rng.pick(ODD_STRINGS)}${this.rng.int(1e6)}`;
  }
}
