// The CSV Splunk exchanges with chunked commands (search-commands.md §1.8): splunklib's dialect (',' delimiter,
// '"' quote doubled inside, minimal quoting, CRLF rows) and multivalue fields as a value column plus an
// `__mv_<field>` column holding `$a$;$b$` (each `$` doubled). Hand-written rather than csv-stringify: it is a
// dozen lines on the hot path of a 100k-row hunt, and the multivalue encoding is Splunk's own anyway.

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV row with its CRLF. A lone empty cell is written `""` so the row is not an empty line. */
export function csvRow(cells: readonly string[]): string {
  if (cells.length === 1 && cells[0] === '') return '""\r\n';
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvField(cells[i] as string);
  return `${line}\r\n`;
}

/** The name of the column that carries a field's multivalue encoding. */
export const mvColumn = (field: string): string => `__mv_${field}`;

/** Splunk's multivalue encoding: `$a$;$b$`, with `$` inside a value doubled. */
export function mvEncode(values: readonly string[]): string {
  return values.map((v) => `$${v.replaceAll('$', '$$$$')}$`).join(';');
}

/**
 * The two cells of a field that may hold several values: a single value goes in the field with an empty
 * `__mv_` cell; several are newline-joined in the field (what Splunk shows) and encoded in `__mv_`.
 */
export function mvCells(values: readonly string[]): [string, string] {
  if (values.length === 0) return ['', ''];
  if (values.length === 1) return [values[0] as string, ''];
  return [values.join('\n'), mvEncode(values)];
}
