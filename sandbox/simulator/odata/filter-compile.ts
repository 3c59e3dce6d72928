// Checks a parsed $filter against a record type and turns it into a predicate over a record's
// filterable fields, plus the time ranges the store can answer by binary search.
import { isEvolvable, presentEnum, type GraphEnum } from '../data/enums';
import type { Ticks } from '../time';
import { FilterError, type FilterNode, type Literal, type Operator } from './filter';

export type FieldKind = 'datetime' | 'enum' | 'string' | 'number';

export interface FieldSpec {
  kind: FieldKind;
  /** Enum members (exact spelling); literals are matched case-insensitively to them. */
  members?: readonly string[];
  /** Graph enum, for the Prefer-header rules on evolvable members. */
  graphEnum?: GraphEnum;
}

export interface FilterSchema {
  /** e.g. `microsoft.graph.security.incident`, used in error messages. */
  typeName: string;
  filterable: Readonly<Record<string, FieldSpec>>;
  /** Every property of the type: a known but non-filterable one gets a different message. */
  properties: readonly string[];
}

/** A record's filterable values: datetime fields as ticks, the rest as serialised. */
export type Fields = Readonly<Record<string, unknown>>;

export interface TimeRange {
  lo: Ticks;
  loInclusive: boolean;
  hi: Ticks;
  hiInclusive: boolean;
}

export interface CompiledFilter {
  matches: (f: Fields) => boolean;
  /** What is left after the top-level time ranges; null when the ranges say everything. */
  residual: ((f: Fields) => boolean) | null;
  /** Top-level AND-ed ranges per datetime field (an `or` at the top yields none). */
  ranges: ReadonlyMap<string, TimeRange>;
}

const OP_NAMES: Record<Operator, string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual',
};

function edmType(spec: FieldSpec, schema: FilterSchema): string {
  if (spec.kind === 'datetime') return 'Edm.DateTimeOffset';
  if (spec.kind === 'number') return 'Edm.Int64';
  if (spec.kind === 'enum' && spec.graphEnum) return `${schema.typeName.replace(/\.[^.]+$/, '')}.${spec.graphEnum.name}`;
  return 'Edm.String';
}

function literalType(lit: Literal): string {
  switch (lit.kind) {
    case 'string': return 'Edm.String';
    case 'datetime': return 'Edm.DateTimeOffset';
    case 'number': return Number.isInteger(lit.value) ? 'Edm.Int32' : 'Edm.Decimal';
    case 'bool': return 'Edm.Boolean';
    case 'null': return 'null';
  }
}

function compare(a: number | string, b: number | string, op: Operator): boolean {
  switch (op) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'lt': return a < b;
    case 'le': return a <= b;
  }
}

function resolveField(name: string, schema: FilterSchema): [string, FieldSpec] {
  const lower = name.toLowerCase();
  for (const [key, spec] of Object.entries(schema.filterable)) {
    if (key.toLowerCase() === lower) return [key, spec];
  }
  if (schema.properties.some((p) => p.toLowerCase() === lower)) {
    throw new FilterError(`The property '${name}' cannot be used in the $filter query option. Filterable properties: ${Object.keys(schema.filterable).join(', ')}.`);
  }
  throw new FilterError(`Could not find a property named '${name}' on type '${schema.typeName}'.`);
}

type Leaf = { field: string; op: Operator; test: (f: Fields) => boolean; range?: TimeRange };

