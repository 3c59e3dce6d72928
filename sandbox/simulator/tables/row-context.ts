// What a row maker gets: a PRNG seeded for exactly this row, the world, the row's time and a
// ReportId; what it returns: the row's columns, as one object or as parts (Timestamp and the columns
// it leaves out are filled in). Parts, not `{ ...a, ...b }`: V8 builds spread literals of ~100 keys
// in dictionary mode, which made a row cost half a millisecond.
import type { Prng } from '../prng';
import type { Ticks } from '../time';
import type { HuntingWorld } from './world';

export interface RowContext {
  r: Prng;
  world: HuntingWorld;
  t: Ticks;
  reportId: number;
}

export type RowColumns = Record<string, unknown>;
export type RowMaker = (c: RowContext) => RowColumns | RowColumns[];
