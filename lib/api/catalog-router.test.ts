import { describe, expect, it } from 'vitest';
import { CatalogRouter } from './catalog-router';
import { endpoints } from './endpoints/catalog';

const router = new CatalogRouter(endpoints.filter((endpoint) => endpoint.vhostScoped));
const match = (method: string, path: string) => {
  const found = router.match(method, path.split('/').filter(Boolean));
  return found && { id: found.endpoint.operationId, params: found.params };
};

describe('CatalogRouter', () => {
  it('finds the entry and its parameters for a vhost-scoped path', () => {
    expect(match('GET', '/queues/orders')).toEqual({ id: 'getQueue', params: { name: 'orders' } });
    expect(match('POST', '/queues/orders/messages/m-1/move')).toEqual({ id: 'moveMessage', params: { name: 'orders', messageId: 'm-1' } });
    expect(match('DELETE', '/queues/orders/contents')).toEqual({ id: 'purgeQueue', params: { name: 'orders' } });
  });

  it('prefers literal segments over parameters', () => {
    expect(match('GET', '/queues/orders/messages')?.id).toBe('peek');
    expect(match('POST', '/queues/orders/messages')?.id).toBe('publishToQueue');
    expect(match('GET', '/queues/orders/metrics')?.id).toBe('getQueueMetrics');
  });

  it('keeps decoded names whole, slashes included', () => {
    expect(router.match('GET', ['queues', 'a/b'])?.params).toEqual({ name: 'a/b' });
  });

  it('answers nothing for paths and methods it does not serve, and lists the methods a path has', () => {
    expect(match('PATCH', '/queues/orders')).toBeUndefined();
    expect(match('GET', '/users')).toBeUndefined();
    expect(router.methodsAt(['queues', 'orders']).sort()).toEqual(['DELETE', 'GET', 'PUT']);
  });
});
