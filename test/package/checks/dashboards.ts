// Views: Dashboard Studio definitions that Splunk can load (the JSON inside <definition> of a
// <dashboard version="2"> view, with every reference resolved), and a nav that shows every view and names
// only views that exist. Splunk rejects a Studio view whose JSON does not parse, and renders an empty panel
// for a visualization whose data source is missing; a view missing from the nav is unreachable for users.
import { XMLParser } from 'fast-xml-parser';
import { appPath, fileText, type PackageTree } from './model';
import type { Finding, PackageCheck } from './types';

const VIEWS_DIR = 'default/data/ui/views/';
const NAV = 'default/data/ui/nav/default.xml';

// Dashboard Studio's visualization and data source types (Splunk 9.x Dashboard Studio reference).
export const STUDIO_VISUALIZATIONS = new Set([
  'splunk.area', 'splunk.bar', 'splunk.bubble', 'splunk.choropleth.svg', 'splunk.column', 'splunk.ellipse', 'splunk.events',
  'splunk.fillergauge', 'splunk.image', 'splunk.line', 'splunk.linkgraph', 'splunk.map', 'splunk.markdown', 'splunk.markergauge',
  'splunk.parallelcoordinates', 'splunk.pie', 'splunk.punchcard', 'splunk.rectangle', 'splunk.sankey', 'splunk.scatter',
  'splunk.singlevalue', 'splunk.singlevalueicon', 'splunk.singlevalueradial', 'splunk.table',
]);
export const STUDIO_DATA_SOURCES = new Set(['ds.search', 'ds.savedSearch', 'ds.chain', 'ds.test']);
// Views every Splunk instance has, which a nav may name without the app shipping them.
const BUILT_IN_VIEWS = new Set(['search', 'datasets', 'reports', 'alerts', 'dashboards', 'analytics_workspace']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const views = (tree: PackageTree) => tree.entries.map(appPath).filter((p) => p.startsWith(VIEWS_DIR) && p.endsWith('.xml'));

/** Problems of one Studio definition (empty when Splunk can load it). */
export function studioProblems(definition: unknown): string[] {
  if (!isObject(definition)) return ['the definition is not a JSON object'];
  const problems: string[] = [];
  const section = (name: string): Json => {
    const v = definition[name];
    if (v === undefined && name === 'inputs') return {};
    if (!isObject(v)) problems.push(`"${name}" must be an object`);
    return isObject(v) ? v : {};
  };
  const visualizations = section('visualizations');
  const dataSources = section('dataSources');
  const inputs = section('inputs');
  const layout = section('layout');
  const tokens = new Set<string>();
  for (const [id, input] of Object.entries(inputs)) {
    if (!isObject(input) || typeof input.type !== 'string' || !input.type.startsWith('input.')) problems.push(`input ${id}: "type" must be an input.* type`);
    const token = isObject(input) && isObject(input.options) ? input.options.token : undefined;
    if (typeof token === 'string') tokens.add(token);
  }
  for (const [id, ds] of Object.entries(dataSources)) {
    if (!isObject(ds) || typeof ds.type !== 'string' || !STUDIO_DATA_SOURCES.has(ds.type)) {
      problems.push(`data source ${id}: type ${isObject(ds) ? JSON.stringify(ds.type) : '?'} is not one of ${[...STUDIO_DATA_SOURCES].join(', ')}`);
      continue;
    }
    const options = isObject(ds.options) ? ds.options : {};
    if ((ds.type === 'ds.search' || ds.type === 'ds.chain') && (typeof options.query !== 'string' || options.query.trim() === ''))
      problems.push(`data source ${id}: ${ds.type} needs options.query`);
    if (ds.type === 'ds.chain' && (typeof options.extend !== 'string' || !(options.extend in dataSources))) problems.push(`data source ${id}: ds.chain extends a data source that does not exist`);
    for (const value of Object.values(isObject(options.queryParameters) ? options.queryParameters : {}))
      for (const m of String(value).matchAll(/\$([\w]+)\.[\w]+\$/g)) if (!tokens.has(m[1] as string)) problems.push(`data source ${id}: token $${m[1]}…$ is set by no input`);
  }
  for (const [id, viz] of Object.entries(visualizations)) {
    if (!isObject(viz) || typeof viz.type !== 'string' || !STUDIO_VISUALIZATIONS.has(viz.type)) {
      problems.push(`visualization ${id}: type ${isObject(viz) ? JSON.stringify(viz.type) : '?'} is not a Dashboard Studio visualization`);
      continue;
    }
    for (const ref of Object.values(isObject(viz.dataSources) ? viz.dataSources : {}))
      if (typeof ref !== 'string' || !(ref in dataSources)) problems.push(`visualization ${id}: data source ${JSON.stringify(ref)} does not exist`);
  }
  if (layout.type !== 'grid' && layout.type !== 'absolute') problems.push('layout.type must be grid or absolute');
  const structure = Array.isArray(layout.structure) ? layout.structure : [];
  if (!Array.isArray(layout.structure)) problems.push('layout.structure must be an array');
  const placed = new Set<string>();
  for (const block of structure) {
    const item = isObject(block) ? block.item : undefined;
    if (typeof item !== 'string' || !(item in visualizations || item in inputs)) problems.push(`layout places ${JSON.stringify(item)}, which is no visualization or input`);
    else placed.add(item);
    if (!isObject(block) || !isObject(block.position)) problems.push(`layout block ${JSON.stringify(item)} has no position`);
  }
  for (const id of Object.keys(visualizations)) if (!placed.has(id)) problems.push(`visualization ${id} is not placed in the layout`);
  for (const id of Array.isArray(layout.globalInputs) ? layout.globalInputs : []) if (typeof id !== 'string' || !(id in inputs)) problems.push(`layout.globalInputs names ${JSON.stringify(id)}, which is no input`);
  return problems;
}

export const studioDashboards: PackageCheck = {
  id: 'studio-dashboards',
  rule: 'every <dashboard version="2"> view has a label and a <definition> whose JSON parses and whose references (data sources, layout, inputs, tokens) resolve',
  run(tree) {
    const findings: Finding[] = [];
    for (const path of views(tree)) {
      const xml = fileText(tree, path) ?? '';
      if (!/^\s*<dashboard\s[^>]*version="2"/.test(xml)) continue;
      const add = (message: string) => findings.push({ check: this.id, path, message: `${path}: ${message}` });
      if (!/<label>[^<]+<\/label>/.test(xml)) add('has no <label>');
      const json = /<definition>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/definition>/.exec(xml)?.[1];
      if (json === undefined) {
        add('has no <definition><![CDATA[…]]></definition>');
        continue;
      }
      let definition: unknown;
      try {
        definition = JSON.parse(json);
      } catch (e) {
        add(`the definition is not valid JSON (${(e as Error).message})`);
        continue;
      }
      for (const p of studioProblems(definition)) add(p);
    }
    return findings;
  },
};

export const navViews: PackageCheck = {
  id: 'nav-views',
  rule: 'the nav (default/data/ui/nav/default.xml) names every view of the app, and only views that exist',
  run(tree) {
    const text = fileText(tree, NAV);
    if (text === undefined) return [{ check: this.id, path: NAV, message: `${NAV} is missing: the app's views are unreachable` }];
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text) as { nav?: Json };
    const named = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!isObject(node)) return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'view') for (const view of Array.isArray(v) ? v : [v]) if (isObject(view) && typeof view.name === 'string') named.add(view.name);
        if (k === 'collection') walk(v);
      }
    };
    walk(parsed.nav);
    const shipped = new Set(views(tree).map((p) => p.slice(VIEWS_DIR.length, -'.xml'.length)));
    const findings: Finding[] = [];
    for (const v of shipped) if (!named.has(v)) findings.push({ check: this.id, path: NAV, message: `view '${v}' is not in ${NAV}: users cannot reach it` });
    for (const v of named) if (!shipped.has(v) && !BUILT_IN_VIEWS.has(v)) findings.push({ check: this.id, path: NAV, message: `${NAV} names view '${v}', which the app does not ship` });
    return findings;
  },
};
