// TEST HELPER, not Splunk: a tiny parser and interpreter for the subset of Splunk's eval language that
// default/props.conf uses, so tests can (1) list the fields each EVAL reads and (2) compute the CIM values
// from real Defender records. Anything outside the subset throws, so a new function in props.conf has to
// be modelled here (and checked against Splunk's documentation) before the tests pass.
//
// Modelled semantics (Splunk eval reference): fields in single quotes or bare words, strings in double
// quotes; `.` concatenates (null if either side is null); comparisons of null are false; coalesce takes the
// first non-null argument ("" counts); mvfilter evaluates its predicate once per value of the one field it
// names. Multivalue fields are arrays; comparing a multivalue field throws (its meaning is not modelled).

export type Value = null | string | number | boolean | string[];

export type Node =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'field'; name: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'not'; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node };

interface Token {
  type: 'string' | 'field' | 'word' | 'number' | 'op' | 'punct';
  text: string;
  at: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '=', '<', '>', '.', '+', '-', '*', '/', '%'];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated ${c === '"' ? 'string' : 'field name'} at ${at}: ${source}`);
        const ch = source[i] ?? '';
        if (ch === '\\' && (source[i + 1] === c || source[i + 1] === '\\')) {
          text += source[i + 1];
          i += 2;
        } else if (ch === c) {
          i++;
          break;
        } else {
          text += ch;
          i++;
        }
      }
      tokens.push({ type: c === '"' ? 'string' : 'field', text, at });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
      tokens.push({ type: 'number', text: m?.[0] ?? c, at });
      i += m?.[0].length ?? 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
      tokens.push({ type: 'word', text: m?.[0] ?? c, at });
      i += m?.[0].length ?? 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c, at });
      i++;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new Error(`unexpected '${c}' at ${i}: ${source}`);
      tokens.push({ type: 'op', text: op, at });
      i += op.length;
    }
  }
  return tokens;
}

export function parse(source: string): Node {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    throw new Error(`${what} at ${peek()?.at ?? source.length}: ${source}`);
  };
  const expect = (text: string) => {
    if (peek()?.text !== text) fail(`expected '${text}'`);
    pos++;
  };
  const word = (w: string) => peek()?.type === 'word' && peek()?.text === w;

  const or = (): Node => {
    let left = and();
    while (word('OR')) {
      pos++;
      left = { kind: 'binary', op: 'OR', left, right: and() };
    }
    return left;
  };
  const and = (): Node => {
    let left = not();
    while (word('AND')) {
      pos++;
      left = { kind: 'binary', op: 'AND', left, right: not() };
    }
    return left;
  };
  const not = (): Node => {
    if (word('NOT')) {
      pos++;
      return { kind: 'not', arg: not() };
    }
    return comparison();
  };
  const comparison = (): Node => {
    const left = concat();
    const t = peek();
    if (t?.type === 'op' && ['==', '=', '!=', '<', '>', '<=', '>='].includes(t.text)) {
      pos++;
      return { kind: 'binary', op: t.text === '=' ? '==' : t.text, left, right: concat() };
    }
    return left;
  };
  /** One precedence level of left-associative binary operators over the next level. */
  const level =
    (ops: string[], next: () => Node) =>
    (): Node => {
      let left = next();
      while (peek()?.type === 'op' && ops.includes(peek()?.text ?? '')) {
        const op = peek()?.text ?? '';
        pos++;
        left = { kind: 'binary', op, left, right: next() };
      }
      return left;
    };
  const product = level(['*', '/', '%'], () => primary());
  const concat = level(['.', '+', '-'], product);
  const primary = (): Node => {
    const t = peek();
    if (!t) return fail('unexpected end');
    pos++;
    if (t.type === 'string') return { kind: 'string', value: t.text };
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type === 'field') return { kind: 'field', name: t.text };
    if (t.type === 'punct' && t.text === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.type === 'word') {
      if (peek()?.text !== '(') return { kind: 'field', name: t.text };
      pos++;
      const args: Node[] = [];
      if (peek()?.text !== ')') {
        args.push(or());
        while (peek()?.text === ',') {
          pos++;
          args.push(or());
        }
      }
      expect(')');
      return { kind: 'call', name: t.text, args };
    }
    return fail(`unexpected '${t.text}'`);
  };

  const tree = or();
  if (pos < tokens.length) fail(`unexpected '${peek()?.text}'`);
  return tree;
}

/** Every field an expression reads (function names and string literals excluded), in order of appearance. */
export function fieldsOf(node: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.kind === 'field') out.push(n.name);
    else if (n.kind === 'call') n.args.forEach(walk);
    else if (n.kind === 'not') walk(n.arg);
    else if (n.kind === 'binary') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return [...new Set(out)];
}

/** Field name → its values, as KV_MODE=json extracts them (see kv-json.ts). */
export type FieldValues = ReadonlyMap<string, readonly string[]>;

const single = (values: readonly string[] | undefined): Value =>
  !values || values.length === 0 ? null : values.length === 1 ? (values[0] ?? null) : [...values];

const fromList = (values: string[]): Value => (values.length === 0 ? null : values.length === 1 ? (values[0] ?? null) : values);

function scalar(v: Value, what: string): string | number | boolean | null {
  if (Array.isArray(v)) throw new Error(`${what} of a multivalue field is not modelled by this test helper`);
  return v;
}

const text = (v: string | number | boolean): string => (typeof v === 'string' ? v : String(v));
const truthy = (v: Value): boolean => v === true;

/** Splunk's regular expressions are PCRE; the ones props.conf uses mean the same in JavaScript. */
const jsRegex = (pattern: string) => new RegExp(pattern);

function mapValues(v: Value, fn: (s: string) => string): Value {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(fn);
  return fn(text(v));
}

export function evaluate(node: Node, fields: FieldValues): Value {
  const ev = (n: Node): Value => evaluate(n, fields);
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'number':
      return node.value;
    case 'field':
      return single(fields.get(node.name));
    case 'not':
      return !truthy(ev(node.arg));
    case 'binary': {
      if (node.op === 'AND') return truthy(ev(node.left)) && truthy(ev(node.right));
      if (node.op === 'OR') return truthy(ev(node.left)) || truthy(ev(node.right));
      const l = scalar(ev(node.left), `'${node.op}'`);
      const r = scalar(ev(node.right), `'${node.op}'`);
      if (node.op === '.') return l === null || r === null ? null : text(l) + text(r);
      if (node.op === '+') {
        if (l === null || r === null) return null;
        return typeof l === 'number' && typeof r === 'number' ? l + r : text(l) + text(r);
      }
      if (node.op === '-' || node.op === '*' || node.op === '/' || node.op === '%') {
        // Arithmetic on text that reads as a number (Splunk's field values are text); null if either side is not.
        if (l === null || r === null) return null;
        const [a, b] = [Number(l), Number(r)];
        if (Number.isNaN(a) || Number.isNaN(b)) return null;
        return node.op === '-' ? a - b : node.op === '*' ? a * b : node.op === '/' ? a / b : a % b;
      }
      if (l === null || r === null) return false;
      const [a, b] = typeof l === 'number' || typeof r === 'number' ? [Number(l), Number(r)] : [text(l), text(r)];
      switch (node.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '<=':
          return a <= b;
        case '>=':
          return a >= b;
      }
      throw new Error(`operator ${node.op} is not modelled`);
    }
    case 'call':
      return call(node, fields);
  }
}

function call(node: Extract<Node, { kind: 'call' }>, fields: FieldValues): Value {
  const { name, args } = node;
  const ev = (n: Node | undefined): Value => {
    if (!n) throw new Error(`${name}(): missing argument`);
    return evaluate(n, fields);
  };
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) throw new Error(`${name}() takes ${min === max ? min : `${min}-${max}`} arguments, got ${args.length}`);
  };
  switch (name) {
    case 'true':
      arity(0);
      return true;
    case 'false':
      arity(0);
      return false;
    case 'null':
      arity(0);
      return null;
    case 'if':
      arity(3);
      return truthy(ev(args[0])) ? ev(args[1]) : ev(args[2]);
    case 'case': {
      if (args.length === 0 || args.length % 2 !== 0) throw new Error('case() takes condition, value pairs');
      for (let i = 0; i < args.length; i += 2) if (truthy(ev(args[i]))) return ev(args[i + 1]);
      return null;
    }
    case 'coalesce': {
      if (args.length === 0) throw new Error('coalesce() needs arguments');
      for (const a of args) {
        const v = ev(a);
        if (v !== null) return v;
      }
      return null;
    }
    case 'nullif': {
      arity(2);
      const a = scalar(ev(args[0]), 'nullif()');
      const b = scalar(ev(args[1]), 'nullif()');
      return a !== null && b !== null && text(a) === text(b) ? null : a;
    }
    case 'isnull':
      arity(1);
      return ev(args[0]) === null;
    case 'isnotnull':
      arity(1);
      return ev(args[0]) !== null;
    case 'lower':
      arity(1);
      return mapValues(ev(args[0]), (s) => s.toLowerCase());
    case 'in': {
      if (args.length < 2) throw new Error('in() needs a value and a list');
      const v = scalar(ev(args[0]), 'in()');
      if (v === null) return false;
      return args.slice(1).some((a) => {
        const item = scalar(ev(a), 'in()');
        return item !== null && text(item) === text(v);
      });
    }
    case 'mvcount': {
      arity(1);
      const v = ev(args[0]);
      return v === null ? null : Array.isArray(v) ? v.length : 1;
    }
    case 'mvdedup': {
      arity(1);
      const v = ev(args[0]);
      return Array.isArray(v) ? fromList([...new Set(v)]) : v;
    }
    case 'mvindex': {
      arity(2);
      const v = ev(args[0]);
      const i = Number(scalar(ev(args[1]), 'mvindex()'));
      const list = v === null ? [] : Array.isArray(v) ? v : [text(v)];
      return list.at(i) ?? null;
    }
    case 'mvfilter': {
      arity(1);
      const predicate = args[0] as Node;
      const refs = fieldsOf(predicate);
      if (refs.length !== 1) throw new Error(`mvfilter() predicates name exactly one field (Splunk's rule), got ${refs.join(', ') || 'none'}`);
      const field = refs[0] as string;
      const kept = (fields.get(field) ?? []).filter((one) => truthy(evaluate(predicate, new Map([[field, [one]]]))));
      return fromList(kept);
    }
    case 'replace': {
      arity(3);
      const pattern = scalar(ev(args[1]), 'replace()');
      const replacement = scalar(ev(args[2]), 'replace()');
      if (pattern === null || replacement === null) return null;
      // Splunk writes back-references as \1; JavaScript as $1.
      const js = text(replacement).replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
      // Splunk substitutes every match ("for every occurrence of regex string Y").
      return mapValues(ev(args[0]), (s) => s.replace(new RegExp(text(pattern), 'g'), js));
    }
    case 'match': {
      arity(2);
      const v = scalar(ev(args[0]), 'match()');
      const pattern = scalar(ev(args[1]), 'match()');
      return v === null || pattern === null ? false : jsRegex(text(pattern)).test(text(v));
    }
    default:
      throw new Error(`eval function ${name}() is not modelled by this test helper: model it (per Splunk's docs) or avoid it`);
  }
}

/** Evaluates an eval expression's source text. */
export function evalText(source: string, fields: FieldValues): Value {
  return evaluate(parse(source), fields);
}
