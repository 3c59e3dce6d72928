// Tokens of the KQL subset the simulator answers (DESIGN §7). Every token keeps its line and column, so a
// syntax error can say where it is, as Kusto's messages do ("… on line [1,37]").
import { KqlError } from './errors';

export type TokenKind = 'ident' | 'string' | 'number' | 'timespan' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier or operator text, the string's value, the number's digits. */
  text: string;
  /** Offset in the query text and the 1-based line and column Kusto reports. */
  offset: number;
  line: number;
  column: number;
  /** Timespans: the value in 100 ns ticks. */
  ticks?: number;
}

// Longest first, so `!~` wins over `!` and `>=` over `>`.
const OPERATORS = ['==', '!=', '=~', '!~', '>=', '<=', '..', '|', '(', ')', ',', '>', '<', '=', '[', ']', '.', '-', '+', '*', '/'];

const TIMESPAN_UNITS: Record<string, number> = {
  d: 864_000_000_000, day: 864_000_000_000, days: 864_000_000_000,
  h: 36_000_000_000, hr: 36_000_000_000, hrs: 36_000_000_000, hour: 36_000_000_000, hours: 36_000_000_000,
  m: 600_000_000, min: 600_000_000, minute: 600_000_000, minutes: 600_000_000,
  s: 10_000_000, sec: 10_000_000, second: 10_000_000, seconds: 10_000_000,
  ms: 10_000, milli: 10_000, millis: 10_000, millisecond: 10_000, milliseconds: 10_000,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (offset: number) => ({ offset, line, column: offset - lineStart + 1 });
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = at(i);
    if (c === '"' || c === "'" || ((c === '@' || c === 'h' || c === 'H') && (text[i + 1] === '"' || text[i + 1] === "'"))) {
      const verbatim = c === '@';
      if (c !== '"' && c !== "'") i++;
      const quote = text[i] as string;
      i++;
      let value = '';
      for (;;) {
        if (i >= text.length || text[i] === '\n') throw KqlError.syntax(text.slice(start.offset, i), start);
        const ch = text[i] as string;
        if (ch === quote) {
          i++;
          break;
        }
        if (ch === '\\' && !verbatim) {
          const next = text[i + 1] ?? '';
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', text: value, ...start });
      continue;
    }
    if (isDigit(c)) {
      let j = i;
      while (j < text.length && isDigit(text[j] as string)) j++;
      if (text[j] === '.' && isDigit(text[j + 1] ?? '')) {
        j++;
        while (j < text.length && isDigit(text[j] as string)) j++;
      }
      const number = text.slice(i, j);
      let k = j;
      while (k < text.length && /[A-Za-z]/.test(text[k] as string)) k++;
      const unit = text.slice(j, k).toLowerCase();
      if (unit) {
        const per = TIMESPAN_UNITS[unit];
        if (per === undefined) throw KqlError.syntax(text.slice(i, k), start);
        tokens.push({ kind: 'timespan', text: text.slice(i, k), ticks: Math.round(Number(number) * per), ...start });
      } else tokens.push({ kind: 'number', text: number, ...start });
      i = k;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j] as string)) j++;
      // `in~` is one operator.
      if (text.slice(i, j) === 'in' && text[j] === '~') j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), ...start });
      i = j;
      // datetime(2024-01-02T03:04:05.1234567Z) is written unquoted: its argument is one raw token.
      const open = /^\s*\(\s*/.exec(text.slice(i));
      if (tokens.at(-1)?.text === 'datetime' && open && !/["']/.test(text[i + open[0].length] ?? '')) {
        const close = text.indexOf(')', i);
        if (close < 0) throw KqlError.syntax('datetime', start);
        const argStart = i + open[0].length;
        tokens.push({ kind: 'op', text: '(', ...at(text.indexOf('(', i)) });
        tokens.push({ kind: 'string', text: text.slice(argStart, close).trim(), ...at(argStart) });
        i = close;
      }
      continue;
    }
    // Negated word operators (`!has`, `!contains`, `!in`, `!in~`, `!between`, `!startswith`) are one token.
    if (c === '!' && isIdentStart(text[i + 1] ?? '')) {
      let j = i + 2;
      while (j < text.length && isIdentPart(text[j] as string)) j++;
      if (text[j] === '~') j++;
      tokens.push({ kind: 'op', text: text.slice(i, j), ...start });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw KqlError.syntax(c, start);
    tokens.push({ kind: 'op', text: op, ...start });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', ...at(text.length) });
  return tokens;
}
