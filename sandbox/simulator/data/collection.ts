// One record collection (incidents, alerts_v2 or MDE alerts of one tenant) at any scale.
// Base records are generated on demand from their index and are ordered by both time keys by
// construction; records that changed or were created live in a small overlay. Listings are a
// base run (an index interval found by binary search, minus changed indices) followed by the
// overlay, so $skip/$top over a time range cost O(log n), not O(n).
import type { CompiledFilter, Fields } from '../odata/filter-compile';
import type { Ticks } from '../time';

export type SortField = 'updated' | 'created';

/** The generated, immutable part of a collection. Both sort keys are non-decreasing in i. */
export interface BaseSource<R> {
  readonly count: number;
  sortKey(field: SortField, i: number): Ticks;
  /** Filterable values of record i, computed without building the whole record. */
  fields(i: number): Fields;
  record(i: number): R;
  idOf(i: number): string;
  /** Index of a base id, or -1. */
  indexOf(id: string): number;
}

/** How to read keys and filterable values from a materialised record. */
export interface RecordAdapter<R> {
  id(r: R): string;
  sortKey(field: SortField, r: R): Ticks;
  fields(r: R): Fields;
}

export interface QuerySpec {
  filter?: CompiledFilter;
  order: { field: SortField; desc: boolean };
  skip: number;
  top: number;
  count?: boolean;
}

export interface QueryResult<R> {
  items: R[];
  /** Total matches, when `count` was asked. */
  total?: number;
  /** More matches exist after this page. */
  more: boolean;
}

interface Entry<R> {
  id: string;
  record: R;
  updated: Ticks;
  created: Ticks;
  baseIndex: number; // -1: created after start
}

function lowerBound(arr: readonly number[], x: number): number {
  let lo = 0, hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function insertSorted<T>(arr: T[], item: T, key: (t: T) => number): void {
  const k = key(item);
  let lo = 0, hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(arr[mid] as T) <= k) lo = mid + 1; else hi = mid;
  }
  arr.splice(lo, 0, item);
}

/** Sorted union of (base indices in [a, b) that are not overlaid) and the extra indices E. */
class BaseRun {
  constructor(
    private readonly a: number,
    private readonly b: number,
    private readonly mutated: readonly number[],
    private readonly extra: readonly number[],
  ) {}

  private unmutatedIn(x: number, y: number): number {
    if (y <= x) return 0;
    return (y - x) - (lowerBound(this.mutated, y) - lowerBound(this.mutated, x));
  }

  size(): number {
    return this.unmutatedIn(this.a, this.b) + this.extra.length;
  }

  /** Number of run elements < x. */
  private rank(x: number): number {
    return this.unmutatedIn(this.a, Math.min(Math.max(x, this.a), this.b)) + lowerBound(this.extra, x);
  }

  /** Index of the element at position p (0-based). */
  at(p: number): number {
    let lo = Math.min(this.a, this.extra[0] ?? this.a);
    let hi = Math.max(this.b, (this.extra[this.extra.length - 1] ?? -1) + 1);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.rank(mid + 1) > p) hi = mid; else lo = mid + 1;
    }
    return lo;
  }

  private isMutated(i: number): boolean {
    const j = lowerBound(this.mutated, i);
    return this.mutated[j] === i;
  }

  private nextUnmutated(y: number): number {
    let j = lowerBound(this.mutated, y);
    while (j < this.mutated.length && this.mutated[j] === y) { y++; j++; }
    return y;
  }

  private prevUnmutated(y: number): number {
    let j = lowerBound(this.mutated, y + 1) - 1;
    while (j >= 0 && this.mutated[j] === y) { y--; j--; }
    return y;
  }

  /** Elements from position p upwards. */
  *forward(p: number): Generator<number> {
    if (p >= this.size()) return;
    const x = this.at(p);
    let u = this.nextUnmutated(Math.max(x, this.a));
    let e = lowerBound(this.extra, x);
    for (;;) {
      const uOk = u < this.b;
      const ev = this.extra[e];
      if (!uOk && ev === undefined) return;
      if (ev !== undefined && (!uOk || ev < u)) { yield ev; e++; } else { yield u; u = this.nextUnmutated(u + 1); }
    }
  }

  /** Elements from position p downwards. */
  *backward(p: number): Generator<number> {
    if (p < 0) return;
    const x = this.at(p);
    let u = this.prevUnmutated(Math.min(x, this.b - 1));
    let e = lowerBound(this.extra, x + 1) - 1;
    for (;;) {
      const uOk = u >= this.a;
      const ev = this.extra[e];
      if (!uOk && ev === undefined) return;
      if (ev !== undefined && (!uOk || ev > u)) { yield ev; e--; } else { yield u; u = this.prevUnmutated(u - 1); }
    }
  }

  isExtra(i: number): boolean {
    return this.isMutated(i);
  }
}

export interface CollectionNames {
  /** Filter field names of the two sort keys, e.g. lastUpdateDateTime / createdDateTime. */
  updated: string;
  created: string;
}

export class Collection<R> {
  private readonly overlay = new Map<string, Entry<R>>();
  private readonly byBaseIndex = new Map<number, Entry<R>>();
  private mutated: number[] = [];
  private byUpdated: Entry<R>[] = [];
  private createdList: Entry<R>[] = [];

  constructor(
    readonly source: BaseSource<R>,
    private readonly adapter: RecordAdapter<R>,
    private readonly names: CollectionNames,
  ) {}

  /** Base plus created records. */
  size(): number {
    return this.source.count + this.createdList.length;
  }

