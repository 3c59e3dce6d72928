// Runs a parsed query over a table's rows, lazily (a `take` stops reading), after checking every table and
// column name the way Kusto does before it runs anything. Timestamp bounds in the leading `where` stages
// narrow the rows asked of the source, so a one-hour window of a large table costs one hour of rows.
import { msFromTicks, ticksFromMs, type Ticks } from '../../time';
import { ticksOf } from './datetime';
import { KqlError, type Position } from './errors';
import type { ColumnRef, Literal, Predicate, Query, Stage } from './parser';

export type KustoType = 'datetime' | 'string' | 'int' | 'long' | 'real' | 'bool' | 'dynamic' | 'guid';
export type Row = Record<string, unknown>;

export interface Column {
  name: string;
  type: KustoType;
}

export interface HuntingSource {
  /** The table's schema, or undefined when there is no such table (names are case-sensitive, as in Kusto). */
  table(name: string): { name: string; columns: Column[] } | undefined;
  /** Rows with `from <= Timestamp < to` (epoch ms), in Timestamp order; extra rows are filtered again here. */
  rows(table: string, fromMs: number, toMs: number): Iterable<Row>;
}

export interface RunContext {
  nowMs: number;
  /** The request's timespan, inclusive, in ticks. */
  from: Ticks;
  to: Ticks;
}

export interface QueryOutput {
  columns: Column[];
  rows: Iterable<Row>;
}

type Test = (row: Row) => boolean;

const TIMESTAMP = 'Timestamp';
const NUMERIC: ReadonlySet<KustoType> = new Set(['int', 'long', 'real']);

function resolveColumn(columns: Column[], ref: ColumnRef, operator: string): Column {
  const column = columns.find((c) => c.name === ref.name);
  if (!column) throw KqlError.semantic(`'${operator}' operator: Failed to resolve scalar expression named '${ref.name}'`, ref.at);
  return column;
}

function literalTicks(value: Literal, ctx: RunContext, at: Position): Ticks {
  const now = ticksFromMs(ctx.nowMs);
  switch (value.kind) {
    case 'ago':
      return now - value.ticks;
    case 'now':
      return now + value.ticks;
    case 'datetime':
    case 'string': {
      const text = value.kind === 'datetime' ? value.text : value.value;
      const t = ticksOf(text);
      if (t === undefined) throw KqlError.semantic(`Cannot parse '${text}' as a datetime`, at);
      return t;
    }
    default:
      throw KqlError.semantic(`Cannot compare a datetime with a ${value.kind}`, at);
  }
}

const rowTicks = (v: unknown): Ticks | undefined => (typeof v === 'string' ? ticksOf(v) : undefined);

function literalValue(value: Literal, ctx: RunContext, column: Column, at: Position): unknown {
  if (column.type === 'datetime') return literalTicks(value, ctx, at);
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool') return value.value;
  throw KqlError.semantic(`Cannot compare ${column.type} column '${column.name}' with a datetime`, at);
}

/** Kusto's `has`: the term appears whole, delimited by non-alphanumerics (case-insensitive). */
function hasTerm(text: string, term: string, caseSensitive: boolean): boolean {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, caseSensitive ? 'u' : 'iu').test(text);
}

function compare(op: string, cell: unknown, want: unknown, column: Column): boolean {
  if (cell === null || cell === undefined) return op.startsWith('!');
  const a = column.type === 'datetime' ? rowTicks(cell) : cell;
  if (a === undefined) return op.startsWith('!');
  if (column.type === 'datetime' || NUMERIC.has(column.type)) {
    const x = Number(a);
    const y = Number(want);
    switch (op) {
      case '==': case '=~': return x === y;
      case '!=': case '!~': return x !== y;
      case '>': return x > y;
      case '>=': return x >= y;
      case '<': return x < y;
      case '<=': return x <= y;
    }
  }
  const text = typeof a === 'string' ? a : JSON.stringify(a);
  const term = String(want);
  const lower = (s: string): string => s.toLowerCase();
  switch (op) {
    case '==': return typeof want === 'string' ? text === term : a === want;
    case '!=': return typeof want === 'string' ? text !== term : a !== want;
    case '=~': return lower(text) === lower(term);
    case '!~': return lower(text) !== lower(term);
    case 'has': return hasTerm(text, term, false);
    case '!has': return !hasTerm(text, term, false);
    case 'has_cs': return hasTerm(text, term, true);
    case 'contains': return lower(text).includes(lower(term));
    case '!contains': return !lower(text).includes(lower(term));
    case 'contains_cs': return text.includes(term);
    case 'startswith': return lower(text).startsWith(lower(term));
    case '!startswith': return !lower(text).startsWith(lower(term));
    case 'endswith': return lower(text).endsWith(lower(term));
    case '!endswith': return !lower(text).endsWith(lower(term));
    case '>': return text > term;
    case '>=': return text >= term;
    case '<': return text < term;
    case '<=': return text <= term;
  }
  return false;
}

