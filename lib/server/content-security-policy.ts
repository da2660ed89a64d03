/**
 * @module The console pages' Content-Security-Policy: scripts only from this origin and by a per-request nonce
 * (Next reads the nonce from the policy on the request and puts it on its own scripts), nothing from other origins.
 */

/** The request header proxy.ts hands the nonce to the root layout in. */
export const NONCE_HEADER = 'x-nonce';

/** Fresh for every page request: 16 random bytes, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * - `script-src 'nonce-…' 'strict-dynamic'`: Next's bootstrap and the theme script carry the nonce; the chunks
 *   they load inherit the trust. No 'unsafe-inline' or 'unsafe-eval' (production React needs neither).
 * - `style-src 'self' 'nonce-…'`: stylesheets from here; no injected `<style>` element runs without the nonce.
 *   `style-src-attr 'unsafe-inline'`: server-rendered `style="…"` attributes (recharts' ResponsiveContainer and
 *   SVG text, xyflow's node transforms and viewport, progress widths) must apply before hydration. An attribute
 *   can only restyle the page: anything it would load (`url(…)`) is still held to img-src and font-src, 'self'.
 * - `connect-src 'self'`: the API and its event streams. `frame-ancestors 'none'` with X-Frame-Options DENY.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
