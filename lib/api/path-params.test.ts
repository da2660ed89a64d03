import { describe, expect, it } from 'vitest';
import { pathParams, vhostPath } from './path-params';

describe('path parameters', () => {
  it('decode each segment of the request URL exactly once', () => {
    expect(pathParams('http://h/api/v1/queues/x%2Fy', '/queues/{name}')).toEqual({ name: 'x/y' });
    expect(pathParams('http://h/api/v1/queues/%2541/messages/m%201', '/queues/{name}/messages/{messageId}')).toEqual({ name: '%41', messageId: 'm 1' });
    expect(pathParams('http://h/api/v1/queues/a%252Fb', '/queues/{name}')).toEqual({ name: 'a%2Fb' });
    expect(pathParams('http://h/api/v1/queues/%C3%BCn%C3%AF/contents', '/queues/{name}/contents')).toEqual({ name: 'ünï' });
  });

  it('answer undefined when the path has another shape, and keep a malformed escape as written', () => {
    expect(pathParams('http://h/api/v1/queues/q/contents', '/queues/{name}/messages')).toBeUndefined();
    expect(pathParams('http://h/api/v1/queues/%E0%A4%A', '/queues/{name}')).toEqual({ name: '%E0%A4%A' });
  });

  it('split /api/v1/vhosts/{vhost}/... into the vhost and the rest, each decoded once', () => {
    expect(vhostPath('http://h/api/v1/vhosts/%2F/queues/celery%40host/contents')).toEqual({ vhost: '/', segments: ['queues', 'celery@host', 'contents'] });
    expect(vhostPath('http://h/api/v1/vhosts/shop%2Feu/queues/%2541')).toEqual({ vhost: 'shop/eu', segments: ['queues', '%41'] });
    expect(vhostPath('http://h/api/v1/queues')).toBeUndefined();
  });
});