function compilePredicate(p: Predicate, columns: Column[], ctx: RunContext): Test {
  switch (p.kind) {
    case 'and': {
      const l = compilePredicate(p.left, columns, ctx);
      const r = compilePredicate(p.right, columns, ctx);
      return (row) => l(row) && r(row);
    }
    case 'or': {
      const l = compilePredicate(p.left, columns, ctx);
      const r = compilePredicate(p.right, columns, ctx);
      return (row) => l(row) || r(row);
    }
    case 'not': {
      const inner = compilePredicate(p.inner, columns, ctx);
      return (row) => !inner(row);
    }
    case 'empty': {
      const c = resolveColumn(columns, p.column, 'where');
      return (row) => {
        const v = row[c.name];
        return (v === null || v === undefined || v === '') !== p.negate;
      };
    }
    case 'compare': {
      const c = resolveColumn(columns, p.column, 'where');
      const want = literalValue(p.value, ctx, c, p.at);
      return (row) => compare(p.op, row[c.name], want, c);
    }
    case 'between': {
      const c = resolveColumn(columns, p.column, 'where');
      const low = literalValue(p.low, ctx, c, p.at);
      const high = literalValue(p.high, ctx, c, p.at);
      return (row) => (compare('>=', row[c.name], low, c) && compare('<=', row[c.name], high, c)) !== p.negate;
    }
    case 'in': {
      const c = resolveColumn(columns, p.column, 'where');
      const wants = p.values.map((v) => literalValue(v, ctx, c, p.at));
      const op = p.caseless ? '=~' : '==';
      return (row) => wants.some((w) => compare(op, row[c.name], w, c)) !== p.negate;
    }
  }
}

/** Timestamp bounds (inclusive ticks) implied by a predicate's top-level `and` terms. */
function timestampBounds(p: Predicate, ctx: RunContext, bounds: { from: Ticks; to: Ticks }): void {
  if (p.kind === 'and') {
    timestampBounds(p.left, ctx, bounds);
    timestampBounds(p.right, ctx, bounds);
    return;
  }
  if (p.kind === 'compare' && p.column.name === TIMESTAMP && ['>', '>=', '<', '<=', '=='].includes(p.op)) {
    const t = literalTicks(p.value, ctx, p.at);
    if (p.op === '>' || p.op === '>=' || p.op === '==') bounds.from = Math.max(bounds.from, t);
    if (p.op === '<' || p.op === '<=' || p.op === '==') bounds.to = Math.min(bounds.to, t);
  }
  if (p.kind === 'between' && p.column.name === TIMESTAMP && !p.negate) {
    bounds.from = Math.max(bounds.from, literalTicks(p.low, ctx, p.at));
    bounds.to = Math.min(bounds.to, literalTicks(p.high, ctx, p.at));
  }
}

