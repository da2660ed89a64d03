import { describe, expect, it } from 'vitest';
import { createSwitchboardClient } from './switchboard-client';
import { vhostBase } from './vhost-base';

describe('vhostBase', () => {
  it('puts a vhost of the embedded broker under /vhosts and one of a cluster under /clusters/{id}/vhosts', () => {
    expect(vhostBase('/api/v1', undefined, undefined)).toBe('/api/v1');
    expect(vhostBase('/api/v1', undefined, 'shop eu')).toBe('/api/v1/vhosts/shop%20eu');
    expect(vhostBase('/api/v1', 'c/1', '/')).toBe('/api/v1/clusters/c%2F1/vhosts/%2F');
    // A cluster is only reached through a vhost: `/` when none was chosen.
    expect(vhostBase('/api/v1', 'c1', undefined)).toBe('/api/v1/clusters/c1/vhosts/%2F');
  });
});

describe('createSwitchboardClient with a cluster', () => {
  it('asks for the cluster at each call and leaves the calls outside a vhost where they are', async () => {
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response('{"items":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    let cluster: string | undefined = 'rabbit 1';
    const client = createSwitchboardClient({ fetch, vhost: () => 'shop', cluster: () => cluster });
    await client.listQueues({ search: 'ord', sort: '-messagesReady', limit: 25 });
    await client.purgeQueue('orders');
    await client.listClusterVhosts('rabbit 1');
    await client.listClusters();
    cluster = undefined;
    await client.getQueue('orders');
    expect(urls).toEqual([
      '/api/v1/clusters/rabbit%201/vhosts/shop/queues?search=ord&sort=-messagesReady&limit=25',
      '/api/v1/clusters/rabbit%201/vhosts/shop/queues/orders/contents',
      '/api/v1/clusters/rabbit%201/vhosts',
      '/api/v1/clusters',
      '/api/v1/vhosts/shop/queues/orders',
    ]);
  });
});
