/** @module Whether the Overview should offer the demo prominently: no queues yet, or only the demo's own. */
import { SHOP_QUEUE_NAMES } from '../demo/shop-topology';

const demoQueues = new Set(SHOP_QUEUE_NAMES);

/** True when every queue is one the demo declares (an empty install included). */
export function onlyDemoQueues(queueNames: readonly string[]): boolean {
  return queueNames.every((name) => demoQueues.has(name));
}
