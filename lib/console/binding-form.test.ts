import { describe, expect, it } from 'vitest';
import { bindingSpecFrom, type BindingFormValues } from './binding-form';

const values = (extra: Partial<BindingFormValues>): BindingFormValues => ({
  source: 'orders',
  sourceType: 'direct',
  destination: 'queue:billing',
  routingKey: 'order.paid',
  xMatch: 'all',
  rows: [],
  ...extra,
});

describe('bindingSpecFrom', () => {
  it('binds a queue or an exchange with the routing key', () => {
    expect(bindingSpecFrom(values({}))).toEqual({
      spec: { source: 'orders', destination: 'billing', destinationType: 'queue', routingKey: 'order.paid', arguments: {} },
    });
    expect(bindingSpecFrom(values({ destination: 'exchange:audit:eu' })).spec).toMatchObject({ destination: 'audit:eu', destinationType: 'exchange' });
  });

  it('drops the key for fanout, and uses header arguments (not the key) for headers', () => {
    expect(bindingSpecFrom(values({ sourceType: 'fanout' })).spec).toMatchObject({ routingKey: '', arguments: {} });
    const headers = bindingSpecFrom(values({ sourceType: 'headers', xMatch: 'any', rows: [{ key: 'region', value: 'eu' }, { key: 'level', value: '3' }] }));
    expect(headers.spec).toMatchObject({ routingKey: '', arguments: { 'x-match': 'any', region: 'eu', level: 3 } });
  });

  it('refuses what the API would refuse, saying why', () => {
    expect(bindingSpecFrom(values({ destination: '' })).error).toMatch(/Choose/);
    expect(bindingSpecFrom(values({ source: 'amq.default' })).error).toMatch(/default exchange/);
    expect(bindingSpecFrom(values({ sourceType: 'topic', routingKey: 'x'.repeat(256) })).error).toMatch(/255/);
    expect(bindingSpecFrom(values({ sourceType: 'headers', rows: [{ key: '', value: '1' }] })).error).toMatch(/empty/);
  });
});
