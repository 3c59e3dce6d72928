// TEST HELPER, not Splunk: follows the fields through an SPL pipeline, so a test can prove that every field a
// dashboard panel or saved search reads exists: in the events its base search retrieves (real records of the
// sourcetypes it names, with the fields props.conf creates), or created by an earlier command of the same
// pipeline (eval, stats, lookup, spath…). Macros are expanded from default/macros.conf. Only the commands the
// add-on's searches use are modelled; any other command throws, so a new one has to be modelled first.
import { fieldsOf, parse } from './spl-eval';

/** Fields of the events a base search retrieves, given the sourcetypes and index it names. */
export type BaseFields = (scope: { sourcetypes: string[]; index: string | undefined }) => Set<string>;

export interface Lookup {
  fields: string[];
}

export interface PipelineContext {
  macros: Record<string, string>;
  baseFields: BaseFields;
  lookups: Record<string, Lookup>;
}

export interface FieldProblem {
  command: string;
  message: string;
}

interface Flow {
  fields: Set<string>;
  /** Field → the JSON path its values hold (spath output), so `spath input=<field> path=p` can be checked. */
  json: Map<string, string>;
  /** After chart/timechart the columns depend on data: later references are not checked. */
  opaque: boolean;
}

// Fields every event has (Splunk's default fields).
const DEFAULT_FIELDS = ['_time', '_raw', '_indextime', 'host', 'source', 'sourcetype', 'index', 'eventtype', 'tag', 'splunk_server', 'linecount'];
// Fields tstats can aggregate or group by without a data model (indexed fields).
const INDEXED_FIELDS = new Set(['_time', '_indextime', 'host', 'source', 'sourcetype', 'index']);
const SEARCH_KEYWORDS = new Set(['index', 'sourcetype', 'source', 'host', 'earliest', 'latest', '_index_earliest', '_index_latest', 'eventtype', 'tag']);

export function expandMacros(spl: string, macros: Record<string, string>, depth = 0): string {
  if (depth > 10) throw new Error('macros nest more than 10 deep');
  const out = spl.replace(/`([A-Za-z0-9_]+)`/g, (_, name: string) => {
    const def = macros[name];
    if (def === undefined) throw new Error(`macro \`${name}\` is not defined in default/macros.conf`);
    return def;
  });
  return out === spl ? out : expandMacros(out, macros, depth + 1);
}