  /** Id of the k-th record in creation order (base first), for picking records to mutate. */
  idAt(k: number): string {
    return k < this.source.count ? this.source.idOf(k) : (this.createdList[k - this.source.count] as Entry<R>).id;
  }

  get(id: string): R | undefined {
    const e = this.overlay.get(id);
    if (e) return e.record;
    const i = this.source.indexOf(id);
    return i >= 0 ? this.source.record(i) : undefined;
  }

  has(id: string): boolean {
    return this.overlay.has(id) || this.source.indexOf(id) >= 0;
  }

  /** Stores a changed or new record. Its updated key should exceed every existing one. */
  put(record: R): void {
    const id = this.adapter.id(record);
    const entry: Entry<R> = {
      id, record,
      updated: this.adapter.sortKey('updated', record),
      created: this.adapter.sortKey('created', record),
      baseIndex: this.source.indexOf(id),
    };
    const previous = this.overlay.get(id);
    if (previous) {
      this.byUpdated.splice(this.byUpdated.indexOf(previous), 1);
      if (previous.baseIndex < 0) this.createdList.splice(this.createdList.indexOf(previous), 1);
    } else if (entry.baseIndex >= 0) {
      this.mutated.splice(lowerBound(this.mutated, entry.baseIndex), 0, entry.baseIndex);
    }
    this.overlay.set(id, entry);
    if (entry.baseIndex >= 0) this.byBaseIndex.set(entry.baseIndex, entry);
    insertSorted(this.byUpdated, entry, (e) => e.updated);
    if (entry.baseIndex < 0) insertSorted(this.createdList, entry, (e) => e.created);
  }

  /** Forgets every change (control API reset). */
  reset(): void {
    this.overlay.clear();
    this.byBaseIndex.clear();
    this.mutated = [];
    this.byUpdated = [];
    this.createdList = [];
  }

  /** Highest updated key in the collection. */
  maxUpdated(): Ticks {
    const last = this.byUpdated[this.byUpdated.length - 1];
    const base = this.source.count > 0 ? this.source.sortKey('updated', this.source.count - 1) : -Infinity;
    return Math.max(base, last?.updated ?? -Infinity);
  }

  private narrow(a: number, b: number, field: SortField, name: string, filter: CompiledFilter | undefined): [number, number] {
    const range = filter?.ranges.get(name);
    if (!range) return [a, b];
    const key = (i: number): Ticks => this.source.sortKey(field, i);
    const search = (lo: number, hi: number, before: (i: number) => boolean): number => {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(mid)) lo = mid + 1; else hi = mid;
      }
      return lo;
    };
    const start = search(a, b, (i) => (range.loInclusive ? key(i) < range.lo : key(i) <= range.lo));
    const end = search(start, b, (i) => (range.hiInclusive ? key(i) <= range.hi : key(i) < range.hi));
    return [start, end];
  }

  query(spec: QuerySpec): QueryResult<R> {
    const { filter, order } = spec;
    const indexable = !filter || [...filter.ranges.keys()].every((k) => k === this.names.updated || k === this.names.created);
    const residual = !filter ? null : indexable ? filter.residual : filter.matches;
    let a = 0, b = this.source.count;
    if (indexable) {
      [a, b] = this.narrow(a, b, 'updated', this.names.updated, filter);
      [a, b] = this.narrow(a, b, 'created', this.names.created, filter);
    }
    const passes = (e: Entry<R>): boolean => !filter || filter.matches(this.adapter.fields(e.record));
    let extra: number[] = [];
    let tail: Entry<R>[];
    if (order.field === 'updated') {
      tail = this.byUpdated.filter(passes);
    } else {
      extra = this.mutated.filter((i) => passes(this.byBaseIndex.get(i) as Entry<R>));
      tail = this.createdList.filter(passes);
    }
    const run = new BaseRun(a, b, this.mutated, extra);
    const materialise = (i: number): R => this.byBaseIndex.get(i)?.record ?? this.source.record(i);
    const { skip, top } = spec;

    if (!residual) {
      const n1 = run.size();
      const n = n1 + tail.length;
      const take = Math.max(0, Math.min(top, n - skip));
      const from = order.desc ? n - skip - take : skip;
      const positions: R[] = [];
      if (take > 0) {
        const to = from + take;
        if (from < n1) {
          const it = run.forward(from);
          for (let p = from; p < Math.min(to, n1); p++) positions.push(materialise(it.next().value as number));
        }
        for (let p = Math.max(from, n1); p < to; p++) positions.push((tail[p - n1] as Entry<R>).record);
      }
      if (order.desc) positions.reverse();
      return { items: positions, total: spec.count ? n : undefined, more: skip + take < n };
    }

    // A residual predicate: walk in order, testing base records on their cheap fields.
    const items: R[] = [];
    let matched = 0;
    let more = false;
    const visit = (record: () => R): boolean => {
      if (matched >= skip && items.length < top) items.push(record());
      else if (matched >= skip + top) more = true;
      matched++;
      return !spec.count && more;
    };
    const baseMatches = (i: number): boolean => run.isExtra(i) || residual(this.source.fields(i));
    const walkRun = (it: Generator<number>): boolean => {
      for (const i of it) if (baseMatches(i) && visit(() => materialise(i))) return true;
      return false;
    };
    const walkTail = (list: Entry<R>[]): boolean => {
      for (const e of list) if (visit(() => e.record)) return true;
      return false;
    };
    if (order.desc) {
      if (!walkTail([...tail].reverse())) walkRun(run.backward(run.size() - 1));
    } else if (!walkRun(run.forward(0))) {
      walkTail(tail);
    }
    return { items, total: spec.count ? matched : undefined, more };
  }
}