function sortValue(v: unknown, column: Column): number | string | undefined {
  if (v === null || v === undefined) return undefined;
  if (column.type === 'datetime') return rowTicks(v);
  if (NUMERIC.has(column.type)) return Number(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function* take(rows: Iterable<Row>, n: number): Iterable<Row> {
  if (n <= 0) return;
  let i = 0;
  for (const row of rows) {
    yield row;
    if (++i >= n) return;
  }
}

function* filter(rows: Iterable<Row>, test: Test): Iterable<Row> {
  for (const row of rows) if (test(row)) yield row;
}

function* project(rows: Iterable<Row>, names: string[]): Iterable<Row> {
  for (const row of rows) {
    const out: Row = {};
    for (const n of names) out[n] = row[n] ?? null;
    yield out;
  }
}

function* summarizeCount(rows: Iterable<Row>, by: string[], countName: string): Iterable<Row> {
  const groups = new Map<string, Row>();
  for (const row of rows) {
    const key = JSON.stringify(by.map((b) => row[b] ?? null));
    let g = groups.get(key);
    if (!g) {
      g = Object.fromEntries(by.map((b) => [b, row[b] ?? null]));
      g[countName] = 0;
      groups.set(key, g);
    }
    (g[countName] as number)++;
  }
  if (by.length === 0 && groups.size === 0) yield { [countName]: 0 };
  yield* groups.values();
}

function* orderBy(rows: Iterable<Row>, keys: Array<{ column: Column; desc: boolean }>): Iterable<Row> {
  const all = [...rows];
  all.sort((x, y) => {
    for (const k of keys) {
      const a = sortValue(x[k.column.name], k.column);
      const b = sortValue(y[k.column.name], k.column);
      if (a === b) continue;
      // Nulls first ascending, last descending (Kusto's default).
      if (a === undefined) return k.desc ? 1 : -1;
      if (b === undefined) return k.desc ? -1 : 1;
      const c = a < b ? -1 : 1;
      return k.desc ? -c : c;
    }
    return 0;
  });
  yield* all;
}

/** Checks names and types, then returns the output schema and a lazy row sequence. Throws KqlError. */
export function runQuery(query: Query, source: HuntingSource, ctx: RunContext): QueryOutput {
  const table = source.table(query.table.name);
  if (!table) throw KqlError.semantic(`Failed to resolve table or column expression named '${query.table.name}'`, query.table.at);
  let columns: Column[] = table.columns;
  const bounds = { from: ctx.from, to: ctx.to };
  let leading = true;
  const steps: Array<(rows: Iterable<Row>) => Iterable<Row>> = [];
  for (const stage of query.stages) {
    steps.push(compileStage(stage, columns, ctx));
    if (stage.kind === 'where' && leading) timestampBounds(stage.predicate, ctx, bounds);
    else leading = false;
    columns = columnsAfter(stage, columns);
  }
  const hasTimestamp = table.columns.some((c) => c.name === TIMESTAMP);
  // The source works in milliseconds: widen to whole milliseconds, the exact test is applied per row.
  const fromMs = msFromTicks(bounds.from);
  const toMs = msFromTicks(bounds.to) + 1;
  let rows: Iterable<Row> = bounds.from > bounds.to ? [] : source.rows(table.name, fromMs, toMs);
  if (hasTimestamp) {
    rows = filter(rows, (row) => {
      const t = rowTicks(row[TIMESTAMP]);
      return t !== undefined && t >= ctx.from && t <= ctx.to;
    });
  }
  for (const step of steps) rows = step(rows);
  return { columns, rows };
}

function compileStage(stage: Stage, columns: Column[], ctx: RunContext): (rows: Iterable<Row>) => Iterable<Row> {
  switch (stage.kind) {
    case 'where': {
      const test = compilePredicate(stage.predicate, columns, ctx);
      return (rows) => filter(rows, test);
    }
    case 'project': {
      const names = stage.columns.map((c) => resolveColumn(columns, c, 'project').name);
      return (rows) => project(rows, names);
    }
    case 'take':
      return (rows) => take(rows, stage.count);
    case 'summarize': {
      const by = stage.by.map((c) => resolveColumn(columns, c, 'summarize').name);
      return (rows) => summarizeCount(rows, by, stage.countName);
    }
    case 'order': {
      const keys = stage.keys.map((k) => ({ column: resolveColumn(columns, k.column, 'order by'), desc: k.desc }));
      return (rows) => orderBy(rows, keys);
    }
  }
}

function columnsAfter(stage: Stage, columns: Column[]): Column[] {
  if (stage.kind === 'project') return stage.columns.map((c) => resolveColumn(columns, c, 'project'));
  if (stage.kind === 'summarize')
    return [...stage.by.map((c) => resolveColumn(columns, c, 'summarize')), { name: stage.countName, type: 'long' }];
  return columns;
}