/** Splits on `sep` outside quotes, parentheses and brackets. */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      current += c;
      if (c === '\\' && i + 1 < text.length) current += text[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (depth === 0 && c === sep) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

const unquote = (s: string) => (/^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s);
/** Words of a command's arguments, quoted strings kept whole. */
const words = (text: string): string[] => text.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,]+/g) ?? [];
const options = (text: string): Record<string, string> =>
  Object.fromEntries([...text.matchAll(/(?:^|\s)([a-z_]+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map((m) => [m[1] as string, unquote(m[2] as string)]));

/** Field names compared in search terms: `name=`, `name!=`, `name IN (`… (quoted values blanked first). */
export function searchTermFields(terms: string): { fields: string[]; sourcetypes: string[]; index: string | undefined } {
  const sourcetypes: string[] = [];
  for (const m of terms.matchAll(/\bsourcetype\s*=\s*("([^"]*)"|\S+)/g)) sourcetypes.push(m[2] ?? (m[1] as string));
  for (const m of terms.matchAll(/\bsourcetype\s+IN\s*\(([^)]*)\)/g)) sourcetypes.push(...words(m[1] as string).map(unquote));
  const index = /\bindex\s*=\s*"?([\w*-]+)"?/.exec(terms)?.[1];
  const blank = terms.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const fields = [...blank.matchAll(/(?:^|[\s(])([A-Za-z_][\w.{}@]*)\s*(?:!=|<=|>=|=|<|>|\s+IN\s*\()/g)].map((m) => m[1] as string).filter((f) => !SEARCH_KEYWORDS.has(f));
  return { fields, sourcetypes, index };
}

/** Aggregations `fn(arg) [AS name]`, `count [AS name]`, `fn(eval(expr)) AS name`, then `BY a b`. */
function aggregations(text: string): { reads: string[]; outputs: string[]; by: string[] } {
  const [aggText = '', byText = ''] = text.split(/\s+BY\s+/i);
  const reads: string[] = [];
  const outputs: string[] = [];
  const re = /([A-Za-z_]+)(?:\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\))?(?:\s+AS\s+("[^"]+"|[\w.]+))?/gi;
  for (const m of aggText.matchAll(re)) {
    const [whole, fn, arg, alias] = m;
    if (!whole || /^(current|window|global|reset_on_change|allnum|span|limit|useother|usenull)$/i.test(fn ?? '')) continue;
    if (whole.includes('=')) continue;
    if (arg !== undefined) {
      const evalArg = /^eval\((.*)\)$/s.exec(arg.trim());
      if (evalArg) reads.push(...fieldsOf(parse(evalArg[1] as string)));
      else reads.push(arg.trim());
    }
    outputs.push(alias ? unquote(alias) : arg !== undefined ? `${fn}(${arg})` : (fn as string));
  }
  return { reads, outputs, by: words(byText).map(unquote) };
}

export function checkPipeline(spl: string, ctx: PipelineContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  run(expandMacros(spl, ctx.macros), ctx, problems);
  return problems;
}

function run(spl: string, ctx: PipelineContext, problems: FieldProblem[]): Flow {
  const segments = splitTopLevel(spl.replace(/\\\n/g, '\n'), '|');
  let flow: Flow = { fields: new Set(), json: new Map(), opaque: false };
  let first = true;
  for (const raw of segments) {
    const segment = raw.trim();
    if (first && segment === '') continue; // a leading `|`: the next command generates
    const [, name = '', args = ''] = /^(\S+)\s*([\s\S]*)$/.exec(segment) ?? [];
    const command = first && !/^(inputlookup|tstats|search)$/.test(name) ? 'search' : name;
    const rest = first && command === 'search' && name !== 'search' ? segment : args;
    flow = step(command, rest, flow, ctx, problems, segment, first);
    first = false;
  }
  return flow;
}

function step(command: string, args: string, flow: Flow, ctx: PipelineContext, problems: FieldProblem[], segment: string, first: boolean): Flow {
  const fields = new Set(flow.fields);
  const json = new Map(flow.json);
  const need = (names: Iterable<string>) => {
    if (flow.opaque && !first) return;
    for (const n of names) {
      if (n === '*' || n.includes('*')) continue;
      if (!fields.has(n)) problems.push({ command: segment.slice(0, 80), message: `field '${n}' does not exist here (neither in the events nor created earlier in the pipeline)` });
    }
  };
  const lookupOf = (name: string): Lookup | undefined => {
    const l = ctx.lookups[name];
    if (!l) problems.push({ command: segment.slice(0, 80), message: `lookup '${name}' is not defined in transforms.conf` });
    return l;
  };
  const next = (f: Set<string> = fields, opaque = flow.opaque): Flow => ({ fields: f, json, opaque });

  switch (command) {
    case 'search': {
      const terms = searchTermFields(args);
      if (first) {
        const base = ctx.baseFields({ sourcetypes: terms.sourcetypes, index: terms.index });
        for (const f of [...DEFAULT_FIELDS, ...base]) fields.add(f);
      }
      need(terms.fields);
      return next();
    }
    case 'where':
      need(fieldsOf(parse(args)));
      return next();
    case 'eval': {
      for (const assignment of splitTopLevel(args, ',')) {
        const m = /^\s*('[^']+'|"[^"]+"|[\w.]+)\s*=(?!=)([\s\S]*)$/.exec(assignment);
        if (!m) throw new Error(`eval assignment not understood: ${assignment}`);
        need(fieldsOf(parse(m[2] as string)));
        fields.add(unquote(m[1] as string));
      }
      return next();
    }
    case 'stats':
    case 'eventstats':
    case 'streamstats': {
      const a = aggregations(args);
      need([...a.reads, ...a.by]);
      if (command === 'stats') return next(new Set([...a.outputs, ...a.by]), false);
      for (const o of a.outputs) fields.add(o);
      return next();
    }
    case 'chart': {
      const [aggText = '', over = ''] = args.split(/\s+OVER\s+/i);
      const [overField = '', by = ''] = over.split(/\s+BY\s+/i);
      const a = aggregations(aggText);
      need([...a.reads, overField.trim(), ...words(by)]);
      return next(new Set([overField.trim()]), true);
    }
    case 'timechart': {
      const a = aggregations(args.replace(/\b(span|limit|useother|usenull)=\S+/g, ''));
      need([...a.reads, ...a.by]);
      return next(new Set(['_time', ...a.outputs]), true);
    }
    case 'table': {
      const listed = words(args).map(unquote);
      need(listed);
      return next(new Set(listed));
    }
    case 'fields': {
      const listed = words(args.replace(/^\s*[-+]\s*/, '')).map(unquote);
      need(listed);
      if (/^\s*-/.test(args)) return next(new Set([...fields].filter((f) => !listed.some((l) => new RegExp(`^${l.replace(/\*/g, '.*')}$`).test(f)))));
      return next(new Set(listed));
    }
    case 'rename': {
      for (const m of args.matchAll(/("[^"]+"|[\w.]+)\s+AS\s+("[^"]+"|[\w.]+)/gi)) {
        const [from, to] = [unquote(m[1] as string), unquote(m[2] as string)];
        need([from]);
        fields.delete(from);
        fields.add(to);
      }
      return next();
    }
    case 'sort':
      need(words(args).map((w) => w.replace(/^[-+]/, '').replace(/^(num|str|ip|auto)\((.*)\)$/, '$2')).filter((w) => w && !/^\d+$/.test(w) && w !== '-' && w !== '+'));
      return next();
    case 'dedup': {
      const [keys = '', sortby = ''] = args.split(/\s+sortby\s+/i);
      need([...words(keys).filter((w) => !/^\d+$/.test(w) && !w.includes('=')), ...words(sortby).map((w) => w.replace(/^[-+]/, ''))]);
      return next();
    }
    case 'head':
    case 'tail':
    case 'reverse':
      return next();
    case 'mvexpand':
      need([words(args)[0] ?? '']);
      return next();
    case 'spath': {
      const o = options(args);
      const path = o.path ?? '';
      const output = o.output ?? path;
      if (o.input) {
        need([o.input]);
        const holds = json.get(o.input);
        if (holds === undefined) problems.push({ command: segment.slice(0, 80), message: `spath input=${o.input}: the test cannot tell which JSON that field holds` });
        else if (![...flow.fields].some((f) => f === `${holds}.${path}` || f.startsWith(`${holds}.${path}.`) || f.startsWith(`${holds}.${path}{}`)))
          problems.push({ command: segment.slice(0, 80), message: `spath path=${path}: no event has ${holds}.${path}` });
      } else if (![...fields].some((f) => f === path || f.startsWith(`${path}.`))) {
        problems.push({ command: segment.slice(0, 80), message: `spath path=${path}: no event has fields under ${path}` });
      }
      fields.add(output);
      json.set(output, o.input && json.has(o.input) ? `${json.get(o.input)}.${path}` : path);
      return next();
    }
    case 'lookup': {
      const m = /^(\S+)\s+([\s\S]*?)\s+(OUTPUTNEW|OUTPUT)\s+([\s\S]*)$/i.exec(args.trim());
      if (!m) throw new Error(`lookup not understood: ${args}`);
      const lookup = lookupOf(m[1] as string);
      const inputs = [...(m[2] as string).matchAll(/(\S+)(?:\s+AS\s+(\S+))?/gi)];
      for (const i of inputs) {
        if (lookup && !lookup.fields.includes(i[1] as string)) problems.push({ command: segment.slice(0, 80), message: `lookup field '${i[1]}' is not in its fields_list` });
        need([i[2] ?? (i[1] as string)]);
      }
      for (const o of (m[4] as string).matchAll(/(\S+)(?:\s+AS\s+(\S+))?/gi)) {
        if (/^AS$/i.test(o[1] as string)) continue;
        if (lookup && !lookup.fields.includes(o[1] as string)) problems.push({ command: segment.slice(0, 80), message: `lookup output '${o[1]}' is not in its fields_list` });
        fields.add(o[2] ?? (o[1] as string));
      }
      return next();
    }
    case 'inputlookup': {
      const m = /^(?:append=\S+\s+)?(\S+)(?:\s+where\s+([\s\S]*))?$/i.exec(args.trim());
      const lookup = lookupOf(m?.[1] ?? '');
      const own = new Set(lookup?.fields ?? []);
      const where = searchTermFields(m?.[2] ?? '').fields.filter((f) => !own.has(f));
      for (const f of where) problems.push({ command: segment.slice(0, 80), message: `inputlookup where: '${f}' is not a field of the lookup` });
      if (first) return next(own, false);
      for (const f of own) fields.add(f);
      return next();
    }
    case 'outputlookup': {
      const name = words(args).filter((w) => !w.includes('=')).at(-1) ?? '';
      const lookup = lookupOf(name);
      if (lookup && !flow.opaque) for (const f of fields) if (!lookup.fields.includes(f)) problems.push({ command: segment.slice(0, 80), message: `outputlookup would write '${f}', which is not in the lookup's fields_list` });
      return next();
    }
    case 'join':
    case 'append': {
      const sub = /\[([\s\S]*)\]\s*$/.exec(args);
      if (!sub) throw new Error(`${command} without a subsearch: ${args}`);
      const inner = run(sub[1] as string, ctx, problems);
      if (command === 'join') {
        const keys = words(args.slice(0, sub.index)).filter((w) => !w.includes('='));
        need(keys);
        for (const k of keys) if (!inner.fields.has(k)) problems.push({ command: segment.slice(0, 80), message: `join key '${k}' is not a field of the subsearch` });
      }
      for (const f of inner.fields) fields.add(f);
      return next();
    }
    case 'tstats': {
      const [aggText = '', rest = ''] = args.split(/\s+WHERE\s+/i);
      const by = rest.split(/\s+BY\s+/i)[1] ?? '';
      const a = aggregations(aggText);
      for (const f of [...a.reads, ...words(by)]) if (!INDEXED_FIELDS.has(f)) problems.push({ command: segment.slice(0, 80), message: `tstats can only read indexed fields; '${f}' is not one` });
      return next(new Set([...a.outputs, ...words(by)]), false);
    }
    default:
      throw new Error(`SPL command '${command}' is not modelled by this test helper: model it here first (${segment.slice(0, 60)})`);
  }
}
