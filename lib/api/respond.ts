/** @module JSON answers of the API: never cached, always JSON. */

const NO_STORE = { 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function noContent(headers: Record<string, string> | Headers = {}): Response {
  const all = new Headers(headers);
  all.set('cache-control', 'no-store');
  return new Response(null, { status: 204, headers: all });
}
