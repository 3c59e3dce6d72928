// Parses the KQL subset of DESIGN §7 into a small AST:
//   <Table> ( '|' where <predicate> | project <col>[, …] | take|limit <n>
//           | summarize [<name> =] count() [by <col>[, …]] | order|sort by <col> [asc|desc][, …] )*
// Predicates: and/or/not(), parentheses; <col> (== != =~ !~ > >= < <=) <value>; <col> [!]between (<a> .. <b>);
// <col> [!]in[~] (<v>, …); <col> [!]has|[!]contains|startswith|endswith <string>; isempty()/isnotempty().
// Values: strings, numbers, true/false, datetime(…), ago(<timespan>), now([<timespan>]).
import { KqlError, type Position } from './errors';
import { tokenize, type Token } from './lexer';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  /** A point in time as written (`datetime(2024-01-02T03:04:05Z)`), resolved when the query runs. */
  | { kind: 'datetime'; text: string }
  | { kind: 'ago'; ticks: number }
  | { kind: 'now'; ticks: number };

export interface ColumnRef {
  name: string;
  at: Position;
}

export type Predicate =
  | { kind: 'and' | 'or'; left: Predicate; right: Predicate }
  | { kind: 'not'; inner: Predicate }
  | { kind: 'compare'; column: ColumnRef; op: string; value: Literal; at: Position }
  | { kind: 'between'; column: ColumnRef; negate: boolean; low: Literal; high: Literal; at: Position }
  | { kind: 'in'; column: ColumnRef; negate: boolean; caseless: boolean; values: Literal[]; at: Position }
  | { kind: 'empty'; column: ColumnRef; negate: boolean };

export type Stage =
  | { kind: 'where'; predicate: Predicate; at: Position }
  | { kind: 'project'; columns: ColumnRef[]; at: Position }
  | { kind: 'take'; count: number; at: Position }
  | { kind: 'summarize'; countName: string; by: ColumnRef[]; at: Position }
  | { kind: 'order'; keys: Array<{ column: ColumnRef; desc: boolean }>; at: Position };

export interface Query {
  table: ColumnRef;
  stages: Stage[];
}

