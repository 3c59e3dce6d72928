// OData system query options of a list request ($filter $top $skip $count $orderby $expand
// $select), checked against what the API supports, with ODataLib-style messages.
import { parseFilter, type FilterNode } from './filter';

export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(message: string, readonly kind: 'invalid' | 'unsupported' = 'invalid') {
    super(message);
  }
}

export interface QueryRules {
  typeName: string;
  properties: readonly string[];
  /** System options this endpoint accepts, e.g. ['$filter', '$top']. */
  allowed: readonly string[];
  maxTop: number;
  orderable?: readonly string[];
  expandable?: readonly string[];
}

export interface ListQuery {
  filter?: FilterNode;
  top?: number;
  skip: number;
  count: boolean;
  orderby?: { field: string; desc: boolean };
  expand: string[];
  select?: string[];
}

function nonNegative(option: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw new QueryError(`Invalid value '${value}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`);
  }
  return Number(value);
}

/** Reads the system query options; throws QueryError with the message the API should answer. */
export function parseListQuery(params: URLSearchParams, rules: QueryRules): ListQuery {
  const seen = new Map<string, string>();
  for (const [rawKey, value] of params) {
    if (!rawKey.startsWith('$')) continue; // custom options are ignored, as OData services do
    const key = rawKey.toLowerCase();
    if (seen.has(key)) throw new QueryError(`Query option '${rawKey}' was specified more than once, but it must be specified at most once.`);
    const allowed = rules.allowed.find((a) => a.toLowerCase() === key);
    if (!allowed) throw new QueryError(`The query option '${rawKey}' is not supported on this resource. Supported: ${rules.allowed.join(', ')}.`, 'unsupported');
    seen.set(key, value);
  }
  const q: ListQuery = { skip: 0, count: false, expand: [] };
  const filter = seen.get('$filter');
  if (filter !== undefined) q.filter = parseFilter(filter);
  const top = seen.get('$top');
  if (top !== undefined) {
    q.top = nonNegative('$top', top);
    if (q.top > rules.maxTop) {
      throw new QueryError(`The limit of '${rules.maxTop}' for Top query has been exceeded. The value from the incoming request is '${top}'.`);
    }
  }
  const skip = seen.get('$skip');
  if (skip !== undefined) q.skip = nonNegative('$skip', skip);
  const count = seen.get('$count');
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false') throw new QueryError(`'${count}' is not a valid count option.`);
    q.count = count === 'true';
  }
  const orderby = seen.get('$orderby');
  if (orderby !== undefined) {
    const m = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
    const field = m && rules.orderable?.find((o) => o.toLowerCase() === (m[1] as string).toLowerCase());
    if (!m || !field) {
      if (m && !rules.properties.some((p) => p.toLowerCase() === (m[1] as string).toLowerCase())) {
        throw new QueryError(`Could not find a property named '${m[1]}' on type '${rules.typeName}'.`);
      }
      throw new QueryError(`The $orderby expression '${orderby}' is not supported. Order by one of ${(rules.orderable ?? []).join(', ')}, asc or desc.`);
    }
    q.orderby = { field, desc: (m[2] ?? 'asc').toLowerCase() === 'desc' };
  }
  const expand = seen.get('$expand');
  if (expand !== undefined) {
    for (const item of expand.split(',').map((s) => s.trim()).filter(Boolean)) {
      const name = rules.expandable?.find((e) => e.toLowerCase() === item.toLowerCase());
      if (!name) {
        if (rules.properties.some((p) => p.toLowerCase() === item.toLowerCase())) {
          throw new QueryError(`Property '${item}' on type '${rules.typeName}' is not a navigation property or complex property. Only navigation properties can be expanded.`);
        }
        throw new QueryError(`Could not find a property named '${item}' on type '${rules.typeName}'.`);
      }
      q.expand.push(name);
    }
  }
  const select = seen.get('$select');
  if (select !== undefined) {
    q.select = [];
    for (const item of select.split(',').map((s) => s.trim()).filter(Boolean)) {
      const name = rules.properties.find((p) => p.toLowerCase() === item.toLowerCase());
      if (!name) throw new QueryError(`Could not find a property named '${item}' on type '${rules.typeName}'.`);
      q.select.push(name);
    }
  }
  return q;
}

/** The same URL with `$skip` set: the nextLink shape Graph uses (other options kept). */
export function nextLinkFor(base: string, params: URLSearchParams, skip: number): string {
  const parts: string[] = [];
  for (const [k, v] of params) {
    if (k.toLowerCase() === '$skip') continue;
    parts.push(`${k.startsWith('$') ? k : encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  parts.push(`$skip=${skip}`);
  return `${base}?${parts.join('&')}`;
}
