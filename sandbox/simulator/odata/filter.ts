// A small OData $filter parser: comparisons (eq ne gt ge lt le) joined by and/or with parentheses.
// That is the subset Graph security and MDE document; anything else gets a clear error.
import { parseTimestamp, type Ticks } from '../time';

export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'datetime'; ticks: Ticks; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean };

export type FilterNode =
  | { type: 'cmp'; field: string; op: Operator; literal: Literal; position: number }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode };

/** Message text only; the API wraps it in its own error shape ("Invalid filter clause: …"). */
export class FilterError extends Error {
  override readonly name = 'FilterError';
}

type Token =
  | { t: 'lparen' | 'rparen'; pos: number }
  | { t: 'word'; value: string; pos: number }
  | { t: 'string'; value: string; pos: number }
  | { t: 'literal'; value: string; pos: number };

const OPERATORS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const UNSUPPORTED_OPERATORS = new Set(['has', 'in', 'add', 'sub', 'mul', 'div', 'mod']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '(') { tokens.push({ t: 'lparen', pos: i }); i++; continue; }
    if (c === ')') { tokens.push({ t: 'rparen', pos: i }); i++; continue; }
    if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError(`There is an unterminated string literal at position ${start} in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") { value += "'"; i += 2; continue; }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ t: 'string', value, pos: start });
      continue;
    }
    const start = i;
    while (i < text.length && !' \t\r\n()\''.includes(text[i] as string)) i++;
    if (i === start) throw new FilterError(`Syntax error: character '${c}' is not valid at position ${i} in '${text}'.`);
    const word = text.slice(start, i);
    tokens.push(/^[-0-9]/.test(word) ? { t: 'literal', value: word, pos: start } : { t: 'word', value: word, pos: start });
  }
  return tokens;
}

function literalFrom(token: Token, text: string): Literal {
  if (token.t === 'string') return { kind: 'string', value: token.value };
  if (token.t === 'literal') {
    if (/^-?\d+(\.\d+)?$/.test(token.value)) return { kind: 'number', value: Number(token.value), text: token.value };
    const ticks = parseTimestamp(token.value);
    if (ticks === undefined) {
      throw new FilterError(`Unrecognized 'Edm.DateTimeOffset' literal '${token.value}' at '${token.pos}' in '${text}'.`);
    }
    return { kind: 'datetime', ticks, text: token.value };
  }
  if (token.t === 'word') {
    const w = token.value.toLowerCase();
    if (w === 'null') return { kind: 'null' };
    if (w === 'true' || w === 'false') return { kind: 'bool', value: w === 'true' };
  }
  throw new FilterError(`Syntax error at position ${token.pos} in '${text}': expected a literal value.`);
}

/** Parses `$filter` text into a tree; throws FilterError with a message saying what is wrong. */
export function parseFilter(text: string): FilterNode {
  if (text.trim() === '') throw new FilterError(`The $filter expression is empty.`);
  const tokens = tokenize(text);
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const endPos = text.length;
  const isWord = (tok: Token | undefined, w: string): boolean => tok?.t === 'word' && tok.value.toLowerCase() === w;

  function parseOr(): FilterNode {
    let left = parseAnd();
    while (isWord(peek(), 'or')) { p++; left = { type: 'or', left, right: parseAnd() }; }
    return left;
  }
  function parseAnd(): FilterNode {
    let left = parsePrimary();
    while (isWord(peek(), 'and')) { p++; left = { type: 'and', left, right: parsePrimary() }; }
    return left;
  }
  function parsePrimary(): FilterNode {
    const tok = peek();
    if (!tok) throw new FilterError(`Syntax error at position ${endPos} in '${text}': expression expected.`);
    if (tok.t === 'lparen') {
      p++;
      const inner = parseOr();
      const close = peek();
      if (close?.t !== 'rparen') throw new FilterError(`Syntax error at position ${close?.pos ?? endPos} in '${text}': ')' expected.`);
      p++;
      return inner;
    }
    if (tok.t !== 'word') throw new FilterError(`Syntax error at position ${tok.pos} in '${text}': a property name is expected.`);
    if (tok.value.toLowerCase() === 'not') throw new FilterError(`The 'not' operator is not supported; rewrite the clause with 'ne' or the opposite comparison.`);
    if (tokens[p + 1]?.t === 'lparen' || tok.value.includes('/')) {
      throw new FilterError(`The function or path '${tok.value}' is not supported in this simulator's $filter (supported: comparisons eq ne gt ge lt le combined with and, or and parentheses).`);
    }
    p++;
    const opTok = peek();
    if (!opTok || opTok.t !== 'word') throw new FilterError(`Syntax error at position ${opTok?.pos ?? endPos} in '${text}': an operator (eq ne gt ge lt le) is expected after '${tok.value}'.`);
    const op = opTok.value.toLowerCase();
    if (UNSUPPORTED_OPERATORS.has(op)) throw new FilterError(`The operator '${op}' is not supported; use eq ne gt ge lt le.`);
    if (!OPERATORS.has(op)) throw new FilterError(`Syntax error at position ${opTok.pos} in '${text}': '${opTok.value}' is not an operator (eq ne gt ge lt le).`);
    p++;
    const litTok = peek();
    if (!litTok) throw new FilterError(`Syntax error at position ${endPos} in '${text}': a value is expected after '${op}'.`);
    p++;
    return { type: 'cmp', field: tok.value, op: op as Operator, literal: literalFrom(litTok, text), position: tok.pos };
  }

  const node = parseOr();
  const rest = peek();
  if (rest) throw new FilterError(`Syntax error at position ${rest.pos} in '${text}'.`);
  return node;
}
