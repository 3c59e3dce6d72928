// TEST HELPER: default/props.conf read as Splunk applies it at search time: per sourcetype stanza its
// FIELDALIAS-<class> pairs and EVAL-<field> expressions; FIELDALIAS runs first, then every EVAL in parallel
// against the same fields (an EVAL never sees another EVAL's result).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confToObject, parseConf } from '../../../src/splunk/conf-file';
import { repoRoot } from '../../helpers/shared';
import { evaluate, fieldsOf, parse, type FieldValues, type Node, type Value } from './spl-eval';

export interface FieldAlias {
  from: string;
  to: string;
  /** ASNEW keeps an existing destination field. */
  asNew: boolean;
}

export interface SearchTimeMapping {
  aliases: FieldAlias[];
  evals: Array<{ field: string; source: string; tree: Node }>;
}

export type PropsConf = Record<string, Record<string, string>>;

export function readProps(path = join(repoRoot, 'default/props.conf')): PropsConf {
  return confToObject(parseConf(readFileSync(path, 'utf8')));
}

/** `a AS b c ASNEW d` → pairs; field names may be double-quoted. */
export function parseFieldAlias(value: string): FieldAlias[] {
  const tokens = value.match(/"[^"]*"|\S+/g) ?? [];
  const unquote = (t: string) => (t.startsWith('"') ? t.slice(1, -1) : t);
  const pairs: FieldAlias[] = [];
  for (let i = 0; i < tokens.length; i += 3) {
    const [from, as, to] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (!from || !to || !as || !/^as(new)?$/i.test(as)) throw new Error(`FIELDALIAS '${value}': expected '<field> AS <field>' pairs`);
    pairs.push({ from: unquote(from), to: unquote(to), asNew: /^asnew$/i.test(as) });
  }
  return pairs;
}

export function mappingOf(stanza: Record<string, string>): SearchTimeMapping {
  const aliases: FieldAlias[] = [];
  const evals: SearchTimeMapping['evals'] = [];
  for (const [key, value] of Object.entries(stanza)) {
    if (key.startsWith('FIELDALIAS-')) aliases.push(...parseFieldAlias(value));
    else if (key.startsWith('EVAL-')) evals.push({ field: key.slice('EVAL-'.length), source: value, tree: parse(value) });
  }
  return { aliases, evals };
}

/** Fields each operation reads: alias sources and every field named in an EVAL expression. */
export function referencedFields(mapping: SearchTimeMapping): string[] {
  return [...new Set([...mapping.aliases.map((a) => a.from), ...mapping.evals.flatMap((e) => fieldsOf(e.tree))])];
}

/** Fields the stanza produces (alias targets and EVAL fields). */
export const producedFields = (mapping: SearchTimeMapping): string[] => [
  ...new Set([...mapping.aliases.map((a) => a.to), ...mapping.evals.map((e) => e.field)]),
];

const asValues = (v: Value): string[] =>
  v === null ? [] : Array.isArray(v) ? v : [typeof v === 'string' ? v : String(v)];

/** The event's fields after FIELDALIAS, then EVAL (in parallel), as Splunk orders search-time operations. */
export function searchTimeFields(mapping: SearchTimeMapping, raw: FieldValues): Map<string, string[]> {
  const fields = new Map(raw as Map<string, string[]>);
  for (const a of mapping.aliases) {
    const v = raw.get(a.from);
    if (v && !(a.asNew && fields.has(a.to))) fields.set(a.to, [...v]);
  }
  const before = new Map(fields);
  for (const e of mapping.evals) {
    const values = asValues(evaluate(e.tree, before));
    if (values.length === 0) fields.delete(e.field);
    else fields.set(e.field, values);
  }
  return fields;
}

/** One field's value: null, a string, or the list of a multivalue field. */
export function valueOf(fields: FieldValues, name: string): string | string[] | null {
  const v = fields.get(name);
  return !v || v.length === 0 ? null : v.length === 1 ? (v[0] as string) : [...v];
}
