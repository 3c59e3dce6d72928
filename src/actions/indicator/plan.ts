// Result rows → the indicators to submit or delete. Pure. Each row names one indicator value (the
// `indicator_field` column) and may override the action's parameters with its own `indicator_*` columns, so
// a lookup of IoCs with per-row actions and expiries goes through in one run. A row with any problem is
// reported and never sent; the same indicator twice is sent once.
import { singleValue, type Fields } from '../../splunk/alert/fields';
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

/** The action's parameters after token substitution (alert_actions.conf defaults merged in). */
export interface IndicatorParams {
  operation: Operation;
  indicatorField: string;
  /** `auto` or a type. */
  type: string;
  action: string;
  title: string;
  description: string;
  severity: string;
  expiration: string;
  deviceGroups: string;
  generateAlert: string;
  recommendedActions: string;
}

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

export interface IndicatorRowPlan {
  row: number;
  /** `<type>|<value>`: what makes two rows the same indicator. */
  key?: string;
  type?: IndicatorType;
  value?: string;
  /** Delete by Defender's indicator id (an `indicator_id` column) instead of by value. */
  id?: string;
  item?: ImportItem;
  problem?: string;
  duplicateOf?: number;
}

export interface PlanContext {
  nowMs: number;
  searchName: string;
  user: string;
}

/** The column that overrides each parameter for its row. */
export const ROW_COLUMNS = {
  type: 'indicator_type',
  action: 'indicator_action',
  title: 'indicator_title',
  description: 'indicator_description',
  severity: 'indicator_severity',
  expiration: 'indicator_expiration',
  deviceGroups: 'indicator_device_groups',
  generateAlert: 'indicator_generate_alert',
  recommendedActions: 'indicator_recommended_actions',
} as const;
export const ID_COLUMN = 'indicator_id';

const INDICATOR_ID = /^[0-9]{1,19}$/;

export function indicatorKey(type: IndicatorType, value: string): string {
  return `${type}|${value}`;
}

function firstError(...checks: Array<Checked<unknown>>): string | undefined {
  for (const c of checks) if ('error' in c) return c.error;
  return undefined;
}

/** The type and value a row names, or why it names none. */
function typedValue(fields: Fields, p: IndicatorParams): { type: IndicatorType; value: string } | { problem: string } {
  const raw = singleValue(fields, p.indicatorField);
  if ('problem' in raw) return raw;
  if (!raw.value) return { problem: `the row has no ${p.indicatorField} value: set indicator_field to the column that holds the IoC` };
  const typeText = singleValue(fields, ROW_COLUMNS.type);
  const chosen = ('value' in typeText && typeText.value) || p.type;
  let type: IndicatorType;
  if (!chosen || chosen.toLowerCase() === 'auto') {
    const inferred = inferType(raw.value);
    if (!inferred) return { problem: `cannot tell what kind of indicator ${JSON.stringify(raw.value.slice(0, 80))} is: set indicator_type (FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName, Url)` };
    type = inferred;
  } else {
    const t = checkType(chosen);
    if ('error' in t) return { problem: t.error };
    type = t.value;
  }
  const v = checkValue(type, raw.value);
  return 'error' in v ? { problem: v.error } : { type, value: v.value };
}

function planSubmit(fields: Fields, p: IndicatorParams, ctx: PlanContext, base: IndicatorRowPlan, tv: { type: IndicatorType; value: string }): IndicatorRowPlan {
  const get = (k: keyof typeof ROW_COLUMNS): string => {
    const own = singleValue(fields, ROW_COLUMNS[k]);
    return 'value' in own && own.value ? own.value : p[k];
  };
  const action = checkActionFor(tv.type, get('action') || 'Block');
  const title = checkText('indicator title', get('title') || `Splunk: ${ctx.searchName || 'ad hoc search'}`, 1000, true);
  const description = checkText(
    'indicator description',
    get('description') || `Submitted from Splunk${ctx.searchName ? ` search '${ctx.searchName}'` : ''} by ${ctx.user || 'unknown user'}.`,
    10_000,
    true,
  );
  const severityText = get('severity');
  const severity = severityText ? oneOf('indicator severity', INDICATOR_SEVERITIES, severityText) : { value: undefined };
  const expiration = checkExpiration(get('expiration'), ctx.nowMs);
  const groups = checkDeviceGroups(get('deviceGroups'));
  const generate = checkBoolean('generate_alert', get('generateAlert'));
  const recommended = checkText('recommended actions', get('recommendedActions'), 10_000, false);
  const problem = firstError(action, title, description, severity, expiration, groups, generate, recommended);
  if (problem) return { ...base, problem };
  const a = (action as { value: IndicatorAction }).value;
  let generateAlert = (generate as { value: boolean | undefined }).value;
  // Defender requires generateAlert for Audit: asking for Audit means asking for its alerts.
  if (a === 'Audit') {
    if (generateAlert === false) return { ...base, problem: 'indicator action Audit needs generate_alert true (Defender requires it): clear generate_alert or choose another action' };
    generateAlert = true;
  }
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
  return { ...base, item };
}

/** Plans every row; rows naming an indicator already named by an earlier row point at it. */
export function planIndicatorRows(rows: ReadonlyArray<{ rowIndex: number; fields: Fields }>, p: IndicatorParams, ctx: PlanContext): IndicatorRowPlan[] {
  const firstRow = new Map<string, number>();
  return rows.map(({ rowIndex, fields }) => {
    const base: IndicatorRowPlan = { row: rowIndex };
    let plan: IndicatorRowPlan;
    const id = singleValue(fields, ID_COLUMN);
    if (p.operation === 'delete' && 'value' in id && id.value) {
      plan = INDICATOR_ID.test(id.value)
        ? { ...base, id: id.value, key: `id|${id.value}` }
        : { ...base, problem: `indicator_id ${JSON.stringify(id.value.slice(0, 80))} is not a Defender indicator id (digits only)` };
    } else {
      const tv = typedValue(fields, p);
      if ('problem' in tv) plan = { ...base, problem: tv.problem };
      else {
        const named = { ...base, type: tv.type, value: tv.value, key: indicatorKey(tv.type, tv.value) };
        plan = p.operation === 'submit' ? planSubmit(fields, p, ctx, named, tv) : named;
      }
    }
    if (plan.key !== undefined && !plan.problem) {
      const first = firstRow.get(plan.key);
      if (first !== undefined) return { ...plan, duplicateOf: first };
      firstRow.set(plan.key, rowIndex);
    }
    return plan;
  });
}

/** Items in import calls of at most `size` (500, Microsoft's maximum per call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
