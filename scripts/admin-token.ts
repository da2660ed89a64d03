/**
 * `npm run admin-token [name]`: issues a new admin token, revoking every stored one (and its sessions), and prints
 * it once. Only its sha256 is stored. Uses the same DATABASE_URL as the server.
 */
import { AuthService } from '../lib/api/auth';
import { readConfig } from '../lib/server/config';
import { createPrisma } from '../lib/store/prisma';

async function main(): Promise<void> {
  const name = process.argv[2]?.trim() || 'admin';
  const { databaseUrl } = readConfig();
  const prisma = createPrisma(databaseUrl);
  try {
    const token = await new AuthService(prisma).issueToken(name);
    console.log(`New admin token '${name}' (shown once; earlier tokens no longer work):`);
    console.log(token);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error) => {
  console.error('admin-token failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
