/** @module The queue page's address for a name (percent-encoded), and the name back from the route segment. */

export function queueHref(name: string): string {
  return `/queues/${encodeURIComponent(name)}`;
}

/** Queue names never contain `%`, so decoding a segment once is safe whether or not the router already did. */
export function queueNameFromSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
