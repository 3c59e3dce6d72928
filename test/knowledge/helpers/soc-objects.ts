// TEST HELPER: the SOC knowledge objects as Splunk reads them from the app: macros, the KV store lookup,
// saved searches, and the Dashboard Studio views (their JSON definition and every ds.search query).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confToObject, parseConf } from '../../../src/splunk/conf-file';
import { repoRoot } from '../../helpers/shared';
import { kvJson } from './kv-json';
import { mappingOf, producedFields, readProps } from './props';
import { logEvents, socEventRecords } from './soc-events';
import type { PipelineContext } from './spl-fields';

export const conf = (name: string): Record<string, Record<string, string>> =>
  confToObject(parseConf(readFileSync(join(repoRoot, 'default', `${name}.conf`), 'utf8')));

export interface StudioDashboard {
  name: string;
  xml: string;
  definition: {
    title?: string;
    visualizations: Record<string, { type: string; title?: string; dataSources?: Record<string, string>; options?: Record<string, unknown>; context?: Record<string, unknown> }>;
    dataSources: Record<string, { type: string; name?: string; options?: { query?: string; queryParameters?: Record<string, string> } }>;
    inputs?: Record<string, { type: string; options?: Record<string, unknown> }>;
    layout: { type: string; structure: Array<{ item: string; type: string; position: Record<string, number> }>; globalInputs?: string[] };
  };
}

const VIEWS = join(repoRoot, 'default', 'data', 'ui', 'views');

/** `<dashboard version="2">` views: the JSON inside <definition><![CDATA[…]]></definition>. */
export function studioDashboards(): StudioDashboard[] {
  return readdirSync(VIEWS)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => ({ name: f.slice(0, -4), xml: readFileSync(join(VIEWS, f), 'utf8') }))
    .filter((v) => /<dashboard\s[^>]*version="2"/.test(v.xml))
    .map((v) => {
      const json = /<definition><!\[CDATA\[([\s\S]*?)\]\]><\/definition>/.exec(v.xml)?.[1];
      if (json === undefined) throw new Error(`${v.name}: no <definition><![CDATA[…]]></definition>`);
      return { ...v, definition: JSON.parse(json) as StudioDashboard['definition'] };
    });
}

/** Every search the SOC features run: saved searches and dashboard panels, by a readable name. */
export function socSearches(): Array<{ name: string; spl: string }> {
  const saved = Object.entries(conf('savedsearches'))
    .filter(([name, s]) => name !== 'default' && s.search)
    .map(([name, s]) => ({ name: `saved search "${name}"`, spl: s.search as string }));
  const panels = studioDashboards().flatMap((d) =>
    Object.entries(d.definition.dataSources)
      .filter(([, ds]) => ds.type === 'ds.search')
      .map(([id, ds]) => ({ name: `${d.name} ${id}`, spl: ds.options?.query ?? '' })),
  );
  return [...saved, ...panels];
}

export function pipelineContext(): PipelineContext {
  const props = readProps();
  const records = socEventRecords();
  const logFields = new Set(logEvents().flatMap((e) => [...e.fields.keys()]));
  const macros = Object.fromEntries(Object.entries(conf('macros')).map(([k, v]) => [k, v.definition ?? '']));
  const lookups = Object.fromEntries(
    Object.entries(conf('transforms'))
      .filter(([, t]) => t.fields_list)
      .map(([name, t]) => [name, { fields: (t.fields_list as string).split(',').map((f) => f.trim()) }]),
  );
  return {
    macros,
    lookups,
    baseFields: ({ sourcetypes, index }) => {
      if (index === '_internal') return logFields;
      const types = sourcetypes.length > 0 ? sourcetypes : Object.keys(records);
      const out = new Set<string>();
      for (const st of types) {
        for (const r of records[st] ?? []) for (const k of kvJson(r).keys()) out.add(k);
        if (props[st]) for (const f of producedFields(mappingOf(props[st]))) out.add(f);
      }
      return out;
    },
  };
}
