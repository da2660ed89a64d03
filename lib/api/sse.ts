/**
 * @module A Server-Sent Events answer fed by a broker subscription: one `message` event per delivery, a comment
 * as heartbeat, and the subscription cancelled (its unacked messages redelivered) when the client goes away.
 */

export const HEARTBEAT_MS = 15_000;

export interface EventSink {
  send(event: string, data: unknown): void;
  /** Ends the stream (the broker ended the subscription). */
  close(): void;
}

export interface Subscription {
  cancel(): void;
}

/**
 * Starts `subscribe` and streams what it sends. `subscribe` runs before the answer exists, so its errors
 * (an unknown queue) still become JSON errors.
 */
export function eventStream(request: Request, subscribe: (sink: EventSink) => Subscription, heartbeatMs = HEARTBEAT_MS): Response {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let subscription: Subscription | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    request.signal.removeEventListener('abort', close);
    subscription?.cancel();
    try {
      controller?.close();
    } catch {
      // already closed by the client going away
    }
  };
  const write = (text: string) => {
    if (closed || !controller) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: close,
  });
  write(': subscribed\n\n');
  subscription = subscribe({
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    close: () => queueMicrotask(close),
  });
  if (closed) subscription.cancel(); // the stream failed while the first deliveries were written
  else if (request.signal.aborted) close();
  else {
    request.signal.addEventListener('abort', close);
    heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref?.();
  }
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform keeps compression from buffering the stream
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
