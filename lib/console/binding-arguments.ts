/** @module A headers binding's arguments to and from the dialog's key/value rows, and the label a binding edge shows. */

export const X_MATCH_VALUES = ['all', 'any', 'all-with-x', 'any-with-x'] as const;
export type XMatch = (typeof X_MATCH_VALUES)[number];

export interface HeaderRow {
  key: string;
  value: string;
}

const MAX_KEY_BYTES = 255;
const byteLength = (text: string) => new TextEncoder().encode(text).length;

/**
 * A typed value is JSON when it parses (`1` a number, `"1"` a string, `true`, `null` = the header need only be
 * present, as in API.md), else the text itself; so `pdf` is the string "pdf".
 */
function typedValue(text: string): { value: unknown } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { value: text };
  }
  if (typeof parsed === 'number' && (!Number.isFinite(parsed) || (Number.isInteger(parsed) && !Number.isSafeInteger(parsed)))) {
    return { error: `${text} is a number too large to keep exactly; write it in quotes to send it as a string` };
  }
  return { value: parsed };
}

/**
 * A headers binding's arguments from the dialog's rows: `x-match` plus one entry per row. Rows with neither key nor
 * value are left out (the blank row a form keeps at its end). Keys are trimmed; an empty or repeated key is an error,
 * and so is `x-match` (chosen separately) or, with `all`/`any`, any other `x-` key, which RabbitMQ would never compare.
 */
export function parseHeaderArguments(rows: HeaderRow[], xMatch: string): { arguments?: Record<string, unknown>; error?: string } {
  if (!(X_MATCH_VALUES as readonly string[]).includes(xMatch)) return { error: `x-match must be one of ${X_MATCH_VALUES.join(', ')}.` };
  const withX = xMatch.endsWith('-with-x');
  const args: Record<string, unknown> = { 'x-match': xMatch };
  const seen = new Set<string>();
  for (const [index, row] of rows.entries()) {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') continue;
    const where = `Row ${index + 1}`;
    if (key === '') return { error: `${where}: the header name is empty.` };
    if (byteLength(key) > MAX_KEY_BYTES) return { error: `${where}: a header name is at most ${MAX_KEY_BYTES} bytes.` };
    if (key === 'x-match') return { error: `${where}: choose x-match above, not as a header.` };
    if (key.startsWith('x-') && !withX) {
      return { error: `${where}: with x-match ${xMatch} headers starting with “x-” are never compared; choose ${xMatch}-with-x to match “${key}”.` };
    }
    if (seen.has(key)) return { error: `${where}: “${key}” is already used.` };
    seen.add(key);
    const typed = typedValue(row.value);
    if ('error' in typed) return { error: `${where}: ${typed.error}.` };
    args[key] = typed.value;
  }
  return { arguments: args };
}

/** How a value is written in a row so that parseHeaderArguments gives it back unchanged. */
export function headerValueText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const typed = typedValue(value);
  // A string that would read back as something else (`10`, `true`, `null`, `"x"`) is written as JSON, in quotes.
  return 'value' in typed && typed.value === value ? value : JSON.stringify(value);
}

/** The rows and x-match of an existing headers binding, for editing it. */
export function headerArgumentRows(args: Record<string, unknown>): { rows: HeaderRow[]; xMatch: XMatch } {
  const match = args['x-match'];
  const xMatch = (X_MATCH_VALUES as readonly unknown[]).includes(match) ? (match as XMatch) : 'all';
  const rows = Object.entries(args)
    .filter(([key]) => key !== 'x-match')
    .map(([key, value]) => ({ key, value: headerValueText(value) }));
  return { rows, xMatch };
}

/**
 * What a binding edge says: the routing key (`(empty key)` for `""`), for a headers exchange the match mode and
 * headers (`any: format=pdf, type=report`; a presence test shows the name alone), for fanout `(all messages)`.
 */
export function formatBindingLabel(binding: { routingKey: string; arguments: Record<string, unknown> }, exchangeType: string): string {
  if (exchangeType === 'fanout') return '(all messages)';
  if (exchangeType === 'headers') {
    const { rows, xMatch } = headerArgumentRows(binding.arguments);
    const pairs = rows.map((row) => (binding.arguments[row.key] === null ? row.key : `${row.key}=${row.value}`));
    return `${xMatch}: ${pairs.length > 0 ? pairs.join(', ') : '(no headers)'}`;
  }
  return binding.routingKey === '' ? '(empty key)' : binding.routingKey;
}
