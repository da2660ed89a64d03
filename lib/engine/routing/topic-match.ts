/**
 * @module Topic exchange matching (SEMANTICS §1.1, RabbitMQ rules).
 *
 * Keys are split on `.`; the empty string is **zero** words, and every other
 * string splits into `count('.') + 1` words, so `a..b` is `["a", "", "b"]`
 * (empty words are words). In a binding key the word `*` matches exactly one
 * word (which may be the empty word) and `#` matches zero or more words.
 * Wildcards only count as whole words: `a*`, `#b`, `**` are literal words.
 * Words compare byte-exact (case-sensitive, no trimming). The routing key has
 * no wildcards: a `*` or `#` word in it is just a literal word.
 *
 * The matcher is the classic linear-space wildcard algorithm applied to words:
 * `#` behaves like a glob `*`, `*` like a glob `?`. On a mismatch it only
 * backtracks to the most recent `#`, which is sufficient for correctness and
 * bounds the work at O(bindingWords × routingWords) — patterns such as
 * `#.#.#.#.a` cannot trigger exponential backtracking.
 */

const EMPTY: readonly string[] = [];

/** Split a topic key into words: `''` is zero words, otherwise split on every `.`. */
function splitKey(key: string): readonly string[] {
  return key === '' ? EMPTY : key.split('.');
}

/**
 * Binding keys come from a small, long-lived set (the bindings), so their word
 * lists are cached. The cache is bounded: when full it is simply cleared.
 */
const BINDING_CACHE_LIMIT = 4096;
const bindingWordsCache = new Map<string, readonly string[]>();

function bindingWords(bindingKey: string): readonly string[] {
  let words = bindingWordsCache.get(bindingKey);
  if (words === undefined) {
    if (bindingWordsCache.size >= BINDING_CACHE_LIMIT) bindingWordsCache.clear();
    words = splitKey(bindingKey);
    bindingWordsCache.set(bindingKey, words);
  }
  return words;
}

/**
 * A publish is matched against every binding of the exchange with the same
 * routing key, so remembering the last split routing key means it is split
 * once per publish rather than once per binding.
 */
let lastRoutingKey: string | undefined;
let lastRoutingWords: readonly string[] = EMPTY;

function routingWords(routingKey: string): readonly string[] {
  if (routingKey !== lastRoutingKey) {
    lastRoutingWords = splitKey(routingKey);
    lastRoutingKey = routingKey;
  }
  return lastRoutingWords;
}

function matchWords(pattern: readonly string[], words: readonly string[]): boolean {
  const m = pattern.length;
  const n = words.length;
  let i = 0; // position in pattern
  let j = 0; // position in words
  let hashAt = -1; // index of the most recent '#' in pattern
  let hashFrom = 0; // first word that '#' has not yet absorbed

  while (j < n) {
    if (i < m) {
      const p = pattern[i];
      if (p === '#') {
        // Let '#' absorb zero words for now; widen on a later mismatch.
        hashAt = i;
        hashFrom = j;
        i++;
        continue;
      }
      if (p === '*' || p === words[j]) {
        i++;
        j++;
        continue;
      }
    }
    if (hashAt >= 0) {
      // Backtrack: the latest '#' absorbs one more word.
      i = hashAt + 1;
      hashFrom++;
      j = hashFrom;
      continue;
    }
    return false;
  }
  // Words exhausted: the rest of the pattern may only be '#' (zero words each).
  while (i < m && pattern[i] === '#') i++;
  return i === m;
}

/** True when the topic binding key matches the routing key (RabbitMQ rules: '' is zero words, empty words are words, '*' one word, '#' zero or more, wildcards only as whole words). */
export function topicMatches(bindingKey: string, routingKey: string): boolean {
  // Fast paths. With no '*' or '#' anywhere the key is all literal words, and
  // two keys have equal word lists exactly when the strings are equal.
  if (bindingKey === '#') return true;
  if (bindingKey.indexOf('*') === -1 && bindingKey.indexOf('#') === -1) {
    return bindingKey === routingKey;
  }
  return matchWords(bindingWords(bindingKey), routingWords(routingKey));
}
