/**
 * @module A topic exchange's bindings as a trie of words, as RabbitMQ's rabbit_exchange_type_topic keeps them: one
 * edge per binding-key word (`*` and `#` edges apart from literal words), each binding at the node its key ends at.
 * Routing walks only the edges a routing key can take, so its cost follows the matches, not the number of bindings.
 * Nodes are records in a typed array and words are integers (topic-trie-nodes.ts); a node's first literal edge is
 * kept in its record and the rest in one hash table for the trie (topic-trie-edges.ts).
 *
 * Semantics (SEMANTICS §1.1, RabbitMQ rules): a key splits on `.`; the empty key is zero words and empty words are
 * words (`a..b` is three words); `*` matches exactly one word, `#` zero or more; wildcards count only as whole words
 * (`a*`, `##` are literal); words compare byte-exact; a routing key has no wildcards (its `*` is a literal word, and
 * literal edges never hold `*` or `#`, so it only meets a binding's `*`/`#` edge as any other word would).
 *
 * The walk is a set-of-states simulation (every node the words so far can reach, each node once per word), not
 * RabbitMQ's recursive descent: keys like `#.#.#.#.a` cannot make it backtrack exponentially.
 */
import type { BindingInfo } from '../types';
import { TrieEdges } from './topic-trie-edges';
import { EDGE, HASH, HASH_EDGE, MORE, NEXT, NONE, PARENT, REACHED, STAR, STAR_EDGE, STRIDE, TrieNodes, WORD, WordIds } from './topic-trie-nodes';

const ROOT = 0;
/** The walk's step counter starts again before it would overflow the int32 records it is written to (int32 max). */
export const MAX_STEP = 0x7fffffff;

interface Bound {
  binding: BindingInfo;
  /** When it was bound: matches come back in binding order, as the linear scan over bindings gave them. */
  order: number;
}

