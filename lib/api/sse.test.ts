import { describe, expect, it } from 'vitest';
import { eventStream, STREAM_BUFFER_BYTES, type EventSink } from './sse';

async function readSome(response: Response, until: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text;
}

describe('eventStream', () => {
  it('streams events as text/event-stream and cancels the subscription when the client aborts', async () => {
    const controller = new AbortController();
    const request = new Request('http://localhost/x', { signal: controller.signal });
    let sink: EventSink | undefined;
    let cancelled = 0;
    const response = eventStream(request, (s) => {
      sink = s;
      s.send('message', { n: 1 }); // delivered while subscribing
      return { cancel: () => void cancelled++ };
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-transform');
    sink!.send('message', { n: 2 });
    const text = await readSome(response, (t) => t.includes('"n":2'));
    expect(text).toBe(': subscribed\n\nevent: message\ndata: {"n":1}\n\nevent: message\ndata: {"n":2}\n\n');
    controller.abort();
    expect(cancelled).toBe(1);
    controller.abort();
    expect(cancelled).toBe(1);
  });

  it('cancels when the body stream is cancelled, and sends heartbeats', async () => {
    let cancelled = 0;
    const response = eventStream(new Request('http://localhost/x'), () => ({ cancel: () => void cancelled++ }), 5);
    const text = await readSome(response, (t) => t.includes('heartbeat'));
    expect(text).toContain(': heartbeat\n\n');
    await response.body!.cancel();
    expect(cancelled).toBe(1);
  });

  it('closes the stream when the broker ends the subscription', async () => {
    let sink: EventSink | undefined;
    const response = eventStream(new Request('http://localhost/x'), (s) => {
      sink = s;
      return { cancel: () => undefined };
    });
    sink!.send('end', { reason: 'queue deleted' });
    sink!.close();
    const text = await new Response(response.body).text();
    expect(text).toContain('event: end\ndata: {"reason":"queue deleted"}');
  });

  it('lets a failing subscribe throw before any answer exists', () => {
    expect(() =>
      eventStream(new Request('http://localhost/x'), () => {
        throw new Error('no such queue');
      }),
    ).toThrow('no such queue');
  });

  it('stops being ready once a client leaves STREAM_BUFFER_BYTES unread, and says when it has read', async () => {
    let sink: EventSink | undefined;
    let resumed = 0;
    const response = eventStream(new Request('http://localhost/x'), (s) => {
      sink = s;
      s.onReady!(() => void resumed++);
      return { cancel: () => undefined };
    });
    const event = { data: 'x'.repeat(1000) };
    let sent = 0;
    while (sink!.ready!()) {
      sink!.send('message', event);
      sent++;
    }
    // Nobody reads: the stream stopped taking events once about its buffer's worth waited.
    expect(sent).toBeGreaterThan(STREAM_BUFFER_BYTES / 1100);
    expect(sent).toBeLessThanOrEqual(STREAM_BUFFER_BYTES / 1000 + 1);
    const before = resumed;
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    expect(resumed).toBeGreaterThan(before);
    expect(sink!.ready!()).toBe(true);
    await reader.cancel();
  });
});
