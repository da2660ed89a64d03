import { describe, expect, it } from 'vitest';
import { parseHeadersJson, publishBody, routeTestBody } from './route-test-form';

describe('parseHeadersJson', () => {
  it('reads a JSON object, keeping value types', () => {
    expect(parseHeadersJson('{"region":"eu","level":3,"vip":true,"tag":null}')).toEqual({ headers: { region: 'eu', level: 3, vip: true, tag: null } });
  });

  it('takes blank as no headers', () => {
    expect(parseHeadersJson('  ')).toEqual({});
  });

  it('says what is wrong with anything else', () => {
    expect(parseHeadersJson('{region: eu}').error).toMatch(/not valid JSON/);
    expect(parseHeadersJson('[1]').error).toMatch(/JSON object/);
    expect(parseHeadersJson('null').error).toMatch(/JSON object/);
    expect(parseHeadersJson('"eu"').error).toMatch(/JSON object/);
  });
});

describe('bodies', () => {
  const values = { routingKey: 'order.eu.paid', headers: '{"region":"eu"}', payload: '{"id":7}' };

  it('tests and publishes the same message', () => {
    expect(routeTestBody(values)).toEqual({ body: { routingKey: 'order.eu.paid', headers: { region: 'eu' } } });
    expect(publishBody(values)).toEqual({ body: { routingKey: 'order.eu.paid', payload: '{"id":7}', properties: { headers: { region: 'eu' } } } });
  });

  it('leaves headers out when there are none, and refuses bad ones', () => {
    expect(routeTestBody({ ...values, headers: '' })).toEqual({ body: { routingKey: 'order.eu.paid' } });
    expect(publishBody({ ...values, headers: '' }).body).not.toHaveProperty('properties');
    expect(publishBody({ ...values, headers: '[' }).error).toMatch(/not valid JSON/);
  });
});
