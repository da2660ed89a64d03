/**
 * @module A request body read from node's IncomingMessage, with the API's size cap: what the lean layer hands
 * readJsonBody instead of the Web stream (a Web ReadableStream per request cost most of a publish's CPU).
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '@/lib/api/errors';
import { tooLarge } from '@/lib/api/request-body';

const EMPTY = Buffer.alloc(0);

export function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  if (incoming.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (settle: () => void) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onFailure);
      incoming.off('close', onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      // The rest is left unread; the adapter drains it once the answer is sent, as for any body a handler skipped.
      if (total > limit) finish(() => reject(tooLarge(limit)));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(() => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)));
    const onFailure = () => finish(() => reject(new ApiError('bad_request', 'The request body could not be read')));
    const onClose = () => {
      if (!incoming.readableEnded) onFailure();
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onFailure);
    incoming.on('close', onClose);
  });
}
