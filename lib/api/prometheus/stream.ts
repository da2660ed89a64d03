/**
 * @module An exposition as a pull-based byte stream: the next chunk is written only when the reader asks for it
 * (so a slow scraper holds back the writing, not memory), and each chunk waits for a turn of the event loop, so a
 * long scrape shares the process with everything else instead of holding it.
 */

/** Characters gathered before a chunk is handed on. */
export const CHUNK_CHARS = 64 * 1024;

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Gathers lines until a chunk is full. */
export class ChunkBuffer {
  private text = '';

  write(text: string): void {
    this.text += text;
  }

  get full(): boolean {
    return this.text.length >= CHUNK_CHARS;
  }

  take(): string {
    const text = this.text;
    this.text = '';
    return text;
  }
}

export function pacedTextStream(chunks: AsyncGenerator<string, void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          await nextTurn();
          for (;;) {
            const next = await chunks.next();
            if (next.done) return controller.close();
            if (next.value === '') continue;
            return controller.enqueue(encoder.encode(next.value));
          }
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The whole text of a stream of chunks (tests, and callers that want one string of a small exposition). */
export async function collectText(chunks: AsyncGenerator<string, void>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
