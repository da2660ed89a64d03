/**
 * The SQLite and PostgreSQL schemas describe the same tables: every model, field, type, attribute and index the same,
 * but for the two differences prisma/postgresql/schema.prisma names at its top.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Each model's lines without comments or blank lines, whitespace collapsed. */
function models(file: string): Map<string, string[]> {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const found = new Map<string, string[]>();
  for (const match of text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const lines = match[2]
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    found.set(match[1], lines);
  }
  return found;
}

describe('the SQLite and PostgreSQL schemas', () => {
  const sqlite = models('prisma/schema.prisma');
  const postgres = models('prisma/postgresql/schema.prisma');

  it('have the same models, but for the two tables only PostgreSQL needs (the seq high-water, the active process)', () => {
    expect(sqlite.size).toBeGreaterThan(10);
    expect([...postgres.keys()].filter((name) => !sqlite.has(name))).toEqual(['MessageSeqHighWater', 'ActiveProcess']);
    expect([...sqlite.keys()].filter((name) => !postgres.has(name))).toEqual([]);
  });

  it('have the same fields, types, attributes and indexes, but for the 64-bit seq', () => {
    for (const [name, lines] of sqlite) {
      const expected = name === 'Message' ? lines.map((line) => line.replace(/^seq Int @id$/, 'seq BigInt @id')) : lines;
      expect(postgres.get(name), name).toEqual(expected);
    }
  });
});
