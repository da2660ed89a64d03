/**
 * @module Path parameters read from the request's own URL, each segment percent-decoded exactly once: Next hands route
 * files parameters it has decoded already, so decoding them again turned a queue named `%41` into `A`.
 */

/** The raw (still percent-encoded) segments of a URL's path, empty ones dropped. */
export function rawSegments(url: string): string[] {
  return new URL(url).pathname.split('/').filter(Boolean);
}

/** One segment decoded once; a malformed escape is kept as written (the name it gives then simply does not exist). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The parameters of `template` (an endpoint path under /api/v1, like `/queues/{name}/messages/{messageId}`) from the
 * tail of the request's path; undefined when the path does not have the template's shape.
 */
export function pathParams(url: string, template: string): Record<string, string> | undefined {
  const parts = template.split('/').filter(Boolean);
  const segments = rawSegments(url);
  if (segments.length < parts.length) return undefined;
  const tail = segments.slice(segments.length - parts.length);
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) params[name] = decodeSegment(tail[index]);
    else if (part !== decodeSegment(tail[index])) return undefined;
  }
  return params;
}

/** `/api/v1/vhosts/{vhost}/...`: the vhost and the rest of the path, each segment decoded once. */
/** `/api/v1/clusters/{id}/vhosts/{vhost}/<rest>` read from the URL itself, each segment decoded once. */
export function clusterVhostPath(url: string): { cluster: string; vhost: string; segments: string[] } | undefined {
  const segments = rawSegments(url);
  const at = segments.findIndex((segment, index) => segment === 'clusters' && segments[index - 1] === 'v1' && segments[index - 2] === 'api');
  if (at < 0 || segments[at + 2] !== 'vhosts' || at + 3 >= segments.length) return undefined;
  return { cluster: decodeSegment(segments[at + 1]), vhost: decodeSegment(segments[at + 3]), segments: segments.slice(at + 4).map(decodeSegment) };
}

export function vhostPath(url: string): { vhost: string; segments: string[] } | undefined {
  const segments = rawSegments(url);
  const at = segments.findIndex((segment, index) => segment === 'vhosts' && segments[index - 1] === 'v1' && segments[index - 2] === 'api');
  if (at < 0 || at + 1 >= segments.length) return undefined;
  return { vhost: decodeSegment(segments[at + 1]), segments: segments.slice(at + 2).map(decodeSegment) };
}
