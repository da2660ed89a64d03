/**
 * @module A Server-Sent Events answer fed by a broker subscription: one `message` event per delivery, a comment
 * as heartbeat, and the subscription cancelled (its unacked messages redelivered) when the client goes away.
 * Backpressure: the stream holds at most STREAM_BUFFER_BYTES unread; past that the sink is not `ready`, and the
 * feeder stops (no new deliveries, live frames dropped) until the client reads and `onReady` fires.
 */

export const HEARTBEAT_MS = 15_000;

/** Unread bytes an event stream holds before its subscriber counts as not reading (64 KiB). */
export const STREAM_BUFFER_BYTES = 64 * 1024;

export interface EventSink {
  send(event: string, data: unknown): void;
  /** Writes events already formatted (`event: …\ndata: …\n\n`), so one text can serve many streams. */
  sendRaw(text: string): void;
  /** Ends the stream (the broker ended the subscription). */
  close(): void;
  /** Whether the client reads fast enough for more (false while STREAM_BUFFER_BYTES wait unread). */
  ready?(): boolean;
  /** Runs `resume` each time the client has read and room is free again. */
  onReady?(resume: () => void): void;
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
  const resumers: (() => void)[] = [];

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

  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      // Called when what was queued has been read below the mark: the feeders may go on.
      pull: () => {
        for (const resume of resumers) resume();
      },
      cancel: close,
    },
    { highWaterMark: STREAM_BUFFER_BYTES, size: (chunk) => chunk.byteLength },
  );
  const ready = () => !closed && (controller?.desiredSize ?? 0) > 0;
  write(': subscribed\n\n');
  subscription = subscribe({
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    sendRaw: write,
    close: () => queueMicrotask(close),
    ready,
    onReady: (resume) => void resumers.push(resume),
  });
  if (closed) subscription.cancel(); // the stream failed while the first deliveries were written
  else if (request.signal.aborted) close();
  else {
    request.signal.addEventListener('abort', close);
    // A client that is not reading has enough unread already; a heartbeat would only add to it.
    heartbeat = setInterval(() => ready() && write(': heartbeat\n\n'), heartbeatMs);
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
