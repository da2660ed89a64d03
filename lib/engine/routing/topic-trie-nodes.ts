/**
 * @module The topic trie's nodes as fixed-size records in one typed array, and its words as small integers.
 *
 * Why not an object per node: at 100,000 bindings a walk is bound by the memory it reads, and objects land wherever
 * the garbage collector last copied them, so a node, its word and its children sit on different cache lines and move
 * between runs. A record is 32 bytes; the nodes a binding creates get neighbouring ids, so one key's path shares a few
 * cache lines, and comparing a word is comparing two integers.
 */

export const NONE = -1;
/** The `edge` of a node reached by a `*` or a `#` (literal words have ids from 0). */
export const STAR_EDGE = -2;
export const HASH_EDGE = -3;

/** Record fields. */
export const STAR = 0; // child by `*`
export const HASH = 1; // child by `#`
export const WORD = 2; // the first literal edge, inline: its word id ...
export const NEXT = 3; // ... and its child
export const MORE = 4; // how many further literal edges the edge table holds for this node
export const REACHED = 5; // the walk step that last reached this node
export const PARENT = 6;
export const EDGE = 7; // the edge from the parent: a word id, STAR_EDGE or HASH_EDGE
export const STRIDE = 8;

export class TrieNodes {
  /** The records; replaced when it grows, so a walk reads it once into a local. */
  rec = new Int32Array(64 * STRIDE);
  /** The binding order of a node's binding when it has exactly one (read beside the record, not through objects). */
  soleOrder = new Float64Array(64);
  private count = 0;
  private readonly free: number[] = [];

  /** A new empty node below `parent` by `edge`. */
  create(parent: number, edge: number): number {
    const node = this.free.pop() ?? this.count++;
    if ((node + 1) * STRIDE > this.rec.length) {
      const grown = new Int32Array(this.rec.length * 2);
      grown.set(this.rec);
      this.rec = grown;
      const orders = new Float64Array(this.soleOrder.length * 2);
      orders.set(this.soleOrder);
      this.soleOrder = orders;
    }
    const r = node * STRIDE;
    const rec = this.rec;
    rec[r + STAR] = NONE;
    rec[r + HASH] = NONE;
    rec[r + WORD] = NONE;
    rec[r + NEXT] = NONE;
    rec[r + MORE] = 0;
    rec[r + REACHED] = 0;
    rec[r + PARENT] = parent;
    rec[r + EDGE] = edge;
    return node;
  }

  release(node: number): void {
    this.free.push(node);
  }

  /** Nodes in use. */
  get live(): number {
    return this.count - this.free.length;
  }

  /** Sets every node's REACHED back to 0 (the walk's step counter starts again rather than overflow an int32). */
  clearReached(): void {
    for (let r = 0; r < this.count * STRIDE; r += STRIDE) this.rec[r + REACHED] = 0;
  }
}

/** Word ids, counted by the edges that use them, so a word no binding mentions any more is forgotten. */
export class WordIds {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly uses: number[] = [];
  private readonly free: number[] = [];

  /** The id of a word some edge uses, or NONE. */
  find(word: string): number {
    return this.ids.get(word) ?? NONE;
  }

  /** The word's id, for one more edge that uses it. */
  use(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.free.pop() ?? this.words.length;
      this.ids.set(word, id);
      this.words[id] = word;
      this.uses[id] = 0;
    }
    this.uses[id]++;
    return id;
  }

  /** One edge fewer uses the word. */
  drop(id: number): void {
    if (--this.uses[id] > 0) return;
    this.ids.delete(this.words[id]);
    this.words[id] = '';
    this.free.push(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