function splitKey(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

export class TopicTrie {
  private readonly nodes = new TrieNodes();
  private readonly edges = new TrieEdges();
  private readonly words = new WordIds();
  /** The bindings whose key ends at a node, by node id and binding id. */
  private readonly bound: (Map<string, Bound> | undefined)[] = [];
  /**
   * What walks read: a node's binding when it has exactly one (its order in `nodes.soleOrder`), the common case,
   * which costs a walk no object of its own; else its bindings as an array, made when a walk first ends there.
   */
  private readonly sole: (BindingInfo | undefined)[] = [];
  private readonly lists: (Bound[] | undefined)[] = [];
  private step = 0;
  private order = 0;
  private count = 0;

  /** `firstStep` lets a test start the walk's step counter near its wrap. */
  constructor(options: { firstStep?: number } = {}) {
    this.nodes.create(NONE, NONE);
    this.step = options.firstStep ?? 0;
  }

  get size(): number {
    return this.count;
  }

  /** Nodes in use, the root included (what pruning is tested by). */
  get nodeCount(): number {
    return this.nodes.live;
  }

  add(binding: BindingInfo): void {
    let node = ROOT;
    for (const word of splitKey(binding.routingKey)) node = this.child(node, word);
    const here = (this.bound[node] ??= new Map());
    const existing = here.get(binding.id);
    if (!existing) this.count++;
    here.set(binding.id, { binding, order: existing?.order ?? this.order++ });
    this.bindingsChanged(node);
  }

  /** Removes the binding and prunes the nodes it alone kept alive. */
  remove(binding: BindingInfo): void {
    let node = ROOT;
    for (const word of splitKey(binding.routingKey)) {
      const rec = this.nodes.rec;
      const r = node * STRIDE;
      node = word === '*' ? rec[r + STAR] : word === '#' ? rec[r + HASH] : this.literal(node, this.words.find(word));
      if (node === NONE) return;
    }
    if (!this.bound[node]?.delete(binding.id)) return;
    this.bindingsChanged(node);
    this.count--;
    this.prune(node);
  }

  /** The bindings any of the routing keys match, each once, in the order they were bound. */
  match(routingKeys: readonly string[]): BindingInfo[] {
    if (this.count === 0) return [];
    const found: BindingInfo[] = [];
    const orders: number[] = [];
    if (routingKeys.length === 1) {
      this.collect(routingKeys[0], found, orders);
    } else {
      const seen = new Set<string>();
      const perKey: BindingInfo[] = [];
      const perKeyOrders: number[] = [];
      for (const key of new Set(routingKeys)) {
        perKey.length = 0;
        perKeyOrders.length = 0;
        this.collect(key, perKey, perKeyOrders);
        perKey.forEach((hit, i) => {
          if (seen.has(hit.id)) return;
          seen.add(hit.id);
          found.push(hit);
          orders.push(perKeyOrders[i]);
        });
      }
    }
    return inBindingOrder(found, orders);
  }

  private collect(routingKey: string, into: BindingInfo[], orders: number[]): void {
    const words = splitKey(routingKey);
    if (this.step + words.length + 1 >= MAX_STEP) {
      this.nodes.clearReached();
      this.step = 0;
    }
    const rec = this.nodes.rec;
    let states: number[] = [];
    this.enter(rec, ROOT, states, ++this.step);
    for (const word of words) {
      // A word no binding key has can still meet `*` and `#` edges, never a literal one.
      const id = this.words.find(word);
      const next: number[] = [];
      const step = ++this.step;
      for (const node of states) {
        const r = node * STRIDE;
        if (id !== NONE) {
          const literal = rec[r + WORD] === id ? rec[r + NEXT] : rec[r + MORE] === 0 ? NONE : this.edges.get(node, id);
          if (literal !== NONE) this.enter(rec, literal, next, step);
        }
        if (rec[r + STAR] !== NONE) this.enter(rec, rec[r + STAR], next, step);
        // A `#` node absorbs the word and stays a state.
        if (rec[r + EDGE] === HASH_EDGE) this.enter(rec, node, next, step);
      }
      if (next.length === 0) return;
      states = next;
    }
    const soleOrder = this.nodes.soleOrder;
    for (const node of states) {
      const sole = this.sole[node];
      if (sole !== undefined) {
        into.push(sole);
        orders.push(soleOrder[node]);
        continue;
      }
      const here = this.bound[node];
      if (here === undefined || here.size === 0) continue;
      for (const hit of (this.lists[node] ??= [...here.values()])) {
        into.push(hit.binding);
        orders.push(hit.order);
      }
    }
  }

  private bindingsChanged(node: number): void {
    this.lists[node] = undefined;
    const here = this.bound[node];
    const only = here?.size === 1 ? here.values().next().value : undefined;
    this.sole[node] = only?.binding;
    if (only) this.nodes.soleOrder[node] = only.order;
  }

  /** Adds the node to this step's states, with the `#` nodes below it (a `#` may match zero words). */
  private enter(rec: Int32Array, node: number, states: number[], step: number): void {
    for (let at = node; at !== NONE && rec[at * STRIDE + REACHED] !== step; at = rec[at * STRIDE + HASH]) {
      rec[at * STRIDE + REACHED] = step;
      states.push(at);
    }
  }

  private literal(node: number, word: number): number {
    if (word === NONE) return NONE;
    const r = node * STRIDE;
    const rec = this.nodes.rec;
    if (rec[r + WORD] === word) return rec[r + NEXT];
    return rec[r + MORE] === 0 ? NONE : this.edges.get(node, word);
  }

  private child(node: number, word: string): number {
    const field = word === '*' ? STAR : word === '#' ? HASH : NONE;
    if (field !== NONE) {
      const existing = this.nodes.rec[node * STRIDE + field];
      if (existing !== NONE) return existing;
      const created = this.nodes.create(node, field === STAR ? STAR_EDGE : HASH_EDGE);
      this.nodes.rec[node * STRIDE + field] = created;
      return created;
    }
    const existing = this.literal(node, this.words.find(word));
    if (existing !== NONE) return existing;
    const id = this.words.use(word);
    const created = this.nodes.create(node, id);
    const rec = this.nodes.rec; // after create: it may have grown the records
    const r = node * STRIDE;
    if (rec[r + WORD] === NONE) {
      rec[r + WORD] = id;
      rec[r + NEXT] = created;
    } else {
      this.edges.add(node, id, created);
      rec[r + MORE]++;
    }
    return created;
  }

  /** Frees the node and each ancestor left with no binding and no child. */
  private prune(from: number): void {
    let node = from;
    while (node !== ROOT && this.isEmpty(node)) {
      const rec = this.nodes.rec;
      const r = node * STRIDE;
      const parent = rec[r + PARENT];
      const edge = rec[r + EDGE];
      const p = parent * STRIDE;
      if (edge === STAR_EDGE) rec[p + STAR] = NONE;
      else if (edge === HASH_EDGE) rec[p + HASH] = NONE;
      else {
        if (rec[p + WORD] === edge) {
          rec[p + WORD] = NONE;
          rec[p + NEXT] = NONE;
        } else {
          this.edges.delete(parent, edge);
          rec[p + MORE]--;
        }
        this.words.drop(edge);
      }
      this.bound[node] = undefined;
      this.bindingsChanged(node);
      this.nodes.release(node);
      node = parent;
    }
  }

  private isEmpty(node: number): boolean {
    const rec = this.nodes.rec;
    const r = node * STRIDE;
    return rec[r + STAR] === NONE && rec[r + HASH] === NONE && rec[r + WORD] === NONE && rec[r + MORE] === 0 && !this.bound[node]?.size;
  }
}

/** The bindings sorted by their orders (small lists, the usual case, by insertion without allocating). */
function inBindingOrder(found: BindingInfo[], orders: number[]): BindingInfo[] {
  const n = found.length;
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      const binding = found[i];
      const order = orders[i];
      let j = i - 1;
      for (; j >= 0 && orders[j] > order; j--) {
        found[j + 1] = found[j];
        orders[j + 1] = orders[j];
      }
      found[j + 1] = binding;
      orders[j + 1] = order;
    }
    return found;
  }
  const byOrder = found.map((_, i) => i).sort((a, b) => orders[a] - orders[b]);
  return byOrder.map((i) => found[i]);
}
