/**
 * @module The topic trie's literal edges beyond each node's first: one open-addressing hash table for the whole trie,
 * keyed by (parent node, word id), so a lookup reads one slot (key and child side by side in a typed array) instead of
 * a per-node Map's bucket, entry and key string, three places scattered over the heap. Linear probing, kept at most
 * half full, with backward-shift deletion (no tombstones, so unbinding never slows later lookups).
 */

/** Slot layout: parent id + 1 (0 marks an empty slot), word id, child id, and one unused int to keep slots 16 bytes. */
const STRIDE = 4;
const MIN_CAPACITY = 16;

export class TrieEdges {
  private slots = new Int32Array(MIN_CAPACITY * STRIDE);
  private mask = MIN_CAPACITY - 1;
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** The child reached from `parent` by `word`, or -1. */
  get(parent: number, word: number): number {
    const slots = this.slots;
    const tag = parent + 1;
    for (let at = this.home(parent, word); ; at = (at + 1) & this.mask) {
      const i = at * STRIDE;
      const found = slots[i];
      if (found === 0) return -1;
      if (found === tag && slots[i + 1] === word) return slots[i + 2];
    }
  }

  /** Adds an edge the table does not hold yet. */
  add(parent: number, word: number, child: number): void {
    if ((this.used + 1) * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
    this.place(parent + 1, word, child);
    this.used++;
  }

  delete(parent: number, word: number): void {
    const slots = this.slots;
    let at = this.home(parent, word);
    for (; ; at = (at + 1) & this.mask) {
      const i = at * STRIDE;
      if (slots[i] === 0) return;
      if (slots[i] === parent + 1 && slots[i + 1] === word) break;
    }
    // Backward shift: pull later entries of the same probe run into the gap, so every entry stays reachable from its
    // home slot without a tombstone.
    let gap = at;
    for (let next = (gap + 1) & this.mask; slots[next * STRIDE] !== 0; next = (next + 1) & this.mask) {
      const j = next * STRIDE;
      const home = this.home(slots[j] - 1, slots[j + 1]);
      const movable = gap <= next ? home <= gap || home > next : home <= gap && home > next;
      if (!movable) continue;
      slots.copyWithin(gap * STRIDE, j, j + STRIDE);
      gap = next;
    }
    slots.fill(0, gap * STRIDE, gap * STRIDE + STRIDE);
    this.used--;
    if (this.used * 8 < this.mask + 1 && this.mask + 1 > MIN_CAPACITY) this.resize((this.mask + 1) / 2);
  }

  private home(parent: number, word: number): number {
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(word + 0x632be5ab, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  private place(tag: number, word: number, child: number): void {
    let at = this.home(tag - 1, word);
    while (this.slots[at * STRIDE] !== 0) at = (at + 1) & this.mask;
    const i = at * STRIDE;
    this.slots[i] = tag;
    this.slots[i + 1] = word;
    this.slots[i + 2] = child;
  }

  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity * STRIDE);
    this.mask = capacity - 1;
    for (let i = 0; i < old.length; i += STRIDE) if (old[i] !== 0) this.place(old[i], old[i + 1], old[i + 2]);
  }
}
