/** @module The purge confirmation's question, naming how many ready messages will go. */
import { formatCount } from '@/components/queues/format-count';

export function purgePrompt(name: string, messagesReady: number): string {
  const noun = messagesReady === 1 ? 'ready message' : 'ready messages';
  return `Purge ${formatCount(messagesReady)} ${noun} from ${name}?`;
}
