// One result row → the indicator to submit or delete (or the tenant's list). Pure. The row names one
// indicator value (the `indicator_field` column); a column named like a parameter (indicator_action,
// indicator_expiration, …) overrides that parameter for its row, so a lookup of IoCs with per-row actions and
// expiries goes through in one run. A row with any problem is reported and never sent.
import { shown, singleValue } from '../common/ids';
import type { Fields, Planned, Unplannable } from '../common/plan';
import {
  checkActionFor,
  checkBoolean,
  checkDeviceGroups,
  checkExpiration,
  checkText,
  checkType,
  checkValue,
  inferType,
  oneOf,
  INDICATOR_SEVERITIES,
  type Checked,
  type IndicatorAction,
  type IndicatorType,
} from './validate';

export const OPERATIONS = ['submit', 'delete', 'list'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The body of one indicator in POST /api/indicators/import (field names are case-sensitive). */
export interface ImportItem {
  indicatorValue: string;
  indicatorType: IndicatorType;
  action: IndicatorAction;
  title: string;
  description: string;
  severity?: string;
  expirationTime?: string;
  rbacGroupNames?: string[];
  generateAlert?: boolean;
  recommendedActions?: string;
}

/** What one row asks. `key` (`<type>|<value>`, or `id|<n>`) makes two rows the same indicator. */
export type IndicatorInput =
  | { operation: 'submit'; key: string; item: ImportItem }
  | { operation: 'delete'; key: string; id?: string }
  | { operation: 'list' };

export interface PlanContext {
  nowMs: number;
  searchName: string;
  user: string;
}

/** Parameters a same-named result column overrides per row. */
export const ROW_PARAMS = [
  'indicator_type', 'indicator_action', 'indicator_title', 'indicator_description', 'indicator_severity',
  'indicator_expiration', 'indicator_device_groups', 'indicator_generate_alert', 'indicator_recommended_actions',
] as const;
type RowParam = (typeof ROW_PARAMS)[number];
export const ID_COLUMN = 'indicator_id';
export const DEFAULT_INDICATOR_FIELD = 'indicator';

const INDICATOR_ID = /^[0-9]{1,19}$/;

export function indicatorKey(type: IndicatorType, value: string): string {
  return `${type}|${value}`;
}

function firstError(...checks: Array<Checked<unknown>>): string | undefined {
  for (const c of checks) if ('error' in c) return c.error;
  return undefined;
}

/** The value of a parameter for this row: its own column if it has one, else the configuration's. */
function valueFor(fields: Fields, config: Record<string, string>, name: RowParam): string {
  const own = singleValue(fields[name], name);
  return 'value' in own && own.value ? own.value : (config[name] ?? '').trim();
}

/** The type and value a row names, or why it names none. */
function typedValue(fields: Fields, config: Record<string, string>, field: string): { type: IndicatorType; value: string } | { problem: string } {
  const raw = singleValue(fields[field], field);
  if ('problem' in raw) return raw;
  if (!raw.value) return { problem: `the row has no ${field} value: set indicator_field to the column that holds the IoC` };
  const chosen = valueFor(fields, config, 'indicator_type');
  let type: IndicatorType;
  if (!chosen || chosen.toLowerCase() === 'auto') {
    const inferred = inferType(raw.value);
    if (!inferred) return { problem: `cannot tell what kind of indicator "${shown(raw.value)}" is: set indicator_type (FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName, Url)` };
    type = inferred;
  } else {
    const t = checkType(chosen);
    if ('error' in t) return { problem: t.error };
    type = t.value;
  }
  const v = checkValue(type, raw.value);
  return 'error' in v ? { problem: v.error } : { type, value: v.value };
}

function submitItem(fields: Fields, config: Record<string, string>, ctx: PlanContext, tv: { type: IndicatorType; value: string }): ImportItem | { problem: string } {
  const get = (k: RowParam): string => valueFor(fields, config, k);
  const action = checkActionFor(tv.type, get('indicator_action') || 'Block');
  const title = checkText('indicator_title', get('indicator_title') || `Splunk: ${ctx.searchName || 'ad hoc search'}`, 1000, true);
  const description = checkText(
    'indicator_description',
    get('indicator_description') || `Submitted from Splunk${ctx.searchName ? ` search '${ctx.searchName}'` : ''} by ${ctx.user || 'unknown user'}.`,
    10_000,
    true,
  );
  const severityText = get('indicator_severity');
  const severity = severityText ? oneOf('indicator_severity', INDICATOR_SEVERITIES, severityText) : { value: undefined };
  const expiration = checkExpiration(get('indicator_expiration'), ctx.nowMs);
  const groups = checkDeviceGroups(get('indicator_device_groups'));
  const generate = checkBoolean('indicator_generate_alert', get('indicator_generate_alert'));
  const recommended = checkText('indicator_recommended_actions', get('indicator_recommended_actions'), 10_000, false);
  const problem = firstError(action, title, description, severity, expiration, groups, generate, recommended);
  if (problem) return { problem };
  const a = (action as { value: IndicatorAction }).value;
  let generateAlert = (generate as { value: boolean | undefined }).value;
  // Defender requires generateAlert for Audit: asking for Audit means asking for its alerts.
  if (a === 'Audit') generateAlert = true;
  const item: ImportItem = {
    indicatorValue: tv.value,
    indicatorType: tv.type,
    action: a,
    title: (title as { value: string }).value,
    description: (description as { value: string }).value,
  };
  const sev = (severity as { value: string | undefined }).value;
  if (sev) item.severity = sev;
  const exp = (expiration as { value: string | undefined }).value;
  if (exp) item.expirationTime = exp;
  const g = (groups as { value: string[] }).value;
  if (g.length > 0) item.rbacGroupNames = g;
  if (generateAlert !== undefined) item.generateAlert = generateAlert;
  const rec = (recommended as { value: string | undefined }).value;
  if (rec) item.recommendedActions = rec;
  return item;
}

export function planIndicatorRow(fields: Fields, config: Record<string, string>, ctx: PlanContext): Planned<IndicatorInput> | Unplannable {
  const op = oneOf('operation', OPERATIONS, (config.operation ?? '').trim() || 'submit');
  if ('error' in op) return { problem: op.error, targetType: 'indicator', requested: (config.operation ?? '').trim() };
  const operation: Operation = op.value;
  if (operation === 'list') {
    return { targetKey: 'tenant', requestKey: 'list', targetType: 'tenant', target: 'indicators', requested: 'list', input: { operation } };
  }
  const field = (config.indicator_field ?? '').trim() || DEFAULT_INDICATOR_FIELD;
  const id = singleValue(fields[ID_COLUMN], ID_COLUMN);
  if (operation === 'delete' && 'value' in id && id.value) {
    if (!INDICATOR_ID.test(id.value)) return { problem: `indicator_id "${shown(id.value)}" is not a Defender indicator id (digits only)`, targetType: 'indicator_id', target: shown(id.value), requested: operation };
    const key = `id|${id.value}`;
    return { targetKey: key, requestKey: `delete|${key}`, targetType: 'indicator_id', target: id.value, requested: operation, input: { operation, key, id: id.value } };
  }
  const tv = typedValue(fields, config, field);
  const raw = singleValue(fields[field], field);
  const shownTarget = 'value' in raw && raw.value ? { target: shown(raw.value) } : {};
  if ('problem' in tv) return { problem: tv.problem, targetType: 'indicator', requested: operation, ...shownTarget };
  const key = indicatorKey(tv.type, tv.value);
  const base = { targetKey: key, requestKey: `${operation}|${key}`, targetType: tv.type, target: tv.value, requested: operation };
  if (operation === 'delete') return { ...base, input: { operation, key } };
  const item = submitItem(fields, config, ctx, tv);
  if ('problem' in item) return { problem: item.problem, targetType: tv.type, target: tv.value, requested: operation };
  return {
    ...base,
    requested: `submit:${item.action}`,
    details: { indicator_action: item.action, ...(item.expirationTime ? { expiration: item.expirationTime } : {}) },
    input: { operation, key, item },
  };
}
