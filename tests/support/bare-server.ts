/**
 * @module A Switchboard process without Next, for tests that start and kill it many times: `boot()` (store, brokers,
 * AMQP) and the HTTP API's catalog entries served by node's http server (the same handlers Next routes to, on
 * `/api/v1/...`, default vhost). Prints `ready <httpPort> <amqpPort>` once serving. Run: `tsx tests/support/bare-server.ts`
 * with PORT, AMQP_PORT, DATABASE_URL and SWITCHBOARD_ADMIN_TOKEN set.
 */
import '../../lib/engine/clock';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { CatalogRouter } from '../../lib/api/catalog-router';
import { endpoints } from '../../lib/api/endpoints/catalog';
import { serveEndpoint } from '../../lib/api/handler';
import { DEFAULT_VHOST } from '../../lib/engine/store';
import { boot } from '../../lib/server/boot';
import { readConfig } from '../../lib/server/config';

const PREFIX = '/api/v1/';

async function main(): Promise<void> {
  const config = readConfig();
  const { services, shutdown } = await boot(config);
  const router = new CatalogRouter(endpoints);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const segments = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent) : null;
      const match = segments && router.match(req.method ?? 'GET', segments);
      if (!match) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"no such route here"}}');
        return;
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
      } as RequestInit);
      const response = await serveEndpoint(match.endpoint, request, match.params, DEFAULT_VHOST);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
        // An event stream (subscribe, /events) never ends: streamed, and cancelled when the client goes.
        const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
        res.on('close', () => body.destroy());
        body.pipe(res);
        return;
      }
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error) => {
      console.error('bare-server: request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`ready ${port} ${services.amqp?.port ?? 0}`);
  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error('Switchboard failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
