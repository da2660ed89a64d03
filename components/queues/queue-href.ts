/**
 * @module The queue page's address for a name, and the name back from the route segment. Next hands a page its
 * segment decoded after a full load but still percent-encoded after a client-side navigation, so a name holding `%`
 * (RabbitMQ allows any UTF-8) would be ambiguous; `%` and `~` are therefore escaped as `~25` and `~7E` first: the
 * escaped name has no `%`, so a segment holding one is still encoded, and decoding it once is always right.
 */

const escapeName = (name: string) => name.replace(/[~%]/g, (c) => (c === '~' ? '~7E' : '~25'));
const unescapeName = (text: string) => text.replace(/~(7E|25)/g, (_, code: string) => (code === '7E' ? '~' : '%'));

export function queueHref(name: string): string {
  return `/queues/${encodeURIComponent(escapeName(name))}`;
}

/** The queue name from the page's segment, whether Next decoded it already or not. */
export function queueNameFromSegment(segment: string): string {
  let text = segment;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // not an escape this module wrote: taken as it is
    }
  }
  return unescapeName(text);
}
