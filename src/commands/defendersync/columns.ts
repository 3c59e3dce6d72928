// Advanced-hunting rows → Splunk result fields (issue 11): columns in the schema's order, values typed —
// numbers as numbers, datetimes as Defender's ISO text, `Timestamp` also as `_time` (epoch seconds with every
// fractional digit), dynamic values as JSON text, nulls empty. A dynamic column also gets `<name>{}`, the
// multivalue of its array's scalar elements, named the way Splunk's spath names array elements, so
// `mvexpand "AdditionalFields{}"` and `stats … by "Tags{}"` work while the column itself keeps the JSON.
import { mvCells, mvColumn } from '../../splunk/chunked/csv';

export interface SchemaColumn {
  name: string;
  type: string;
}

export type ColumnKind = 'datetime' | 'dynamic' | 'other';

export interface ResultPlan {
  /** The CSV header: schema columns (each dynamic one followed by `<name>{}` and `__mv_<name>{}`), then `_time`. */
  header: string[];
  columns: Array<{ name: string; kind: ColumnKind }>;
  /** Index in `columns` of the datetime column that becomes `_time`. */
  timeColumn?: number;
}

export const TIME_SOURCE = 'Timestamp';

/** Kusto's names (datetime, dynamic) and Graph's schema names (DateTime, Object) alike. */
export function columnKind(type: string): ColumnKind {
  const t = type.toLowerCase();
  if (t === 'datetime' || t === 'date') return 'datetime';
  if (t === 'dynamic' || t === 'object' || t === 'array') return 'dynamic';
  return 'other';
}

export const elementsField = (name: string): string => `${name}{}`;

export function planResults(schema: readonly SchemaColumn[]): ResultPlan {
  const header: string[] = [];
  const columns = schema.map((c) => ({ name: c.name, kind: columnKind(c.type) }));
  for (const c of columns) {
    header.push(c.name);
    if (c.kind === 'dynamic') header.push(elementsField(c.name), mvColumn(elementsField(c.name)));
  }
  const timeColumn = columns.findIndex((c) => c.name === TIME_SOURCE && c.kind === 'datetime');
  if (timeColumn < 0) return { header, columns };
  header.push('_time');
  return { header, columns, timeColumn };
}

/** A scalar as Splunk text: numbers as JSON writes them, booleans true/false (as in the indexed JSON events). */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The elements of an array of scalars (a JSON-text array counts too); undefined for anything else. */
export function scalarElements(value: unknown): string[] | undefined {
  let v = value;
  if (typeof v === 'string') {
    if (!v.startsWith('[')) return undefined;
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(v) || !v.every(isScalar)) return undefined;
  return v.filter((e) => e !== null).map(scalarText);
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch seconds of an ISO 8601 time with all its fractional digits ("1764583200.1234567"); '' if not one. */
export function epochSeconds(value: unknown): string {
  if (typeof value !== 'string') return '';
  const fast = utcEpochSeconds(value);
  if (fast !== undefined) return fast;
  const m = ISO.exec(value);
  if (!m) return '';
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return '';
  if (ms < 0) return String(ms / 1000 + Number(`0.${m[2] ?? '0'}`));
  return withFraction(String(Math.floor(ms / 1000)), m[2] ?? '');
}

function withFraction(seconds: string, digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return end === 0 ? seconds : `${seconds}.${digits.slice(0, end)}`;
}

// The hot path of a 100k-row hunt: Defender's `YYYY-MM-DDTHH:MM:SS[.fffffff]Z` read digit by digit (no
// regex, no Date.parse), days from the civil date by Howard Hinnant's algorithm. Anything else: undefined.
function utcEpochSeconds(s: string): string | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return undefined;
  const num = (from: number, to: number): number => {
    let v = 0;
    for (let i = from; i < to; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  };
  const y = num(0, 4);
  const mo = num(5, 7);
  const d = num(8, 10);
  const h = num(11, 13);
  const mi = num(14, 16);
  const se = num(17, 19);
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && se <= 59)) return undefined;
  let fraction = '';
  if (n > 20) {
    if (n === 21 || s[19] !== '.' || Number.isNaN(num(20, n - 1))) return undefined;
    fraction = s.slice(20, n - 1);
  }
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const seconds = days * 86400 + h * 3600 + mi * 60 + se;
  // Before 1970 "<seconds>.<digits>" would read the fraction the wrong way round.
  if (seconds < 0) return undefined;
  return withFraction(String(seconds), fraction);
}

/** Calls `emit` with each cell of one row, in header order (no arrays: this runs for every row of a hunt). */
export function eachCell(plan: ResultPlan, row: Record<string, unknown>, emit: (text: string) => void): void {
  const { columns } = plan;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as { name: string; kind: ColumnKind };
    const value = row[c.name];
    emit(scalarText(value));
    if (c.kind === 'dynamic') {
      const [field, mv] = mvCells(scalarElements(value) ?? []);
      emit(field);
      emit(mv);
    }
  }
  if (plan.timeColumn !== undefined) emit(epochSeconds(row[(columns[plan.timeColumn] as { name: string }).name]));
}

/** The cells of one row, in header order. */
export function rowCells(plan: ResultPlan, row: Record<string, unknown>): string[] {
  const cells: string[] = [];
  eachCell(plan, row, (text) => cells.push(text));
  return cells;
}
