/**
 * @module The live queues' names in sorted order, kept up to date at the cost of a linear merge on the first read
 * after a change (never a full sort): list pages and per-object metrics read them without sorting every queue.
 */

/** Ascending as JavaScript's `<` compares strings (UTF-16 code units), the order the queue list has always used. */
export const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class SortedNames {
  /** Sorted; replaced (never changed in place) so a caller holding it keeps a consistent view. */
  private base: string[] = [];
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  add(name: string): void {
    if (this.removed.delete(name)) return; // still in `base`
    this.added.add(name);
  }

  remove(name: string): void {
    if (this.added.delete(name)) return; // never reached `base`
    this.removed.add(name);
  }

  /** Every name, ascending. The array is shared: do not change it. */
  sorted(): readonly string[] {
    if (this.added.size === 0 && this.removed.size === 0) return this.base;
    const kept = this.removed.size === 0 ? this.base : this.base.filter((name) => !this.removed.has(name));
    const fresh = [...this.added].sort(compareNames);
    this.base = fresh.length === 0 ? kept : merge(kept, fresh);
    this.added.clear();
    this.removed.clear();
    return this.base;
  }
}

function merge(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] < b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** The broker's map of queues by name, keeping a SortedNames index of its keys as queues come and go. */
export class IndexedMap<V> extends Map<string, V> {
  readonly names = new SortedNames();

  override set(name: string, value: V): this {
    // Map's constructor calls set before the field initialisers run; such a map starts empty, so nothing is lost.
    if (this.names && !this.has(name)) this.names.add(name);
    return super.set(name, value);
  }

  override delete(name: string): boolean {
    const deleted = super.delete(name);
    if (deleted) this.names.remove(name);
    return deleted;
  }

  override clear(): void {
    for (const name of this.keys()) this.names.remove(name);
    super.clear();
  }
}
