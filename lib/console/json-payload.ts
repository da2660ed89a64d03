/** @module Whether a payload's text is JSON, and if so the same value pretty-printed with two-space indents. */

export type JsonView = { ok: true; pretty: string } | { ok: false; reason: string };

export function jsonView(text: string): JsonView {
  if (text.trim() === '') return { ok: false, reason: 'The payload is empty.' };
  try {
    return { ok: true, pretty: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (error) {
    return { ok: false, reason: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
