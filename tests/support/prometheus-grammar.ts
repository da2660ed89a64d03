/**
 * @module A strict reader of Prometheus text exposition 0.0.4 for tests: every line must follow the grammar
 * (HELP and TYPE once per family and before its samples, names, escaped label values, Go float values), counters
 * end in `_total`, and histograms are cumulative with `le="+Inf"` equal to `_count`. Throws on the first fault.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  type: string;
  help: string;
  samples: ParsedSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseFloatGo(text: string, line: string): number {
  if (!FLOAT.test(text)) throw new Error(`bad value "${text}" in: ${line}`);
  if (text === 'NaN') return NaN;
  if (text.endsWith('Inf')) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

function unescape(text: string, allowed: string, line: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') throw new Error(`raw line feed in: ${line}`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++i];
    if (next === undefined || !allowed.includes(next)) throw new Error(`bad escape \\${next ?? ''} in: ${line}`);
    out += next === 'n' ? '\n' : next;
  }
  return out;
}

function parseSample(line: string): ParsedSample {
  let i = 0;
  while (i < line.length && line[i] !== '{' && line[i] !== ' ') i++;
  const name = line.slice(0, i);
  if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const eq = line.indexOf('=', i);
      if (eq < 0) throw new Error(`bad labels in: ${line}`);
      const label = line.slice(i, eq);
      if (!LABEL_NAME.test(label) || label.startsWith('__')) throw new Error(`bad label name "${label}" in: ${line}`);
      if (label in labels) throw new Error(`repeated label ${label} in: ${line}`);
      if (line[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
      let j = eq + 2;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) throw new Error(`unterminated label value in: ${line}`);
      labels[label] = unescape(line.slice(eq + 2, j), '\\"n', line);
      i = j + 1;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') throw new Error(`expected , or } in: ${line}`);
    }
    i++;
  }
  const rest = line.slice(i);
  const match = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!match) throw new Error(`bad value part in: ${line}`);
  return { name, labels, value: parseFloatGo(match[1], line) };
}

function belongs(family: ParsedFamily, sample: string): boolean {
  if (sample === family.name) return family.type !== 'histogram';
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sample);
  if (family.type === 'summary') return [`${family.name}_sum`, `${family.name}_count`].includes(sample);
  return false;
}

function checkHistogram(family: ParsedFamily): void {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(rest);
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseFloatGo(le, le), sample.value]);
    } else if (sample.name.endsWith('_sum')) entry.sum = sample.value;
    else entry.count = sample.value;
  }
  for (const [key, { buckets, sum, count }] of series) {
    const where = `${family.name}${key}`;
    if (sum === undefined || count === undefined) throw new Error(`${where}: _sum or _count missing`);
    if (buckets.at(-1)?.[0] !== Infinity) throw new Error(`${where}: no le="+Inf" bucket last`);
    for (let k = 1; k < buckets.length; k++) {
      if (!(buckets[k][0] > buckets[k - 1][0])) throw new Error(`${where}: le not increasing`);
      if (buckets[k][1] < buckets[k - 1][1]) throw new Error(`${where}: buckets not cumulative`);
    }
    if (buckets.at(-1)![1] !== count) throw new Error(`${where}: +Inf bucket ${buckets.at(-1)![1]} != _count ${count}`);
  }
}

/** Reads and checks a whole exposition; returns its families by name. */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, ParsedFamily>();
  let current: ParsedFamily | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') throw new Error('empty line');
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (current?.name !== name) {
        if (families.has(name)) throw new Error(`family ${name} appears twice`);
        current = { name, type: 'untyped', help: '', samples: [] };
        families.set(name, current);
      } else if (current.samples.length) throw new Error(`${kind} after samples of ${name}`);
      if (kind === 'HELP') current.help = unescape(rest, '\\n', line);
      else {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        current.type = rest;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = parseSample(line);
    if (!current || !belongs(current, sample.name)) throw new Error(`sample outside its family: ${line}`);
    current.samples.push(sample);
  }
  for (const family of families.values()) {
    if (!family.help) throw new Error(`${family.name} has no HELP`);
    if (family.type === 'untyped') throw new Error(`${family.name} has no TYPE`);
    if (family.type === 'counter' && !family.name.endsWith('_total')) throw new Error(`counter ${family.name} does not end in _total`);
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

/** The value of one sample, found by name and exact labels. */
export function sampleValue(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    const hit = family.samples.find(
      (s) => s.name === name && Object.keys(s.labels).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    if (hit) return hit.value;
  }
  return undefined;
}
