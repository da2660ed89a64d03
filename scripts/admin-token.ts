/**
 * `npm run admin-token`: issues a new API key for user `admin`, revoking admin's other keys (and their sessions),
 * and prints it once. Only its sha256 is stored. Uses the same DATABASE_URL as the server; a running server picks
 * the new key up at its next start.
 */
import { AccessDirectory } from '../lib/access/access-directory';
import { AccessRepository } from '../lib/access/access-repository';
import { bootstrapAccess, issueAdminToken } from '../lib/access/bootstrap';
import { readConfig } from '../lib/server/config';
import { createPrisma } from '../lib/store/prisma';

async function main(): Promise<void> {
  const { databaseUrl } = readConfig();
  const prisma = createPrisma(databaseUrl);
  try {
    const directory = await AccessDirectory.load(new AccessRepository(prisma));
    await bootstrapAccess(directory, undefined, Date.now());
    const token = await issueAdminToken(directory, Date.now());
    console.log("New API key of user 'admin' (shown once; admin's earlier keys no longer work):");
    console.log(token);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  console.error('admin-token failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
