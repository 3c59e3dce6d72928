// results.csv.gz as splunkd hands it to an alert action (splunk-platform.md §4.2, fixtures/splunk/results.csv):
// gzipped CSV with a header row; values quoted when they hold a comma, quote, line break or space; a
// multi-value field f is written newline-joined in f and as `$v1$;$v2$` (literal $ doubled) in __mv_f.
import { stringify } from 'csv-stringify/sync';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

export type ResultRow = Record<string, string | readonly string[]>;

const isMulti = (v: string | readonly string[] | undefined): v is readonly string[] => Array.isArray(v) && v.length > 1;
const single = (v: string | readonly string[] | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : v.join('\n'));

export function mvEncode(values: readonly string[]): string {
  return values.map((v) => `$${v.replace(/\$/g, '$$$$')}$`).join(';');
}

/** The CSV text (before gzip). Columns in first-seen order, then the __mv_ companions in the same order. */
export function resultsCsv(rows: ResultRow[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const multi = columns.filter((c) => rows.some((r) => isMulti(r[c])));
  const header = [...columns, ...multi.map((c) => `__mv_${c}`)];
  const records = rows.map((r) => [...columns.map((c) => single(r[c])), ...multi.map((c) => (isMulti(r[c]) ? mvEncode(r[c]) : ''))]);
  return stringify([header, ...records], { quoted_match: / /, record_delimiter: 'unix' });
}

export function writeResultsFile(path: string, rows: ResultRow[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(Buffer.from(resultsCsv(rows), 'utf8')));
}

/** The payload's `result`: the first row, multi-value fields as arrays. */
export function firstResult(rows: ResultRow[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(rows[0] ?? {})) out[k] = isMulti(v) ? [...v] : single(v);
  return out;
}
