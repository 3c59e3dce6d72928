// The scheduled hunting input's parameters and query text, pure and light: the input definition
// (src/inputs/definitions.ts) validates with them, and every entry point loads the definitions statically
// for `--scheme`, so this file sits beside definitions.ts rather than in hunting/ (which entries load on
// demand). ISO 8601 durations for `lookback`/`delay`; the query's time window composed after its first stage.

export const DEFAULT_LOOKBACK = 'PT1H';
export const DEFAULT_DELAY = 'PT5M';
/** Advanced hunting keeps 30 days; a window starting earlier would silently miss rows Microsoft no longer has. */
export const RETENTION_MS = 30 * 86_400_000;

// Years and months are refused: their length varies, and hunting data is kept 30 days anyway.
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration, or undefined when the text is not one we accept. */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t.length < 3 || /T$/i.test(t)) return undefined;
  const [, w = '0', d = '0', h = '0', min = '0', s = '0'] = m;
  return Math.round(((Number(w) * 7 + Number(d)) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(s)) * 1000);
}

// The user writes KQL without a time filter; each run adds `| where Timestamp > datetime(<from>) and
// Timestamp <= datetime(<to>)` right after the query's first stage (its table, or `union …`), before anything
// that could drop or rename Timestamp (project, summarize). `let` statements stay in front.

/** Splits text at top-level occurrences of `sep` (outside strings, comments and brackets). */
function topLevelIndexes(text: string, sep: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // Verbatim strings (@'…') have no escapes; others use backslash escapes.
      const verbatim = text[i - 1] === '@';
      for (i++; i < text.length && text[i] !== c; i++) if (!verbatim && text[i] === '\\') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === sep) out.push(i);
  }
  return out;
}

/** The query without trailing `;` and whitespace. */
const tidy = (query: string): string => query.replace(/[\s;]+$/, '').trim();

/** `datetime(2026-11-01T00:00:00.0000000Z)` needs no quotes; the 7 digits keep windows exact. */
export function windowFilter(from: string, to: string): string {
  return `where Timestamp > datetime(${from}) and Timestamp <= datetime(${to})`;
}

/** The query restricted to (from, to]. */
export function windowQuery(query: string, from: string, to: string): string {
  const text = tidy(query);
  const statements = topLevelIndexes(text, ';');
  const start = statements.length > 0 ? (statements.at(-1) as number) + 1 : 0;
  const prefix = text.slice(0, start);
  const tabular = text.slice(start);
  const pipe = topLevelIndexes(tabular, '|')[0];
  const filter = windowFilter(from, to);
  if (pipe === undefined) return `${prefix}${tabular.trimEnd()}\n| ${filter}`;
  return `${prefix}${tabular.slice(0, pipe).trimEnd()}\n| ${filter}\n${tabular.slice(pipe)}`;
}

const TIME_FILTER = /\bTimestamp\s*(?:>=?|<=?|==|!=|\bbetween\b|\bin\b)|\bago\s*\(|\bnow\s*\(/i;
const ROW_LIMIT = /\|\s*(?:take|limit)\b/i;

/** Why a scheduled query cannot be used, or undefined. */
export function validateHuntingQuery(query: string): string | undefined {
  const text = tidy(query);
  if (!text) return 'query is required: the KQL to run, e.g. DeviceProcessEvents | where FileName =~ "powershell.exe".';
  if (text.length > 30_000) return `query is ${text.length} characters long; keep it under 30,000.`;
  const tabular = text.slice((topLevelIndexes(text, ';').at(-1) ?? -1) + 1).trim();
  if (!/^[A-Za-z_(]/.test(tabular))
    return "query must end with a tabular expression that starts with a table, e.g. 'DeviceProcessEvents | where …'.";
  if (TIME_FILTER.test(text))
    return "query filters on time itself (Timestamp comparison, ago() or now()): remove that filter; the input adds 'where Timestamp > <from> and Timestamp <= <to>' for each window, so windows never overlap or leave gaps.";
  if (ROW_LIMIT.test(text))
    return "query limits its rows (take/limit): remove it; the input reads every row of each window and splits a window that reaches Microsoft's 100,000-row cap.";
  return undefined;
}
