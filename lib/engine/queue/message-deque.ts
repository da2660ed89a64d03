/** @module An array-backed deque ordered by seq: O(1) at both ends, sorted insert for requeues. */
import type { QueuedMessage } from '../types';

export class MessageDeque {
  private items: QueuedMessage[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  first(): QueuedMessage | undefined {
    return this.items[this.head];
  }

  last(): QueuedMessage | undefined {
    return this.length ? this.items[this.items.length - 1] : undefined;
  }

  push(message: QueuedMessage): void {
    this.items.push(message);
  }

  shift(): QueuedMessage | undefined {
    if (this.head >= this.items.length) return undefined;
    const message = this.items[this.head];
    this.items[this.head++] = undefined as unknown as QueuedMessage;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return message;
  }

  /** Puts a message back where its seq says (a requeued message returns to its original place). */
  insertSorted(message: QueuedMessage): void {
    let low = this.head;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.items[mid].seq < message.seq) low = mid + 1;
      else high = mid;
    }
    if (low === this.head && this.head > 0) {
      this.items[--this.head] = message;
    } else {
      this.items.splice(low, 0, message);
    }
  }

  /** Takes one message out from anywhere (an operator's single-message action); false when it is not here. */
  remove(message: QueuedMessage): boolean {
    if (this.first() === message) return this.shift() !== undefined;
    const index = this.items.indexOf(message, this.head);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  /** Removes and returns every message, in order. */
  drain(): QueuedMessage[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }

  *[Symbol.iterator](): IterableIterator<QueuedMessage> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}
