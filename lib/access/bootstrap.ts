/**
 * @module The first start's access setup, and the environment's admin token: vhost `/`, user `admin` (administrator,
 * every permission on `/`), and `SWITCHBOARD_ADMIN_TOKEN` kept as an API key of admin.
 */
import { DEFAULT_VHOST, type AccessDirectory } from './access-directory';
import { hashPassword } from './password-hashing';

export const ADMIN_USER = 'admin';
export const ENV_KEY_NAME = 'SWITCHBOARD_ADMIN_TOKEN';
const INITIAL_KEY_NAME = 'initial';

/**
 * Makes sure vhost `/` and user `admin` exist. Without any way in for admin (no env token, no key, no password), creates
 * one secret that is both admin's password and an API key, and returns it: it exists nowhere else afterwards.
 */
export async function bootstrapAccess(directory: AccessDirectory, envToken: string | undefined, now: number): Promise<string | undefined> {
  if (!directory.findVhost(DEFAULT_VHOST)) await directory.putVhost(DEFAULT_VHOST, 'Default virtual host');
  const firstStart = directory.listUsers().length === 0;
  if (firstStart) {
    await directory.restoreUser({ name: ADMIN_USER, tags: ['administrator'] });
    await directory.setPermission({ user: ADMIN_USER, vhost: DEFAULT_VHOST, configure: '.*', write: '.*', read: '.*' });
  }
  if (envToken) {
    await keepEnvKey(directory, envToken, now);
    return undefined;
  }
  // Unsetting SWITCHBOARD_ADMIN_TOKEN retires its key, as it did when the variable was the only admin token.
  const retired = directory.listApiKeys(ADMIN_USER).find((key) => key.name === ENV_KEY_NAME);
  if (retired) await directory.revokeApiKey(retired.id);
  const admin = directory.findUser(ADMIN_USER);
  if (!admin || admin.password || directory.listApiKeys(ADMIN_USER).length > 0) return undefined;
  const { secret } = await directory.createApiKey(ADMIN_USER, { name: INITIAL_KEY_NAME }, now);
  await directory.restoreUser({ ...admin, password: await hashPassword(secret) });
  return secret;
}

/** The env token is admin's key named SWITCHBOARD_ADMIN_TOKEN; a new value replaces the old key. */
async function keepEnvKey(directory: AccessDirectory, envToken: string, now: number): Promise<void> {
  if (!directory.findUser(ADMIN_USER)) return;
  const current = directory.listApiKeys(ADMIN_USER).find((key) => key.name === ENV_KEY_NAME);
  if (current && directory.findApiKeyBySecret(envToken)?.id === current.id) return;
  if (current) await directory.revokeApiKey(current.id);
  const taken = directory.findApiKeyBySecret(envToken);
  if (taken) await directory.revokeApiKey(taken.id);
  await directory.createApiKey(ADMIN_USER, { name: ENV_KEY_NAME, secret: envToken }, now);
}

/**
 * `npm run admin-token`: a new secret that is admin's key and password; admin's other keys (the environment's
 * aside) are revoked and the old password stops working.
 */
export async function issueAdminToken(directory: AccessDirectory, now: number): Promise<string> {
  for (const key of directory.listApiKeys(ADMIN_USER)) if (key.name !== ENV_KEY_NAME) await directory.revokeApiKey(key.id);
  const { secret } = await directory.createApiKey(ADMIN_USER, { name: `admin-token ${new Date(now).toISOString()}` }, now);
  await directory.restoreUser({ ...directory.getUser(ADMIN_USER), password: await hashPassword(secret) });
  return secret;
}
