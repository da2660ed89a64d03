/**
 * @module How far behind the event loop runs: a request Node has not read yet waits that long in the kernel, unseen by
 * any count of requests in flight. When Next's work per request saturates the loop, this is the admission gate's
 * signal to refuse at once (a refusal costs a fraction of a served request) until the loop catches up.
 */
const TICK_MS = 20;

export interface LoopLag {
  /** The loop's current delay in ms: the last tick's, or more while the current iteration overruns. */
  now(): number;
  stop(): void;
}

export function watchLoopLag(): LoopLag {
  let last = performance.now();
  let measured = 0;
  const timer = setInterval(() => {
    const at = performance.now();
    measured = Math.max(0, at - last - TICK_MS);
    last = at;
  }, TICK_MS);
  timer.unref();
  return {
    now: () => Math.max(measured, performance.now() - last - TICK_MS),
    stop: () => clearInterval(timer),
  };
}
