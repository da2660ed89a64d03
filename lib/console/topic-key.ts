/**
 * @module What the binding dialog says about a key: whether a topic binding key is accepted, with example routing keys
 * that match and that don't (each checked by the engine's own matcher), header arguments from form rows, and edge labels.
 */
import { topicMatches } from '@/lib/engine/routing/topic-match';

// The binding dialog takes everything about a binding's key or arguments from this one module.
export { formatBindingLabel, headerArgumentRows, parseHeaderArguments, X_MATCH_VALUES } from './binding-arguments';
export type { HeaderRow, XMatch } from './binding-arguments';

export interface TopicKeyDescription {
  valid: boolean;
  error?: string;
  /** Likely mistakes that RabbitMQ still accepts: `a*` is a literal word, `a..b` has an empty word. */
  warnings: string[];
  /** Up to 4 routing keys the binding key matches; `''` (the empty routing key) only for the empty binding key. */
  matching: string[];
  /** Up to 3 routing keys it does not match; may include `''`, the empty routing key. */
  nonMatching: string[];
}

const MAX_KEY_BYTES = 255;
const SAMPLE_WORDS = ['created', 'paid', 'shipped', 'cancelled', 'refunded'];
const WILDCARDS = new Set(['*', '#']);

const words = (key: string) => (key === '' ? [] : key.split('.'));
const byteLength = (text: string) => new TextEncoder().encode(text).length;
const other = (word: string) => (word === 'other' ? 'another' : 'other');

/** One routing key for a binding key: `*` takes a sample word, `#` takes `hashWords` sample words. */
function fill(pattern: string[], variant: number, hashWords: number): string[] {
  let next = variant;
  const sample = () => SAMPLE_WORDS[next++ % SAMPLE_WORDS.length];
  return pattern.flatMap((word) => {
    if (word === '*') return [sample()];
    if (word === '#') return Array.from({ length: hashWords }, sample);
    return [word];
  });
}

function matchingExamples(key: string, pattern: string[]): string[] {
  if (key === '') return [''];
  const candidates: string[] = [];
  for (let variant = 0; variant < 8; variant++) candidates.push(fill(pattern, variant, variant % 3).join('.'));
  return unique(candidates.filter((candidate) => candidate !== '' && topicMatches(key, candidate))).slice(0, 4);
}

function nonMatchingExamples(key: string, pattern: string[], matching: string[]): string[] {
  const base = fill(pattern, 0, 0);
  const literal = pattern.map((word, i) => (WILDCARDS.has(word) ? -1 : i)).filter((i) => i >= 0);
  const candidates: string[][] = [];
  const star = pattern.indexOf('*');
  // One word short where `*` needs exactly one.
  if (star >= 0) candidates.push(fill(pattern.filter((_, i) => i !== star), 0, 0));
  if (literal.length > 0) {
    const last = literal[literal.length - 1];
    candidates.push(fill(pattern.map((word, i) => (i === last ? other(word) : word)), 0, 0));
  }
  candidates.push([...base, 'extra']);
  const first = pattern.find((word) => !WILDCARDS.has(word) && word !== word.toUpperCase());
  // Words compare byte-exact: a different case is a different word.
  if (first !== undefined) candidates.push(fill(pattern.map((word) => (word === first ? word.toUpperCase() : word)), 0, 0));
  candidates.push(['extra', ...base]);
  candidates.push([]);
  if (key === '') candidates.push(['order', 'created']);
  const shown = new Set(matching);
  return unique(candidates.map((c) => c.join('.')).filter((candidate) => !shown.has(candidate) && !topicMatches(key, candidate))).slice(0, 3);
}

/** Whether RabbitMQ accepts this topic binding key (any string of at most 255 bytes), what it likely means, and examples. */
export function describeTopicBindingKey(key: string): TopicKeyDescription {
  if (byteLength(key) > MAX_KEY_BYTES) {
    return { valid: false, error: `A binding key is at most ${MAX_KEY_BYTES} bytes.`, warnings: [], matching: [], nonMatching: [] };
  }
  const pattern = words(key);
  const warnings: string[] = [];
  const partial = pattern.filter((word) => !WILDCARDS.has(word) && /[*#]/.test(word));
  if (partial.length > 0) {
    warnings.push(`${partial.map((w) => `“${w}”`).join(', ')} ${partial.length > 1 ? 'are literal words' : 'is a literal word'}: * and # are wildcards only as a whole word between dots.`);
  }
  if (pattern.includes('')) warnings.push('The key has an empty word (a leading, trailing or doubled dot); it only matches routing keys with the same empty word.');
  const matching = matchingExamples(key, pattern);
  return { valid: true, warnings, matching, nonMatching: nonMatchingExamples(key, pattern, matching) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
