/** @module Removes the journey's temporary database directory. */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export default function globalTeardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  // Only ever a directory this run made under the system temp dir.
  if (dir && dir.startsWith(tmpdir()) && dir.includes('switchboard-e2e-')) rmSync(dir, { recursive: true, force: true });
}
