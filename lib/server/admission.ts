/**
 * @module The admission gate of the HTTP front door: at most `maxInFlight` requests are served at once, up to
 * `maxQueued` more wait (each at most `maxWaitMs`) in arrival order, and everything beyond is refused at once with a
 * time to retry after. Knows nothing of HTTP: the Node adapter (admission-http.ts) and any later API server use it.
 */

export interface AdmissionLimits {
  /** Requests being served at once; the rest wait or are refused. */
  maxInFlight: number;
  /** Requests allowed to wait for a slot; beyond it a request is refused at once. */
  maxQueued: number;
  /** Longest wait in the queue before the request is refused after all. */
  maxWaitMs: number;
  /** What a refusal tells the client to wait before trying again, in whole seconds. */
  retryAfterSeconds: number;
  /**
   * Slots one client (address) may hold, serving plus waiting, while others are waiting too: beyond it its requests
   * are refused with `too_many_requests`, so one busy client cannot crowd out the rest. 0 turns it off.
   */
  maxPerClient: number;
  /**
   * The event loop delay beyond which new requests are refused at once: requests Node has not yet read wait at least
   * that long, whatever the count in flight. 0 turns it off.
   */
  maxLoopDelayMs: number;
}

/** Why a request was not admitted. */
export interface Refusal {
  /** `unavailable` (503): the server is full; `too_many_requests` (429): this client holds more than its share. */
  code: 'unavailable' | 'too_many_requests';
  message: string;
  retryAfterSeconds: number;
}

/** A request's client leaving, as the gate watches it: an AbortSignal will do. */
export interface Departure {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export type Admission = { admitted: true; release: () => void } | { admitted: false; refusal: Refusal } | { admitted: false; gone: true };

interface Waiter {
  client: string;
  settle: (admission: Admission) => void;
  timer: ReturnType<typeof setTimeout>;
  detach: () => void;
}

export interface AdmissionStats {
  loopDelayMs: number;
  inFlight: number;
  queued: number;
  admitted: number;
  refused: number;
  abandoned: number;
}

export class AdmissionGate {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private readonly perClient = new Map<string, number>();
  private readonly counts = { admitted: 0, refused: 0, abandoned: 0 };

  /** `loopDelay` tells how far behind the event loop runs (admission-lag.ts); without it only counts apply. */
  constructor(
    readonly limits: AdmissionLimits,
    private readonly loopDelay: () => number = () => 0,
  ) {}

  /**
   * Admits now, queues, or refuses. `gone` aborts when the client leaves: a waiting request is then dropped
   * (answered `{ gone: true }`) and never served.
   */
  enter(client: string, gone?: Departure): Promise<Admission> | Admission {
    if (gone?.aborted) return this.abandon();
    if (this.limits.maxLoopDelayMs > 0 && this.loopDelay() > this.limits.maxLoopDelayMs) {
      return this.refuse('unavailable', 'The server is busy (behind on the requests it has); retry later');
    }
    if (this.inFlight < this.limits.maxInFlight && this.waiting.length === 0) return this.admit(client);
    if (this.overShare(client)) {
      return this.refuse('too_many_requests', `Too many requests from this client at once (at most ${this.limits.maxPerClient}); retry later`);
    }
    if (this.waiting.length >= this.limits.maxQueued) {
      return this.refuse('unavailable', 'The server is busy (too many requests at once); retry later');
    }
    return new Promise<Admission>((resolve) => {
      const onGone = () => {
        if (this.drop(waiter)) resolve(this.abandon());
      };
      const waiter: Waiter = {
        client,
        settle: resolve,
        timer: setTimeout(() => {
          if (this.drop(waiter)) resolve(this.refuse('unavailable', 'The server is busy (waited too long for a slot); retry later'));
        }, this.limits.maxWaitMs),
        detach: () => gone?.removeEventListener('abort', onGone),
      };
      gone?.addEventListener('abort', onGone, { once: true });
      this.waiting.push(waiter);
      this.hold(client, 1);
    });
  }

  stats(): AdmissionStats {
    return { inFlight: this.inFlight, queued: this.waiting.length, loopDelayMs: Math.round(this.loopDelay()), ...this.counts };
  }

  private admit(client: string, alreadyHeld = false): Admission {
    this.inFlight++;
    this.counts.admitted++;
    if (!alreadyHeld) this.hold(client, 1);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.hold(client, -1);
        this.next();
      },
    };
  }

  /** Hands freed slots to the oldest waiters. */
  private next(): void {
    while (this.inFlight < this.limits.maxInFlight && this.waiting.length > 0) {
      const waiter = this.waiting.shift()!;
      clearTimeout(waiter.timer);
      waiter.detach();
      waiter.settle(this.admit(waiter.client, true));
    }
  }

  private drop(waiter: Waiter): boolean {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.detach();
    this.hold(waiter.client, -1);
    return true;
  }

  private overShare(client: string): boolean {
    const { maxPerClient } = this.limits;
    return maxPerClient > 0 && (this.perClient.get(client) ?? 0) >= maxPerClient;
  }

  private hold(client: string, delta: number): void {
    const held = (this.perClient.get(client) ?? 0) + delta;
    if (held > 0) this.perClient.set(client, held);
    else this.perClient.delete(client);
  }

  private refuse(code: Refusal['code'], message: string): Admission {
    this.counts.refused++;
    return { admitted: false, refusal: { code, message, retryAfterSeconds: this.limits.retryAfterSeconds } };
  }

  private abandon(): Admission {
    this.counts.abandoned++;
    return { admitted: false, gone: true };
  }
}
