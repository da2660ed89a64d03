import { describe, expect, it } from 'vitest';
import { checkOrigin, type OriginRule } from './origin-check';

const COOKIE = 'sb_session=abc';
const JSON_TYPE = 'application/json';

function request(headers: Record<string, string>, url = 'https://broker.example:8443/api/v1/queues/q/contents') {
  return new Request(url, { headers: { host: 'broker.example:8443', 'x-forwarded-proto': 'https', ...headers } });
}

function refusal(headers: Record<string, string>, rule: OriginRule = { method: 'POST' }) {
  try {
    checkOrigin(request(headers), rule);
  } catch (error) {
    return error as { code: string; details: { reason: string } };
  }
  return undefined;
}

describe('checkOrigin', () => {
  it('lets a cookie change state from its own origin, by Sec-Fetch-Site or by Origin, with a JSON type', () => {
    expect(refusal({ cookie: COOKIE, 'sec-fetch-site': 'same-origin', 'content-type': JSON_TYPE })).toBeUndefined();
    expect(refusal({ cookie: COOKIE, origin: 'https://broker.example:8443', 'content-type': 'application/json; charset=utf-8' })).toBeUndefined();
    expect(refusal({ cookie: COOKIE, origin: 'HTTPS://Broker.Example:8443', 'content-type': JSON_TYPE }, { method: 'DELETE' })).toBeUndefined();
  });

  it('refuses a cookie from another site, another port, another scheme, or with nothing to show', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'sec-fetch-site': 'cross-site' }, 'cross_site'],
      [{ 'sec-fetch-site': 'same-site', origin: 'https://broker.example:8443' }, 'cross_site'],
      [{ 'sec-fetch-site': 'none' }, 'cross_site'],
      [{ origin: 'https://evil.example' }, 'cross_origin'],
      [{ origin: 'https://broker.example:9443' }, 'cross_origin'],
      [{ origin: 'http://broker.example:8443' }, 'cross_origin'],
      [{ origin: 'null' }, 'cross_origin'],
      [{}, 'origin_unknown'],
    ];
    for (const [headers, reason] of cases) {
      const error = refusal({ cookie: COOKIE, 'content-type': JSON_TYPE, ...headers });
      expect(error, JSON.stringify(headers)).toMatchObject({ code: 'forbidden', details: { reason } });
    }
  });

  it('refuses a cookie change from its own origin that is not JSON: what a form or a no-cors fetch sends', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      expect(refusal({ cookie: COOKIE, 'sec-fetch-site': 'same-origin', 'content-type': type })).toMatchObject({ details: { reason: 'not_json' } });
    }
    expect(refusal({ cookie: COOKIE, 'sec-fetch-site': 'same-origin' }, { method: 'DELETE' })).toMatchObject({ details: { reason: 'not_json' } });
  });

  it('holds a GET that changes state to the origin rule, but not to the content type', () => {
    const rule = { method: 'GET', changesState: true };
    expect(refusal({ cookie: COOKIE, 'sec-fetch-site': 'cross-site' }, rule)).toMatchObject({ details: { reason: 'cross_site' } });
    expect(refusal({ cookie: COOKIE }, rule)).toMatchObject({ details: { reason: 'origin_unknown' } });
    expect(refusal({ cookie: COOKIE, 'sec-fetch-site': 'same-origin' }, rule)).toBeUndefined();
  });

  it('leaves reads, credentials in Authorization, and requests without the cookie alone', () => {
    expect(refusal({ cookie: COOKIE, 'sec-fetch-site': 'cross-site' }, { method: 'GET' })).toBeUndefined();
    expect(refusal({ cookie: COOKIE, authorization: 'Bearer k', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' })).toBeUndefined();
    expect(refusal({ authorization: 'Basic YTpi', origin: 'https://evil.example' })).toBeUndefined();
    expect(refusal({ 'content-type': 'text/plain' })).toBeUndefined();
  });

  it('refuses a login (no cookie yet) from another site, but not one from a script or from the console', () => {
    expect(refusal({ 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' })).toMatchObject({ details: { reason: 'cross_site' } });
    expect(refusal({ origin: 'https://evil.example', 'content-type': JSON_TYPE })).toMatchObject({ details: { reason: 'cross_origin' } });
    expect(refusal({ 'content-type': JSON_TYPE })).toBeUndefined();
    expect(refusal({ origin: 'https://broker.example:8443', 'content-type': JSON_TYPE })).toBeUndefined();
  });

  it("accepts the host a reverse proxy forwarded, and the scheme it reports", () => {
    const proxied = { cookie: COOKIE, host: '127.0.0.1:3000', 'x-forwarded-host': 'broker.example', origin: 'https://broker.example', 'content-type': JSON_TYPE };
    expect(refusal(proxied)).toBeUndefined();
  });
});