const COMPARE = new Set(['==', '!=', '=~', '!~', '>', '>=', '<', '<=']);
const TEXT_OPS = new Set(['has', '!has', 'contains', '!contains', 'startswith', '!startswith', 'endswith', '!endswith', 'has_cs', 'contains_cs']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.peek;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(t: Token = this.peek): never {
    throw KqlError.syntax(t.kind === 'string' ? `'${t.text}'` : t.text, t);
  }

  private isWord(word: string, t: Token = this.peek): boolean {
    return t.kind === 'ident' && t.text === word;
  }

  private isOp(op: string, t: Token = this.peek): boolean {
    return t.kind === 'op' && t.text === op;
  }

  private expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail();
    return this.next();
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) this.fail();
    return this.next();
  }

  private column(): ColumnRef {
    const t = this.peek;
    if (t.kind !== 'ident') this.fail();
    this.next();
    return { name: t.text, at: t };
  }

  query(): Query {
    const table = this.column();
    const stages: Stage[] = [];
    while (this.isOp('|')) {
      this.next();
      stages.push(this.stage());
    }
    if (this.peek.kind !== 'eof') this.fail();
    return { table, stages };
  }

  private stage(): Stage {
    const t = this.peek;
    if (t.kind !== 'ident') this.fail();
    this.next();
    switch (t.text) {
      case 'where':
      case 'filter':
        return { kind: 'where', predicate: this.or(), at: t };
      case 'project': {
        const columns = [this.column()];
        while (this.isOp(',')) {
          this.next();
          columns.push(this.column());
        }
        return { kind: 'project', columns, at: t };
      }
      case 'take':
      case 'limit': {
        const n = this.peek;
        if (n.kind !== 'number' || !/^\d+$/.test(n.text)) this.fail();
        this.next();
        return { kind: 'take', count: Number(n.text), at: t };
      }
      case 'summarize': {
        let countName = 'count_';
        if (this.peek.kind === 'ident' && this.isOp('=', this.tokens[this.i + 1] as Token)) {
          countName = this.next().text;
          this.next();
        }
        this.expectWord('count');
        this.expectOp('(');
        this.expectOp(')');
        const by: ColumnRef[] = [];
        if (this.isWord('by')) {
          this.next();
          by.push(this.column());
          while (this.isOp(',')) {
            this.next();
            by.push(this.column());
          }
        }
        return { kind: 'summarize', countName, by, at: t };
      }
      case 'order':
      case 'sort': {
        this.expectWord('by');
        const keys = [this.orderKey()];
        while (this.isOp(',')) {
          this.next();
          keys.push(this.orderKey());
        }
        return { kind: 'order', keys, at: t };
      }
      default:
        return this.fail(t);
    }
  }

  private orderKey(): { column: ColumnRef; desc: boolean } {
    const column = this.column();
    let desc = true; // Kusto sorts descending unless told otherwise
    if (this.isWord('asc') || this.isWord('desc')) desc = this.next().text === 'desc';
    return { column, desc };
  }

  private or(): Predicate {
    return this.chain('or', () => this.and());
  }

  private and(): Predicate {
    return this.chain('and', () => this.unary());
  }

  /** `a word b word c`, left-associative. */
  private chain(word: 'and' | 'or', operand: () => Predicate): Predicate {
    let left = operand();
    while (this.isWord(word)) {
      this.next();
      left = { kind: word, left, right: operand() };
    }
    return left;
  }

  private unary(): Predicate {
    if (this.isOp('(')) {
      this.next();
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    if ((this.isWord('not') || this.isWord('isempty') || this.isWord('isnotempty')) && this.isOp('(', this.tokens[this.i + 1] as Token)) {
      const fn = this.next().text;
      this.next();
      if (fn === 'not') {
        const inner = this.or();
        this.expectOp(')');
        return { kind: 'not', inner };
      }
      const column = this.column();
      this.expectOp(')');
      return { kind: 'empty', column, negate: fn === 'isnotempty' };
    }
    return this.comparison();
  }

  private comparison(): Predicate {
    const column = this.column();
    const opToken = this.next();
    const op = opToken.text;
    if (opToken.kind === 'op' && COMPARE.has(op)) return { kind: 'compare', column, op, value: this.literal(), at: opToken };
    const negate = op.startsWith('!');
    const word = negate ? op.slice(1) : op;
    if (word === 'between') {
      this.expectOp('(');
      const low = this.literal();
      this.expectOp('..');
      const high = this.literal();
      this.expectOp(')');
      return { kind: 'between', column, negate, low, high, at: opToken };
    }
    if (word === 'in' || word === 'in~') {
      const caseless = word === 'in~';
      this.expectOp('(');
      const values = [this.literal()];
      while (this.isOp(',')) {
        this.next();
        values.push(this.literal());
      }
      this.expectOp(')');
      return { kind: 'in', column, negate, caseless, values, at: opToken };
    }
    if (TEXT_OPS.has(op)) {
      const value = this.literal();
      if (value.kind !== 'string') this.fail(this.tokens[this.i - 1]);
      return { kind: 'compare', column, op, value, at: opToken };
    }
    return this.fail(opToken);
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.text };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text) };
    if (this.isOp('-', t) && this.peek.kind === 'number') return { kind: 'number', value: -Number(this.next().text) };
    if (t.kind !== 'ident') this.fail(t);
    if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true' };
    if (t.text === 'datetime') {
      this.expectOp('(');
      // The lexer hands the (quoted or unquoted) argument over as one string token.
      const arg = this.next();
      if (arg.kind !== 'string') this.fail(arg);
      this.expectOp(')');
      return { kind: 'datetime', text: arg.text };
    }
    if (t.text === 'ago' || t.text === 'now') {
      this.expectOp('(');
      let ticks = 0;
      const sign = this.isOp('-') ? (this.next(), -1) : 1;
      if (this.peek.kind === 'timespan') ticks = sign * (this.next().ticks as number);
      else if (t.text === 'ago' || sign < 0) this.fail();
      this.expectOp(')');
      return t.text === 'ago' ? { kind: 'ago', ticks } : { kind: 'now', ticks };
    }
    return this.fail(t);
  }
}

export function parseQuery(text: string): Query {
  return new Parser(tokenize(text)).query();
}