function compileLeaf(node: Extract<FilterNode, { type: 'cmp' }>, schema: FilterSchema, includeUnknown: boolean): Leaf {
  const [field, spec] = resolveField(node.field, schema);
  const { op, literal } = node;
  const incompatible = (): FilterError => new FilterError(
    `A binary operator with incompatible types was detected. Found operand types '${edmType(spec, schema)}' and '${literalType(literal)}' for operator kind '${OP_NAMES[op]}'.`,
  );

  if (literal.kind === 'null') {
    if (op !== 'eq' && op !== 'ne') throw incompatible();
    return { field, op, test: (f) => (f[field] === null || f[field] === undefined) === (op === 'eq') };
  }

  if (spec.kind === 'datetime') {
    if (literal.kind !== 'datetime') throw incompatible();
    const t = literal.ticks;
    const range: TimeRange | undefined = op === 'ne' ? undefined : {
      lo: op === 'gt' || op === 'ge' || op === 'eq' ? t : -Infinity,
      loInclusive: op !== 'gt',
      hi: op === 'lt' || op === 'le' || op === 'eq' ? t : Infinity,
      hiInclusive: op !== 'lt',
    };
    return { field, op, range, test: (f) => typeof f[field] === 'number' && compare(f[field] as number, t, op) };
  }

  if (spec.kind === 'number') {
    if (literal.kind !== 'number') throw incompatible();
    const v = literal.value;
    return { field, op, test: (f) => typeof f[field] === 'number' && compare(f[field] as number, v, op) };
  }

  if (literal.kind !== 'string') throw incompatible();

  if (spec.kind === 'enum') {
    const members = spec.members ?? [];
    const member = members.find((m) => m.toLowerCase() === literal.value.toLowerCase());
    if (member === undefined) {
      throw new FilterError(`The string '${literal.value}' is not a valid enumeration type constant for '${field}'. Valid values: ${members.join(', ')}.`);
    }
    const ge = spec.graphEnum;
    if (ge && !includeUnknown && isEvolvable(ge, member)) {
      throw new FilterError(`The value '${member}' of '${field}' is an evolvable enumeration member; send the request header 'Prefer: include-unknown-enum-members' to filter on it.`);
    }
    const rank = (v: string): number => members.indexOf(v);
    const target = rank(member);
    return {
      field, op,
      test: (f) => {
        const raw = f[field];
        if (typeof raw !== 'string') return false;
        const seen = ge ? presentEnum(ge, raw, includeUnknown) ?? raw : raw;
        return op === 'eq' || op === 'ne' ? compare(seen, member, op) : compare(rank(seen), target, op);
      },
    };
  }

  const v = literal.value;
  return { field, op, test: (f) => typeof f[field] === 'string' && compare(f[field] as string, v, op) };
}

function intersect(a: TimeRange, b: TimeRange): TimeRange {
  const lo = a.lo > b.lo ? a : b.lo > a.lo ? b : { lo: a.lo, loInclusive: a.loInclusive && b.loInclusive };
  const hi = a.hi < b.hi ? a : b.hi < a.hi ? b : { hi: a.hi, hiInclusive: a.hiInclusive && b.hiInclusive };
  return { lo: lo.lo, loInclusive: lo.loInclusive, hi: hi.hi, hiInclusive: hi.hiInclusive };
}

/** Validates `node` against `schema` and compiles it. Throws FilterError on a bad clause. */
export function compileFilter(node: FilterNode, schema: FilterSchema, includeUnknown: boolean): CompiledFilter {
  const build = (n: FilterNode): ((f: Fields) => boolean) => {
    if (n.type === 'cmp') return compileLeaf(n, schema, includeUnknown).test;
    const l = build(n.left), r = build(n.right);
    return n.type === 'and' ? (f) => l(f) && r(f) : (f) => l(f) || r(f);
  };
  const matches = build(node);

  // Split the top-level AND chain into time ranges (store-indexed) and the residual rest.
  const conjuncts: FilterNode[] = [];
  const flatten = (n: FilterNode): void => {
    if (n.type === 'and') { flatten(n.left); flatten(n.right); } else conjuncts.push(n);
  };
  flatten(node);
  const ranges = new Map<string, TimeRange>();
  const rest: ((f: Fields) => boolean)[] = [];
  for (const c of conjuncts) {
    if (c.type === 'cmp') {
      const leaf = compileLeaf(c, schema, includeUnknown);
      if (leaf.range) {
        const prev = ranges.get(leaf.field);
        ranges.set(leaf.field, prev ? intersect(prev, leaf.range) : leaf.range);
        continue;
      }
      rest.push(leaf.test);
    } else {
      rest.push(build(c));
    }
  }
  const residual = rest.length === 0 ? null : (f: Fields) => rest.every((t) => t(f));
  return { matches, residual, ranges };
}
