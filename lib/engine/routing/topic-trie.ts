/**
 * @module A topic exchange's bindings as a trie of words, as RabbitMQ's rabbit_exchange_type_topic keeps them: one
 * edge per binding-key word (`*` and `#` edges apart from literal words), each binding at the node its key ends at.
 * Routing walks only the edges a routing key can take, so its cost follows the matches, not the number of bindings.
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

const STAR = '*';
const HASH = '#';

class TrieNode {
  /**
   * Literal-word edges (never `*` or `#`: those words are always wildcards in a binding key). The first one is kept
   * inline (`word`, `next`) and a map made only for a second: most nodes of a big trie have one word below them, and
   * a map per node is two more objects for each lookup to chase through memory.
   */
  word: string | undefined = undefined;
  next: TrieNode | undefined = undefined;
  words: Map<string, TrieNode> | undefined = undefined;
  star: TrieNode | undefined = undefined;
  hash: TrieNode | undefined = undefined;
  /** The bindings whose key ends here, by id, with their insertion number. */
  bindings: Map<string, Bound> | undefined = undefined;
  /** The same bindings as an array, made when a walk first ends here and dropped when they change: what walks read. */
  private list: Bound[] | undefined = undefined;
  /** The walk step that last reached this node: each node enters a step's state set once. */
  reached = 0;
  /** Whether the edge from the parent is `#`, kept as a flag: a walk asks it of every node it reaches. */
  readonly absorbs: boolean;

  constructor(
    readonly parent: TrieNode | undefined,
    /** The word of the edge from the parent (`*` and `#` for the wildcard edges). */
    readonly edge: string,
  ) {
    this.absorbs = parent !== undefined && edge === HASH;
  }

  get isEmpty(): boolean {
    return !this.next && !this.words?.size && !this.star && !this.hash && !this.bindings?.size;
  }

  bound(): readonly Bound[] {
    return (this.list ??= this.bindings ? [...this.bindings.values()] : []);
  }

  bindingsChanged(): void {
    this.list = undefined;
  }

  literal(word: string): TrieNode | undefined {
    return this.word === word ? this.next : this.words?.get(word);
  }

  removeLiteral(word: string): void {
    if (this.word === word) {
      this.word = undefined;
      this.next = undefined;
    } else {
      this.words?.delete(word);
    }
  }
}

interface Bound {
  binding: BindingInfo;
  /** When it was bound: matches come back in binding order, as the linear scan over bindings gave them. */
  order: number;
}

function splitKey(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

export class TopicTrie {
  private readonly root = new TrieNode(undefined, '');
  private step = 0;
  private bound = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(binding: BindingInfo): void {
    let node = this.root;
    for (const word of splitKey(binding.routingKey)) node = this.child(node, word);
    node.bindings ??= new Map();
    const existing = node.bindings.get(binding.id);
    if (!existing) this.count++;
    node.bindings.set(binding.id, { binding, order: existing?.order ?? this.bound++ });
    node.bindingsChanged();
  }

  /** Removes the binding and prunes the nodes it alone kept alive. */
  remove(binding: BindingInfo): void {
    let node: TrieNode | undefined = this.root;
    for (const word of splitKey(binding.routingKey)) {
      node = word === STAR ? node.star : word === HASH ? node.hash : node.literal(word);
      if (!node) return;
    }
    if (!node.bindings?.delete(binding.id)) return;
    node.bindingsChanged();
    this.count--;
    while (node.parent && node.isEmpty) {
      const parent: TrieNode = node.parent;
      if (node.edge === STAR) parent.star = undefined;
      else if (node.edge === HASH) parent.hash = undefined;
      else parent.removeLiteral(node.edge);
      node = parent;
    }
  }

  /** The bindings any of the routing keys match, each once, in the order they were bound. */
  match(routingKeys: readonly string[]): BindingInfo[] {
    if (this.count === 0) return [];
    const found: Bound[] = [];
    if (routingKeys.length === 1) {
      this.collect(routingKeys[0], found);
    } else {
      const seen = new Set<string>();
      const perKey: Bound[] = [];
      for (const key of new Set(routingKeys)) {
        perKey.length = 0;
        this.collect(key, perKey);
        for (const hit of perKey) {
          if (seen.has(hit.binding.id)) continue;
          seen.add(hit.binding.id);
          found.push(hit);
        }
      }
    }
    if (found.length > 1) found.sort((a, b) => a.order - b.order);
    return found.map((hit) => hit.binding);
  }

  private collect(routingKey: string, into: Bound[]): void {
    let states: TrieNode[] = [];
    this.enter(this.root, states, ++this.step);
    for (const word of splitKey(routingKey)) {
      const next: TrieNode[] = [];
      const step = ++this.step;
      for (const node of states) {
        const literal = node.literal(word);
        if (literal) this.enter(literal, next, step);
        if (node.star) this.enter(node.star, next, step);
        // A `#` node absorbs the word and stays a state.
        if (node.absorbs) this.enter(node, next, step);
      }
      if (next.length === 0) return;
      states = next;
    }
    for (const node of states) if (node.bindings) for (const hit of node.bound()) into.push(hit);
  }

  /** Adds the node to this step's states, with the `#` nodes below it (a `#` may match zero words). */
  private enter(node: TrieNode, states: TrieNode[], step: number): void {
    for (let at: TrieNode | undefined = node; at && at.reached !== step; at = at.hash) {
      at.reached = step;
      states.push(at);
    }
  }

  private child(node: TrieNode, word: string): TrieNode {
    if (word === STAR) return (node.star ??= new TrieNode(node, STAR));
    if (word === HASH) return (node.hash ??= new TrieNode(node, HASH));
    const existing = node.literal(word);
    if (existing) return existing;
    const next = new TrieNode(node, word);
    if (node.next === undefined) {
      node.word = word;
      node.next = next;
    } else {
      (node.words ??= new Map()).set(word, next);
    }
    return next;
  }
}
