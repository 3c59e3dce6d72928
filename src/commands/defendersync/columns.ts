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
  const m = ISO.exec(value);
  if (!m) return '';
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return '';
  const seconds = String(Math.floor(ms / 1000));
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? seconds : `${seconds}.${fraction}`;
}

/** The cells of one row, in header order. */
export function rowCells(plan: ResultPlan, row: Record<string, unknown>): string[] {
  const cells: string[] = [];
  for (const c of plan.columns) {
    const value = row[c.name];
    if (c.kind !== 'dynamic') {
      cells.push(scalarText(value));
      continue;
    }
    cells.push(scalarText(value));
    const [field, mv] = mvCells(scalarElements(value) ?? []);
    cells.push(field, mv);
  }
  if (plan.timeColumn !== undefined) cells.push(epochSeconds(row[(plan.columns[plan.timeColumn] as { name: string }).name]));
  return cells;
}
