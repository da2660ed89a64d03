/**
 * @module Event streams that end when their caller's access does: the user deleted, its password changed, its key
 * revoked or expired, or the console session it came with ended (logout, log out everywhere).
 */
import type { Caller } from '@/lib/access/types';
import type { Services } from '@/lib/server/services';
import type { EventSink, Subscription } from './sse';

/** Wraps a stream's subscription so that a revocation of `caller` sends `end {reason}` and closes it within the turn. */
export function revocable(services: Services, caller: Caller | null, subscribe: (sink: EventSink) => Subscription): (sink: EventSink) => Subscription {
  return (sink) => {
    // Subscribed first: a subscription that throws (an unknown queue) must leave no listener behind.
    const subscription = subscribe(sink);
    const end = (reason: string) => {
      sink.send('end', { reason });
      sink.close();
    };
    const stopRevoked = services.access.directory.onRevoked((revocation) => {
      if (!caller || revocation.user !== caller.user) return;
      if (revocation.apiKeyId !== undefined && revocation.apiKeyId !== caller.apiKey?.id) return;
      end(revocation.reason);
    });
    const stopEnded = services.access.sessions.onEnded((ids) => {
      if (caller?.sessionId !== undefined && ids.includes(caller.sessionId)) end('session ended');
    });
    return {
      cancel: () => {
        stopRevoked();
        stopEnded();
        subscription.cancel();
      },
    };
  };
}
