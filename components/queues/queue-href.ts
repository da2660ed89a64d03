/** @module The queue page's address for a name (percent-encoded once), and the name back from the route segment. */

export function queueHref(name: string): string {
  return `/queues/${encodeURIComponent(name)}`;
}

/**
 * Next hands a page its dynamic segment decoded already; decoding it again would turn a queue named `%41` into `A`
 * (names are any UTF-8, `%` included), so the segment is the name.
 */
export function queueNameFromSegment(segment: string): string {
  return segment;
}
