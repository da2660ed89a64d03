/**
 * @module Next.js configuration: native database drivers stay outside the server bundle. Plain JavaScript: Next
 * compiles a `next.config.ts` with its SWC binary at every start, which keeps that binary (24 MiB) and its threads
 * in the server's memory for good.
 */

// Telemetry off for every `next` command that loads this file (build, start, the custom server).
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A build of its own per worktree or test run when set (SWITCHBOARD_NEXT_DIST=.next-mine); `.next` otherwise.
  distDir: process.env.SWITCHBOARD_NEXT_DIST || '.next',
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/client'],
  poweredByHeader: false,
  // Gzipping every API response (deliveries of 100 KB and more) costs the broker and its clients more CPU than
  // loopback and LAN bandwidth are worth; put a reverse proxy in front to compress for slow links.
  compress: false,
  reactStrictMode: true,
  experimental: {
    // Each page's modules load at its first request instead of all at start (Next's "Preloading Entries"): the API's
    // route files, which the server's own API layer answers in their place, are then never loaded at all.
    preloadEntriesOnStart: false,
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
