import { describe, expect, it } from 'vitest';
import { jsonView } from './json-payload';

describe('jsonView', () => {
  it('pretty-prints JSON', () => {
    expect(jsonView('{"a":1,"b":[true,null]}')).toEqual({ ok: true, pretty: '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}' });
    expect(jsonView(' 42 ')).toEqual({ ok: true, pretty: '42' });
  });
  it('says why text is not JSON', () => {
    const view = jsonView('<img src=x onerror=alert(1)>');
    expect(view.ok).toBe(false);
    if (!view.ok) expect(view.reason).toMatch(/^Not JSON: /);
  });
  it('calls an empty payload empty', () => {
    expect(jsonView('  ')).toEqual({ ok: false, reason: 'The payload is empty.' });
  });
});
