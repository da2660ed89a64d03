import { describe, expect, it } from 'vitest';
import { chooseVhost, withVhostParam } from './vhost-choice';

describe('chooseVhost', () => {
  it('prefers the linked vhost, then the stored one, then /, then the first visible', () => {
    const visible = ['/', 'shop', 'staging'];
    expect(chooseVhost({ requested: 'shop', stored: 'staging', visible })).toBe('shop');
    expect(chooseVhost({ requested: null, stored: 'staging', visible })).toBe('staging');
    expect(chooseVhost({ visible })).toBe('/');
    expect(chooseVhost({ visible: ['shop', 'staging'] })).toBe('shop');
  });

  it('never picks a vhost the viewer may not see', () => {
    expect(chooseVhost({ requested: 'secret', stored: 'gone', visible: ['shop'] })).toBe('shop');
    expect(chooseVhost({ requested: '/', visible: [] })).toBeUndefined();
  });
});

describe('withVhostParam', () => {
  it('sets, replaces and removes the vhost while keeping the other parameters', () => {
    expect(withVhostParam('?window=1h', '/')).toBe('?window=1h&vhost=%2F');
    expect(withVhostParam('?vhost=a&window=1h', 'shop eu')).toBe('?vhost=shop+eu&window=1h');
    expect(withVhostParam('?vhost=a', undefined)).toBe('');
  });
});
