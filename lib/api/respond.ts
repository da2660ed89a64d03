/** @module JSON answers of the API: never cached, always JSON. */

const NO_STORE = { 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  // The text and a plain header object (not Response.json, which makes a Headers): the lean layer's Node adapter then
  // writes them as they are, with nothing converted on the way.
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...NO_STORE, ...headers } });
}

export function noContent(headers: Record<string, string> | Headers = {}): Response {
  const all = new Headers(headers);
  all.set('cache-control', 'no-store');
  return new Response(null, { status: 204, headers: all });
}
