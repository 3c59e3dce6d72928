// What the inputs need from a Defender record: its id and update time, read defensively because the
// JSON comes from the network. Everything else passes through untouched (DESIGN §5 rule 6).
import type { Keyed } from './cursor';
import { toTicks } from './timestamp';

export type DefenderRecord = Record<string, unknown>;

export class RecordError extends Error {
  override name = 'RecordError';
}

/** id + update time of a record, or a RecordError naming what is missing. */
export function keyOf(record: DefenderRecord, timeField: string, what: string): Keyed {
  const id = record.id;
  const time = record[timeField];
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new RecordError(`${what} without an id in the API response: ${JSON.stringify(record).slice(0, 200)}`);
  if (typeof time !== 'string' || toTicks(time) === undefined)
    throw new RecordError(`${what} ${String(id)} has no valid ${timeField} (got ${JSON.stringify(time)})`);
  return { id: String(id), time };
}
