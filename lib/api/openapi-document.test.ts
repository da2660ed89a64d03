import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiText } from './openapi-document';

describe('docs/openapi.json', () => {
  it('is the document the server serves (run `npm run openapi` after changing an endpoint)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiText());
  });
});
