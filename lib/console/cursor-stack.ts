/**
 * @module The message browser's place, held in the URL: the search, the time it reads from, the trail of cursors
 * that led to the current page (a stack: next pushes the page's nextCursor, previous pops), and the selected message.
 */

export interface BrowserPlace {
  search: string;
  /** Only messages stored since this time (ISO 8601), when set. */
  since?: string;
  /** Cursors of the pages after the first, oldest first; the last one is the current page's. */
  trail: string[];
  /** The selected message's id, if any. */
  message?: string;
}

export function readPlace(params: URLSearchParams): BrowserPlace {
  const message = params.get('message') ?? undefined;
  const since = params.get('since') ?? undefined;
  return { search: params.get('search') ?? '', ...(since ? { since } : {}), trail: params.getAll('cursor').filter((c) => c !== ''), ...(message ? { message } : {}) };
}

export function placeQuery(place: BrowserPlace): string {
  const params = new URLSearchParams();
  if (place.search) params.set('search', place.search);
  if (place.since) params.set('since', place.since);
  for (const cursor of place.trail) params.append('cursor', cursor);
  if (place.message) params.set('message', place.message);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The cursor to ask the API with; undefined for the first page. */
export function currentCursor(place: BrowserPlace): string | undefined {
  return place.trail.at(-1);
}

/** 1-based. */
export function pageNumber(place: BrowserPlace): number {
  return place.trail.length + 1;
}

const query = ({ search, since }: BrowserPlace) => ({ search, ...(since ? { since } : {}) });

export function nextPage(place: BrowserPlace, nextCursor: string): BrowserPlace {
  return { ...query(place), trail: [...place.trail, nextCursor] };
}

export function previousPage(place: BrowserPlace): BrowserPlace {
  return { ...query(place), trail: place.trail.slice(0, -1) };
}

/** A new search (or time to read from) starts again at the first page. */
export function searchFor(search: string, since?: string): BrowserPlace {
  return { search: search.trim(), ...(since ? { since } : {}), trail: [] };
}

export function select(place: BrowserPlace, message: string | undefined): BrowserPlace {
  const { message: _previous, ...rest } = place;
  return message ? { ...rest, message } : rest;
}
