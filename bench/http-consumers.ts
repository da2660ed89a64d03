/**
 * @module The consumer side of the HTTP open-loop run: one consumer, either on the SSE subscription
 * (`GET /queues/{name}/subscribe`, acks sent over HTTP as they accumulate) or pulling (`POST /receive` of up to 100,
 * then `POST /ack` of what came, the ack sent alongside the next receive as a client keeping latency low would).
 * Each reports the message ids it saw, when, and the calls that failed.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { ApiTarget } from './http';

export type ConsumerKind = 'sse' | 'receive-ack';

export interface RunningConsumer {
  /** Message id → when it arrived (performance.now()). */
  arrivals: Map<string, number>;
  /** Failed calls (receive, ack, the stream itself), by what failed. */
  errors: Record<string, number>;
  stop(): Promise<void>;
}

interface Delivery {
  deliveryTag: string;
  properties?: { messageId?: string };
}

export async function startConsumer(target: ApiTarget, queue: string, kind: ConsumerKind): Promise<RunningConsumer> {
  const state: ConsumerState = { arrivals: new Map(), errors: {}, stopped: false, stop: new AbortController() };
  const acks = new AckSender(target, queue, state);
  const running = kind === 'sse' ? (await subscribe(target, queue, state, acks)).reading : pull(target, queue, state, acks);
  return {
    arrivals: state.arrivals,
    errors: state.errors,
    async stop() {
      state.stopped = true;
      state.stop.abort();
      await running.catch(() => undefined);
      await acks.idle();
    },
  };
}

interface ConsumerState {
  arrivals: Map<string, number>;
  errors: Record<string, number>;
  stopped: boolean;
  stop: AbortController;
}

function headers(target: ApiTarget): Record<string, string> {
  return { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
}

function countError(state: ConsumerState, what: string): void {
  state.errors[what] = (state.errors[what] ?? 0) + 1;
}

function arrived(state: ConsumerState, delivery: Delivery, at: number): void {
  const id = delivery.properties?.messageId;
  if (id && !state.arrivals.has(id)) state.arrivals.set(id, at);
}

/** Acks what was received, one request at a time: what arrives while one is in flight goes in the next. */
class AckSender {
  private tags: string[] = [];
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly target: ApiTarget,
    private readonly queue: string,
    private readonly state: ConsumerState,
  ) {}

  add(tags: string[]): void {
    this.tags.push(...tags);
    if (!this.inFlight) this.inFlight = this.send();
  }

  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async send(): Promise<void> {
    while (this.tags.length) {
      const deliveryTags = this.tags.splice(0, 1000);
      try {
        const { status } = await postJson(this.target, `/api/v1/queues/${encodeURIComponent(this.queue)}/ack`, { deliveryTags });
        if (status !== 200) countError(this.state, `ack ${status}`);
      } catch (error) {
        countError(this.state, `ack ${(error as Error).message}`);
      }
    }
    this.inFlight = null;
  }
}

async function pull(target: ApiTarget, queue: string, state: ConsumerState, acks: AckSender): Promise<void> {
  const path = `/api/v1/queues/${encodeURIComponent(queue)}/receive`;
  while (!state.stopped) {
    try {
      const { status, text } = await postJson(target, path, { max: 100, waitMs: 1000 }, state.stop.signal);
      const at = performance.now();
      if (status !== 200) {
        countError(state, `receive ${status}`);
        continue;
      }
      const { messages } = JSON.parse(text) as { messages: Delivery[] };
      for (const message of messages) arrived(state, message, at);
      if (messages.length) acks.add(messages.map((message) => message.deliveryTag));
    } catch (error) {
      if (!state.stopped) countError(state, `receive ${(error as Error).message}`);
    }
  }
}

/** Keep-alive connections for receive and ack: node's own client, lighter than fetch's Web streams per call. */
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** POSTs JSON and reads the whole answer. */
function postJson(target: ApiTarget, path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${target.baseUrl}${path}`,
      { method: 'POST', agent, signal, headers: { ...headers(target), 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Opens the event stream (resolving once it answered) and reads it until stopped. */
async function subscribe(target: ApiTarget, queue: string, state: ConsumerState, acks: AckSender): Promise<{ reading: Promise<void> }> {
  const url = `${target.baseUrl}/api/v1/queues/${encodeURIComponent(queue)}/subscribe?prefetch=1000`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' }, signal: state.stop.signal });
  if (!response.ok || !response.body) throw new Error(`subscribing to ${queue} answered ${response.status}: ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    let buffered = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffered += value;
        const events = buffered.split('\n\n');
        buffered = events.pop() ?? '';
        const tags: string[] = [];
        for (const event of events) {
          const lines = event.split('\n');
          if (!lines.includes('event: message')) continue;
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          const delivery = JSON.parse(data) as Delivery;
          arrived(state, delivery, at);
          tags.push(delivery.deliveryTag);
        }
        if (tags.length) acks.add(tags);
      }
      if (!state.stopped) countError(state, 'stream ended');
    } catch (error) {
      if (!state.stopped) countError(state, `stream ${(error as Error).message}`);
    }
  })();
  return { reading };
}
