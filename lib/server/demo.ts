/**
 * @module The one demo runner of the process, beside the services. Like them it lives on globalThis under a
 * registered symbol, because Next bundles route handlers into their own module graph.
 */
import { DemoRunner } from '../demo/demo-runner';
import type { Broker } from '../engine/broker';

const key = Symbol.for('switchboard.demo');
type Holder = { [key]?: { broker: Broker; runner: DemoRunner } };

/** The demo runner over `broker`, made on first use. */
export function getDemoRunner(broker: Broker): DemoRunner {
  const holder = globalThis as Holder;
  const current = holder[key];
  if (current?.broker === broker) return current.runner;
  current?.runner.stop();
  const runner = new DemoRunner({ broker, onError: reportOnce() });
  holder[key] = { broker, runner };
  return runner;
}

/** Stops the demo if one is running; for shutdown, before the broker closes. */
export function stopDemo(): void {
  (globalThis as Holder)[key]?.runner.stop();
}

/** Logs the first failure of a kind, so a demo against a broken store does not flood the log. */
function reportOnce(): (error: unknown) => void {
  const seen = new Set<string>();
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (seen.has(message)) return;
    seen.add(message);
    console.warn(`Switchboard demo: ${message}`);
  };
}
