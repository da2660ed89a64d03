/**
 * @module Who may replay dead letters: read on the dead-letter queue and write on where the messages go. Sent back
 * to their source, they go to the exchange of each one's newest x-death entry, so every such exchange is checked.
 */
import { moveNeeds } from '@/lib/access/operations';
import type { Broker } from '@/lib/engine';
import type { AccessGate } from './endpoint';
import { moveDestination } from './endpoints/message-actions';
import type { ReplayBody } from './schemas/jobs';

const PAGE = 1000;

export async function authorizeReplay({ access, broker, params, body }: { access: AccessGate; broker: Broker; params: { name: string }; body: ReplayBody }): Promise<void> {
  const mutates = !body.dryRun;
  if (body.to !== 'source') return access.allow(moveNeeds(params.name, moveDestination(body.to)), { mutates });
  for (const exchange of await sourceExchanges(broker, params.name)) access.allow(moveNeeds(params.name, { exchange }), { mutates });
}

/** The exchanges the ready messages of `queue` would go back to (their newest x-death's), each once. */
async function sourceExchanges(broker: Broker, queue: string): Promise<Set<string>> {
  const exchanges = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await broker.peek(queue, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const message of page.items) {
      const deaths = message.properties.headers?.['x-death'];
      const newest = Array.isArray(deaths) ? (deaths[0] as { exchange?: unknown } | undefined) : undefined;
      if (typeof newest?.exchange === 'string') exchanges.add(newest.exchange);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return exchanges;
}
