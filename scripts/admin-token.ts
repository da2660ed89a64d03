/**
 * `npm run admin-token`: issues user `admin` a new secret, its API key and password, revoking admin's other keys (and
 * their sessions), and prints it once; only hashes are stored. Uses the same DATABASE_URL (and SWITCHBOARD_ADMIN_TOKEN)
 * as the server. The server reads users and keys at start: restart it to use the new secret.
 */
import { AccessDirectory } from '../lib/access/access-directory';
import { AccessRepository } from '../lib/access/access-repository';
import { bootstrapAccess, issueAdminToken } from '../lib/access/bootstrap';
import { readConfig } from '../lib/server/config';
import { parseDatabaseUrl } from '../lib/store/database-url';
import { openStore } from '../lib/store/open-store';
import { createPrisma } from '../lib/store/prisma';

async function main(): Promise<void> {
  const { databaseUrl } = readConfig();
  // On PostgreSQL the store's open applies pending migrations (createPrisma does on SQLite): admin-token may come first.
  if (parseDatabaseUrl(databaseUrl).kind === 'postgres') await (await openStore(databaseUrl)).close();
  const prisma = createPrisma(databaseUrl);
  try {
    const directory = await AccessDirectory.load(new AccessRepository(prisma));
    await bootstrapAccess(directory, process.env.SWITCHBOARD_ADMIN_TOKEN || undefined, Date.now());
    const token = await issueAdminToken(directory, Date.now());
    console.log("New password and API key of user 'admin' (shown once). A running Switchboard keeps accepting admin's earlier keys and password until it restarts: restart it now.");
    console.log(token);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  console.error('admin-token failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
