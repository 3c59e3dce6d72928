// One result row → one createAlertInput (defender-response.md §3). Pure; every value is checked before any
// call. Rows asking for the same alert (same input) share one alert.
import { createHash } from 'node:crypto';
import { oneOf } from '../common/params';
import type { Fields, Planned, Unplannable } from '../common/plan';
import { shown } from '../common/ids';
import { CATEGORIES, SEVERITIES } from './definition';
import { entitiesOf, type EntityDefinition } from './entities';

export interface CreateAlertInput {
  title: string;
  severity: (typeof SEVERITIES)[number];
  description: string;
  category: string;
  recommendedActions?: string;
  mitreTechniques?: string[];
  linkToIncident?: number;
  entityDefinitions: EntityDefinition[];
}

export const MAX_TITLE = 256;
export const MAX_DESCRIPTION = 5000;
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;
/** Splunk/CIM severities Defender does not have. */
const SEVERITY_ALIASES: Record<string, (typeof SEVERITIES)[number]> = { critical: 'high', info: 'informational' };

/** Problems with parameters as configured (those holding a $result token are checked per row). */
export function checkPushConfig(config: Readonly<Record<string, string>>): string[] {
  const fixed = (k: string): string | undefined => (config[k]?.includes('$result.') ? undefined : (config[k] ?? '').trim());
  const problems: string[] = [];
  for (const k of ['title', 'description', 'category']) if (fixed(k) === '') problems.push(`${k} is required: Defender alerts need a ${k}`);
  const probe = Object.fromEntries(Object.keys(config).map((k) => [k, fixed(k) ?? '']));
  for (const problem of [severityOf(probe.severity ?? ''), techniquesOf(probe.techniques ?? ''), linkOf(probe.link_to_incident ?? '')])
    if (typeof problem === 'object' && 'problem' in problem && fixed(problem.param) !== undefined) problems.push(problem.problem);
  return problems;
}

function severityOf(raw: string): { value: (typeof SEVERITIES)[number] } | { problem: string; param: string } {
  const v = raw.trim().toLowerCase();
  if (!v) return { value: 'medium' };
  const alias = SEVERITY_ALIASES[v];
  if (alias) return { value: alias };
  const r = oneOf('severity', v, SEVERITIES);
  return 'value' in r ? r : { ...r, param: 'severity' };
}

function techniquesOf(raw: string): { value: string[] } | { problem: string; param: string } {
  const list = [...new Set(raw.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean))];
  const bad = list.find((t) => !TECHNIQUE.test(t));
  return bad ? { problem: `technique '${shown(bad)}' is not a MITRE technique id like T1059 or T1059.001`, param: 'techniques' } : { value: list };
}

function linkOf(raw: string): { value?: number } | { problem: string; param: string } {
  const v = raw.trim();
  if (!v) return {};
  if (!/^\d{1,15}$/.test(v)) return { problem: `link_to_incident '${shown(v)}' is not an incident id (incident ids are numbers)`, param: 'link_to_incident' };
  return Number(v) === 0 ? {} : { value: Number(v) };
}

export function planPushRow(fields: Fields, config: Record<string, string>): Planned<CreateAlertInput> | Unplannable {
  const get = (k: string): string => (config[k] ?? '').trim();
  const title = get('title');
  const base = { targetType: 'alert', requested: 'create', ...(title ? { target: shown(title) } : {}) };
  const description = get('description');
  const category = get('category');
  if (!title) return { ...base, problem: 'title is empty for this row: Defender alerts need a title' };
  if (title.length > MAX_TITLE) return { ...base, problem: `title is ${title.length} characters; keep it to ${MAX_TITLE}` };
  if (!description) return { ...base, problem: 'description is empty for this row: Defender alerts need a description' };
  if (description.length > MAX_DESCRIPTION) return { ...base, problem: `description is ${description.length} characters; Defender takes at most ${MAX_DESCRIPTION}` };
  if (!category) return { ...base, problem: 'category is empty for this row: give the MITRE ATT&CK tactic, e.g. Execution' };
  if (!/^[A-Za-z]{1,64}$/.test(category)) return { ...base, problem: `category '${shown(category)}' is not a MITRE tactic name such as ${CATEGORIES.slice(0, 3).join(', ')}` };
  const severity = severityOf(get('severity'));
  if ('problem' in severity) return { ...base, problem: severity.problem };
  const techniques = techniquesOf(get('techniques'));
  if ('problem' in techniques) return { ...base, problem: techniques.problem };
  const link = linkOf(get('link_to_incident'));
  if ('problem' in link) return { ...base, problem: link.problem };
  const entities = entitiesOf(fields, config);
  if ('problem' in entities) return { ...base, problem: entities.problem };
  const known = CATEGORIES.find((c) => c.toLowerCase() === category.toLowerCase());
  const input: CreateAlertInput = {
    title,
    severity: severity.value,
    description,
    category: known ?? category,
    ...(get('recommended_actions') ? { recommendedActions: get('recommended_actions') } : {}),
    ...(techniques.value.length ? { mitreTechniques: techniques.value } : {}),
    ...(link.value !== undefined ? { linkToIncident: link.value } : {}),
    entityDefinitions: entities.entities,
  };
  const key = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32);
  return {
    targetKey: key,
    requestKey: key,
    targetType: 'alert',
    target: title,
    requested: 'create',
    input,
    details: { severity: input.severity, category: input.category, entities: input.entityDefinitions.length, ...(link.value !== undefined ? { link_to_incident: String(link.value) } : {}) },
  };
}
