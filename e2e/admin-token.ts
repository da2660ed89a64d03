/** @module The admin token playwright.config.ts gave the server, as the journeys read it. */

export function adminToken(): string {
  const token = process.env.E2E_ADMIN_TOKEN;
  if (!token) throw new Error('E2E_ADMIN_TOKEN is not set: run the journeys through playwright.config.ts');
  return token;
}
