/** @module Reads a Server-Sent Events answer of the real server in API tests: events parsed as they arrive. */
import { expect, inject } from 'vitest';
import { url } from './http';

export interface SseEvent {
  event: string;
  data: any;
}

/** Opens `path` as an event stream (as admin, or with a key or a session cookie); `until` reads until a condition holds (or `ms` passed), `close` hangs up. */
export async function openEventStream(path: string, credentials: string | { cookie: string } = inject('token')) {
  const controller = new AbortController();
  const auth = typeof credentials === 'string' ? { authorization: `Bearer ${credentials}` } : credentials;
  const response = await fetch(url(path), {
    headers: { ...auth, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  // A read that lost the race to the timer stays pending and is awaited next time: its chunk must not be dropped.
  let pending: ReturnType<typeof reader.read> | undefined;
  const until = async (found: (events: SseEvent[]) => boolean, ms = 3000): Promise<SseEvent[]> => {
    const deadline = Date.now() + ms;
    while (!found(events) && Date.now() < deadline) {
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), 250))]);
      if (chunk === null) continue;
      pending = undefined;
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n').filter((line) => !line.startsWith(':'));
        buffer = buffer.slice(end + 2);
        if (lines.length === 0) continue;
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        events.push({ event, data: JSON.parse(data) });
      }
    }
    return events;
  };
  const close = () => {
    controller.abort();
    reader.cancel().catch(() => undefined);
  };
  return { until, close, events };
}
