// An app's views and nav as Splunk Web renders them: Simple XML <dashboard> root attributes (script,
// stylesheet, hideTitle), label, description and the <html> panels; nav/default.xml. Read from the app's
// folder (local/ over default/), where real Splunk Web asks splunkd's data/ui endpoints.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { StudioDefinition } from './studio/render';

export interface View {
  name: string;
  label: string;
  description: string;
  script: string[];
  stylesheet: string[];
  hideTitle: boolean;
  /** Inner HTML of each <html> panel, in order (app-authored, trusted as Splunk Web does). */
  htmlPanels: string[];
  /** Dashboard Studio (`<dashboard version="2">`): the JSON definition. */
  studio?: StudioDefinition;
}

export interface Nav {
  defaultView: string | undefined;
  views: string[];
  color: string | undefined;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', allowBooleanAttributes: true });

function uiFile(appDir: string, ...parts: string[]): string | undefined {
  for (const layer of ['local', 'default']) {
    const p = join(appDir, layer, 'data', 'ui', ...parts);
    if (existsSync(p)) return p;
  }
  return undefined;
}

const list = (v: unknown): string[] => (typeof v === 'string' && v.trim() ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' && v && '#text' in v ? String((v as { '#text': unknown })['#text']) : '');

export function readView(appDir: string, name: string): View | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return undefined;
  const file = uiFile(appDir, 'views', `${name}.xml`);
  if (!file) return undefined;
  const xml = readFileSync(file, 'utf8');
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const root = doc.dashboard ?? doc.form;
  if (!root) return undefined;
  return {
    name,
    label: text(root.label) || name,
    description: text(root.description),
    script: list(root.script),
    stylesheet: list(root.stylesheet),
    hideTitle: String(root.hideTitle ?? '').toLowerCase() === 'true',
    htmlPanels: [...xml.matchAll(/<html>([\s\S]*?)<\/html>/g)].map((m) => m[1]!.trim()),
    ...(String(root.version) === '2' ? { studio: JSON.parse(/<definition>\s*<!\[CDATA\[([\s\S]*?)\]\]>/.exec(xml)?.[1] ?? '{}') as StudioDefinition } : {}),
  };
}

export function readNav(appDir: string): Nav {
  const file = uiFile(appDir, 'nav', 'default.xml');
  if (!file) return { defaultView: undefined, views: [], color: undefined };
  const nav = (parser.parse(readFileSync(file, 'utf8')) as { nav?: Record<string, unknown> }).nav ?? {};
  const raw = nav.view;
  const views = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, string>>;
  return {
    defaultView: views.find((v) => v.default === 'true')?.name ?? views[0]?.name,
    views: views.map((v) => v.name).filter((v): v is string => typeof v === 'string'),
    color: typeof nav.color === 'string' ? nav.color : undefined,
  };
}
