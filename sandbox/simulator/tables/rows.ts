// huntingRows: the rows of one table in a time window, deterministic per seed whatever the window.
// Time is cut into hours; hour h of table T holds a fixed number of rows, row k a pure function of
// (seed, T, h, k) placed in the k-th slice of the hour, so rows come out in Timestamp order and a
// query over [from, to) sees exactly the rows a wider query sees inside that window.
import { hash32, hashString, Prng } from '../prng';
import { formatTicks, ticksFromMs, type Ticks } from '../time';
import { DEVICE_ROWS } from './device-rows';
import { OTHER_ROWS } from './other-rows';
import type { RowMaker } from './row-context';
import { HUNTING_TABLES } from './schemas';
import type { HuntingWorld } from './world';

const HOUR: Ticks = 36_000_000_000;

const MAKERS: Record<string, RowMaker> = { ...DEVICE_ROWS, ...OTHER_ROWS };

/** Relative volume per table: endpoint telemetry dominates real tenants, inventory and alerts are rare. */
const WEIGHT: Record<string, number> = {
  DeviceProcessEvents: 2, DeviceNetworkEvents: 2, DeviceFileEvents: 1.5, DeviceRegistryEvents: 1, DeviceEvents: 1, DeviceImageLoadEvents: 1,
  DeviceLogonEvents: 0.5, DeviceInfo: 0.25, DeviceNetworkInfo: 0.25, DeviceFileCertificateInfo: 0.25,
  EmailEvents: 0.5, EmailAttachmentInfo: 0.25, EmailUrlInfo: 0.25, EmailPostDeliveryEvents: 0.1, UrlClickEvents: 0.25,
  IdentityLogonEvents: 0.5, IdentityQueryEvents: 0.25, IdentityDirectoryEvents: 0.1, CloudAppEvents: 0.5, AlertInfo: 0.1, AlertEvidence: 0.25,
};

export class UnknownTableError extends Error {
  override readonly name = 'UnknownTableError';
}

function tableOf(name: string) {
  const table = HUNTING_TABLES[name];
  const make = MAKERS[name];
  if (!table || !make) throw new UnknownTableError(`'${name}' is not an advanced-hunting table of the simulator (tables: ${Object.keys(HUNTING_TABLES).join(', ')})`);
  return { table, make };
}

/** Rows table `name` holds in hour `hour` (hours since the ticks epoch): the average, rounded by a per-hour coin. */
function rowsInHour(world: HuntingWorld, salt: number, hour: number, name: string): number {
  const mean = world.rowsPerHour * (WEIGHT[name] ?? 0.25);
  const whole = Math.floor(mean);
  return whole + (hash32(world.seed, salt, hour) / 4294967296 < mean - whole ? 1 : 0);
}

type EmptyRow = () => Record<string, unknown>;
const emptyRows = new Map<string, EmptyRow>();

/**
 * A function returning `{ Timestamp: null, DeviceId: null, … }` as one object literal: every row of a
 * table then shares one fast V8 shape in the documented column order. Copying or growing ~100-key
 * objects instead ends in dictionary mode (10–500 µs a row; streaming a million records needs ~5 µs).
 */
function emptyRowOf(name: string, columns: ReadonlyArray<{ name: string }>): EmptyRow {
  let make = emptyRows.get(name);
  if (!make) {
    if (!columns.every((c) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name))) throw new Error(`table ${name} has a column name that is not an identifier`);
    make = new Function(`return { ${columns.map((c) => `${c.name}: null`).join(', ')} };`) as EmptyRow;
    emptyRows.set(name, make);
  }
  return make;
}

function* hourRows(world: HuntingWorld, name: string, hour: number): Generator<{ t: Ticks; row: Record<string, unknown> }> {
  const { table, make } = tableOf(name);
  const salt = hashString(name);
  const n = rowsInHour(world, salt, hour, name);
  const emptyRow = emptyRowOf(name, table.columns);
  const start = hour * HOUR;
  for (let k = 0; k < n; k++) {
    const r = Prng.for(world.seed, salt, hour, k);
    const t = start + Math.floor(((k + r.float()) * HOUR) / n);
    const made = make({ r, world, t, reportId: hash32(world.seed, salt, hour, k) % 1_000_000 + 1 });
    const row = emptyRow();
    for (const part of Array.isArray(made) ? made : [made]) {
      for (const key in part) row[key] = part[key] ?? null;
    }
    row.Timestamp = formatTicks(t);
    yield { t, row };
  }
}

/** Rows of `table` with from <= Timestamp < to, in Timestamp order. Throws UnknownTableError for other names. */
export function* huntingRows(world: HuntingWorld, table: string, from: Date, to: Date): Generator<Record<string, unknown>> {
  tableOf(table);
  const lo = ticksFromMs(from.getTime());
  const hi = ticksFromMs(to.getTime());
  for (let hour = Math.floor(lo / HOUR); hour * HOUR < hi; hour++) {
    for (const { t, row } of hourRows(world, table, hour)) {
      if (t >= lo && t < hi) yield row;
    }
  }
}

/** The columns a row maker returns that its table does not have (for tests: makers stay true to the schema). */
export function strayColumns(world: HuntingWorld, table: string, hour: number): string[] {
  const { table: schema, make } = tableOf(table);
  const known = new Set(schema.columns.map((c) => c.name));
  const made = make({ r: Prng.for(world.seed, hour), world, t: hour * HOUR, reportId: 1 });
  return (Array.isArray(made) ? made : [made]).flatMap((part) => Object.keys(part)).filter((k) => !known.has(k));
}
