// The ingest cursor as a pure reducer over records (DESIGN §5 rule 1): the highest update time emitted,
// kept as Defender wrote it, plus the ids emitted at exactly that instant, so `ge` queries can skip them.
import { requireTicks } from './timestamp';

export interface Cursor {
  /** Highest update time emitted so far, exactly as the API wrote it. */
  time: string;
  /** Ids of records emitted with exactly `time`. */
  ids: string[];
}

export interface Keyed {
  id: string;
  time: string;
}

/** True when this (id, time) pair is at or behind the cursor and so was emitted already. */
export function alreadyEmitted(cursor: Cursor | undefined, record: Keyed): boolean {
  if (!cursor) return false;
  const c = requireTicks(cursor.time, 'cursor');
  const t = requireTicks(record.time, `record ${record.id}`);
  if (t < c) return true;
  return t === c && cursor.ids.includes(record.id);
}

/** The cursor after emitting `records` (in any order). */
export function advance(cursor: Cursor | undefined, records: readonly Keyed[]): Cursor | undefined {
  let next = cursor ? { time: cursor.time, ids: [...cursor.ids] } : undefined;
  let nextTicks = next ? requireTicks(next.time, 'cursor') : undefined;
  for (const r of records) {
    const t = requireTicks(r.time, `record ${r.id}`);
    if (!next || nextTicks === undefined || t > nextTicks) {
      next = { time: r.time, ids: [r.id] };
      nextTicks = t;
    } else if (t === nextTicks && !next.ids.includes(r.id)) {
      next.ids.push(r.id);
    }
  }
  return next;
}
