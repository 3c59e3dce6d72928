// Keyset paging over a list ordered by update time ascending (Graph incidents and alerts_v2), DESIGN §5 rule 2.
// Offset paging ($skip / nextLink) over a set that changes while it is read skips records: a record updated
// after it was read moves to the end and everything behind it shifts down by one. So every page is a new
// query from the cursor (`ge <last time emitted>`), and the pairs already emitted at that instant are
// dropped. A tie group larger than a page (bulk updates) cannot be passed that way; it is read with
// `eq <time>` and $skip, re-read until a pass finds nothing new, and then left with `gt <time>`.
import { advance, alreadyEmitted, type Cursor, type Keyed } from './cursor';

export type TimeFilter = { op: 'ge' | 'gt' | 'eq'; time: string };

export interface FetchedPage<R> {
  rows: R[];
  /** The server has more after these (a full page, or a nextLink). */
  more: boolean;
}

export interface KeysetSource<R> {
  /** One request: records matching `filter`, ordered by update time ascending, from `skip`. */
  fetch(filter: TimeFilter, skip: number): Promise<FetchedPage<R>>;
  key(record: R): Keyed;
}

export interface KeysetPage<R> {
  /** Records not emitted before, in the order the API returned them. */
  records: R[];
  /** The cursor once these records are emitted. */
  cursor: Cursor;
}

/** Re-reads of a tie group until a pass finds nothing new; bounds the work if records keep moving. */
export const MAX_TIE_PASSES = 5;

export async function* keysetPages<R>(source: KeysetSource<R>, start: Cursor): AsyncGenerator<KeysetPage<R>> {
  let cursor = start;
  let op: 'ge' | 'gt' = 'ge';
  for (;;) {
    const { rows: page, more } = await source.fetch({ op, time: cursor.time }, 0);
    op = 'ge';
    const fresh = page.filter((r) => !alreadyEmitted(cursor, source.key(r)));
    if (fresh.length > 0) {
      cursor = advance(cursor, fresh.map(source.key)) as Cursor;
      yield { records: fresh, cursor };
    }
    if (!more) return;
    if (fresh.length > 0) continue;
    // A full page with nothing new: more records share `cursor.time` than a page holds.
    const at = cursor.time;
    for await (const tie of tiePages((skip) => source.fetch({ op: 'eq', time: at }, skip), (r) => source.key(r), cursor)) {
      cursor = tie.cursor;
      yield tie;
    }
    op = 'gt';
  }
}

/**
 * More records at one instant (`start.time`) than a response holds: read them all with $skip, emit the unseen
 * ones, and read again until a pass finds nothing new (records that change meanwhile leave the instant and
 * shift the offsets). Shared by keyset paging and the MDE time slices.
 */
export async function* tiePages<R>(
  fetchAt: (skip: number) => Promise<FetchedPage<R>>,
  key: (record: R) => Keyed,
  start: Cursor,
): AsyncGenerator<KeysetPage<R>> {
  let cursor = start;
  for (let pass = 0; pass < MAX_TIE_PASSES; pass++) {
    let found = 0;
    for (let skip = 0; ; ) {
      const { rows, more } = await fetchAt(skip);
      const fresh = rows.filter((r) => !alreadyEmitted(cursor, key(r)));
      if (fresh.length > 0) {
        cursor = advance(cursor, fresh.map(key)) as Cursor;
        found += fresh.length;
        yield { records: fresh, cursor };
      }
      if (!more || rows.length === 0) break;
      skip += rows.length;
    }
    if (found === 0) return;
  }
}
