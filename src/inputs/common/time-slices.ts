// Paging for the legacy Defender for Endpoint /api/alerts, which documents `$filter` on lastUpdateTime but
// no `$orderby` and no paging contract. One response is a consistent snapshot, so the input reads time
// slices that each fit in one response: `ge T` if it fits, else `ge T and lt U`, cutting before the oldest
// record shown or halving the time range until it fits, and sizing the next slices from the density the last
// one showed. A slice read whole is
// done for good (records updated later get later times), so the cursor moves to its end. Records are
// emitted in time order.
import { advance, alreadyEmitted, type Cursor, type Keyed } from './cursor';
import { tiePages, type FetchedPage } from './keyset';
import { isoFromTicks, requireTicks } from './timestamp';

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

/** Share of a full response a sized slice aims at: room for the density to vary between slices. */
const SLICE_FILL = 0.8;

export async function* timeSlicePages<R>(source: SliceSource<R>, start: Cursor): AsyncGenerator<SlicePage<R>> {
  const ticks = (r: R): bigint => requireTicks(source.key(r).time, `record ${source.key(r).id}`);
  let cursor = start;
  let after = false;
  // What earlier answers taught: records per tick of the last slice read whole, how many records a full
  // response holds, the newest time seen (no slice may end past it: records updated later get later times),
  // and a bound that closed a slice too big for one response.
  let density: number | undefined;
  let capacity = 0;
  let horizon: bigint | undefined;
  let tooBig: bigint | undefined;
  for (;;) {
    const floor = requireTicks(cursor.time, 'cursor');
    if (tooBig !== undefined && tooBig <= floor) tooBig = undefined;
    let before: bigint | undefined = tooBig;
    if (density && capacity && horizon !== undefined) {
      const sized = floor + BigInt(Math.max(1, Math.floor((SLICE_FILL * capacity) / density)));
      if (sized <= horizon && (before === undefined || sized < before)) before = sized;
    }
    const query = (upTo: bigint | undefined): SliceQuery => ({
      from: cursor.time,
      ...(after ? { after } : {}),
      ...(upTo !== undefined ? { before: isoFromTicks(upTo) } : {}),
    });
    let { rows, more } = await source.fetch(query(before));
    while (more) {
      // Too many for one response: cut the slice before the oldest record shown (the API shows the most
      // recently created first, so older ones are what is left), or in the middle of its time range,
      // whichever keeps more of it.
      capacity = Math.max(capacity, rows.length);
      const newest = rows.reduce((m, r) => (ticks(r) > m ? ticks(r) : m), floor);
      if (horizon === undefined || newest > horizon) horizon = newest;
      tooBig = before ?? newest + 1n;
      const later = rows.map(ticks).filter((t) => t > floor);
      if (later.length === 0) break; // everything at cursor.time: read as a tie below
      const oldest = later.reduce((m, t) => (t < m ? t : m));
      const mid = floor + (tooBig - floor) / 2n;
      before = oldest > mid ? oldest : mid;
      if (before <= floor) break;
      ({ rows, more } = await source.fetch(query(before)));
    }
    if (more) {
      const at = cursor.time;
      for await (const page of tiePages((skip) => source.fetch({ from: at, exactly: true, skip }), (r) => source.key(r), cursor)) {
        cursor = page.cursor;
        yield page;
      }
      after = true;
      continue;
    }
    after = false;
    const fresh = rows.filter((r) => !alreadyEmitted(cursor, source.key(r))).sort((a, b) => (ticks(a) < ticks(b) ? -1 : ticks(a) > ticks(b) ? 1 : 0));
    if (before !== undefined) {
      if (rows.length > 0) density = rows.length / Number(before - floor);
      // The slice [cursor, before) is read whole: the next one starts at `before`, nothing emitted there yet.
      cursor = { time: isoFromTicks(before), ids: [] };
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
