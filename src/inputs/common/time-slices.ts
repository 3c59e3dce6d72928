// Paging for the legacy Defender for Endpoint /api/alerts, which documents `$filter` on lastUpdateTime but
// no `$orderby` and no paging contract. One response is a consistent snapshot, so the input reads time
// slices that each fit in one response: `ge T` if it fits, else `ge T and lt U` with U taken from the
// records that came back, narrowed until the slice fits. A slice read whole is done for good (records
// updated later get later times), so the cursor moves to its end. Records are emitted in time order.
import { advance, alreadyEmitted, type Cursor, type Keyed } from './cursor';
import type { FetchedPage } from './keyset';
import { requireTicks } from './timestamp';

export interface SliceQuery {
  from: string;
  /** `gt from` instead of `ge from` (after a tie group was read whole). */
  after?: boolean;
  /** Exclusive upper bound; absent = open-ended. */
  before?: string;
  /** Only records at exactly `from` (a tie bigger than a response), from `skip`. */
  exactly?: boolean;
  skip?: number;
}

export interface SliceSource<R> {
  /** One request, in no particular order; `more` when the answer did not hold the whole slice. */
  fetch(query: SliceQuery): Promise<FetchedPage<R>>;
  key(record: R): Keyed;
}

export interface SlicePage<R> {
  records: R[];
  cursor: Cursor;
}

export async function* timeSlicePages<R>(source: SliceSource<R>, start: Cursor): AsyncGenerator<SlicePage<R>> {
  const ticks = (r: R): bigint => requireTicks(source.key(r).time, `record ${source.key(r).id}`);
  let cursor = start;
  let after = false;
  for (;;) {
    const floor = requireTicks(cursor.time, 'cursor');
    let before: string | undefined;
    let { rows, more } = await source.fetch({ from: cursor.time, ...(after ? { after } : {}) });
    while (more) {
      const later = [...new Set(rows.filter((r) => ticks(r) > floor).map((r) => source.key(r).time))].sort((a, b) =>
        requireTicks(a, 'record') < requireTicks(b, 'record') ? -1 : 1,
      );
      if (later.length === 0) break; // all at cursor.time: read as a tie below
      before = later[Math.floor(later.length / 2)] as string;
      ({ rows, more } = await source.fetch({ from: cursor.time, ...(after ? { after } : {}), before }));
    }
    if (more) {
      for await (const page of tieAt(source, cursor)) {
        cursor = page.cursor;
        yield page;
      }
      after = true;
      continue;
    }
    after = false;
    const fresh = rows.filter((r) => !alreadyEmitted(cursor, source.key(r))).sort((a, b) => (ticks(a) < ticks(b) ? -1 : ticks(a) > ticks(b) ? 1 : 0));
    if (before !== undefined) {
      // The slice [cursor, before) is read whole: the next one starts at `before`, nothing emitted there yet.
      cursor = { time: before, ids: [] };
      yield { records: fresh, cursor };
      continue;
    }
    if (fresh.length > 0) {
      cursor = advance(cursor, fresh.map(source.key)) as Cursor;
      yield { records: fresh, cursor };
    }
    return;
  }
}

/** More records at one instant than a response holds: read them all with $skip, emit the unseen ones. */
async function* tieAt<R>(source: SliceSource<R>, start: Cursor): AsyncGenerator<SlicePage<R>> {
  let cursor = start;
  for (let skip = 0; ; ) {
    const { rows, more } = await source.fetch({ from: cursor.time, exactly: true, skip });
    const fresh = rows.filter((r) => !alreadyEmitted(cursor, source.key(r)));
    if (fresh.length > 0) {
      cursor = advance(cursor, fresh.map(source.key)) as Cursor;
      yield { records: fresh, cursor };
    }
    if (!more || rows.length === 0) return;
    skip += rows.length;
  }
}
