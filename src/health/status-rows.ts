// The rows of the `defender_sync_input_status` search (one per input, per partition for stream inputs; see
// default/macros.conf) turned into each input's health. Pure; the setup page runs the search and shows this.
import { inputHealth, worstHealth, type Health, type StatusSummary } from './states';

/** The macro the setup page's oneshot search runs (docs/soc.md, "Input health"). */
export const INPUT_STATUS_SEARCH = 'search `defender_sync_input_status`';
/** Status lines older than this are not read (also the window of the "Input unhealthy" saved search). */
export const INPUT_STATUS_WINDOW = '-7d';
/** Stream inputs write a status line per partition this often unless configured otherwise. */
export const STREAM_STATUS_INTERVAL_SECONDS = 60;
/** What the search puts in `partition` for polled inputs and input-level stream errors. */
export const NO_PARTITION = '-';

/** One result row as splunkd's JSON gives it: every value a string (absent when null). */
export type StatusRow = Record<string, string | string[] | undefined>;

export interface PartitionHealth extends Health {
  partition: string;
}

export interface InputHealth extends Health {
  /** Stream inputs: each partition's own health (the input shows the worst). */
  partitions: PartitionHealth[];
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const ms = (v: string | string[] | undefined): number | undefined => {
  const n = Number(one(v));
  return one(v) === undefined || one(v) === '' || Number.isNaN(n) ? undefined : Math.round(n * 1000);
};

export const inputKey = (scheme: string, name: string): string => `${scheme}://${name}`;

export function statusOf(row: StatusRow): { status: StatusSummary; lastEvent: number | undefined } {
  const lastError = ms(row.last_error);
  const code = one(row.last_error_code);
  const message = one(row.last_error_message);
  const status: StatusSummary = {
    ...(ms(row.first_seen) !== undefined ? { firstSeen: ms(row.first_seen) as number } : {}),
    ...(ms(row.last_seen) !== undefined ? { lastSeen: ms(row.last_seen) as number } : {}),
    ...(ms(row.last_success) !== undefined ? { lastSuccess: ms(row.last_success) as number } : {}),
    ...(lastError !== undefined ? { lastError: { time: lastError, ...(code ? { code } : {}), ...(message ? { message } : {}) } } : {}),
    lastStatusFailed: one(row.last_status_failed) === '1',
  };
  return { status, lastEvent: ms(row.last_event) };
}

/** input key → its rows. */
export function rowsByInput(rows: readonly StatusRow[]): Map<string, StatusRow[]> {
  const out = new Map<string, StatusRow[]>();
  for (const row of rows) {
    const [scheme, name] = [one(row.component), one(row.input)];
    if (!scheme || !name) continue;
    const key = inputKey(scheme, name);
    out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}

/**
 * One input's health from its rows. Polled inputs have one row; stream inputs one per partition, plus a row
 * for errors that name no partition, which count against every partition.
 */
export function healthOfInput(rows: readonly StatusRow[], intervalSeconds: number, now: number): InputHealth {
  if (rows.length === 0) return { ...inputHealth({ intervalSeconds, now, status: {} }), partitions: [] };
  const partitionRows = rows.filter((r) => (one(r.partition) ?? NO_PARTITION) !== NO_PARTITION);
  const inputRow = rows.find((r) => (one(r.partition) ?? NO_PARTITION) === NO_PARTITION);
  if (partitionRows.length === 0) {
    const { status, lastEvent } = statusOf(inputRow as StatusRow);
    return { ...inputHealth({ intervalSeconds, now, status, ...(lastEvent !== undefined ? { lastEvent } : {}) }), partitions: [] };
  }
  const inputLevel = inputRow ? statusOf(inputRow).status : undefined;
  const partitions = partitionRows.map((row): PartitionHealth => {
    const { status, lastEvent } = statusOf(row);
    const shared = inputLevel?.lastError;
    const merged: StatusSummary = shared && (!status.lastError || shared.time > status.lastError.time) ? { ...status, lastError: shared } : status;
    return { partition: one(row.partition) as string, ...inputHealth({ intervalSeconds, now, status: merged, ...(lastEvent !== undefined ? { lastEvent } : {}) }) };
  });
  partitions.sort((a, b) => a.partition.localeCompare(b.partition, undefined, { numeric: true }));
  return { ...(worstHealth(partitions) as Health), partitions };
}
