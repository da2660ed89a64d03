/** @module Event streams that end when their caller's access does: the user deleted, its password changed, its key revoked. */
import type { Caller } from '@/lib/access/types';
import type { Services } from '@/lib/server/services';
import type { EventSink, Subscription } from './sse';

/** Wraps a stream's subscription so that a revocation of `caller` sends `end {reason}` and closes it within the turn. */
export function revocable(services: Services, caller: Caller | null, subscribe: (sink: EventSink) => Subscription): (sink: EventSink) => Subscription {
  return (sink) => {
    const stop = services.access.directory.onRevoked((revocation) => {
      if (!caller || revocation.user !== caller.user) return;
      if (revocation.apiKeyId !== undefined && revocation.apiKeyId !== caller.apiKey?.id) return;
      sink.send('end', { reason: revocation.reason });
      sink.close();
    });
    const subscription = subscribe(sink);
    return {
      cancel: () => {
        stop();
        subscription.cancel();
      },
    };
  };
}
