// What the action writes back to Splunk: one defender_sync:action event per result row (ES adaptive-response
// fields included), and each updated record as a fresh event of the sourcetype the inputs give it.
import { ALERT_ACTION, SCHEME_ALERTS, SCHEME_ENDPOINT_ALERTS, SCHEME_INCIDENTS, SOURCETYPE, eventSource } from '../../config/names';
import type { DefenderRecord } from '../../inputs/common/records';
import type { OutcomeEvent } from '../common/events';
import type { ChangeRequest } from './params';
import type { Fields, RowPlan } from './rows';
import type { TargetResult, UpdateTarget } from './targets';

export type RowResult = 'success' | 'failure' | 'invalid';

export interface OutcomeContext {
  account: string;
  tenant?: string;
  sid: string;
  searchName: string;
  app: string;
  owner: string;
  /** ISO 8601 time of the action. */
  time: string;
}

export type { OutcomeEvent } from '../common/events';

/** The change as asked, without empty parts, for the outcome event. */
export function requested(change: ChangeRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

const rawId = (fields: Fields | undefined, idField: string): string | undefined => {
  const v = fields?.[idField];
  const s = Array.isArray(v) ? v.join(',') : v;
  return s === undefined ? undefined : s.length > 200 ? `${s.slice(0, 200)}…` : s;
};

export function outcomeRecord(
  plan: RowPlan,
  result: TargetResult | undefined,
  ctx: OutcomeContext,
  change: ChangeRequest,
  fields: Fields | undefined,
  idField: string,
  configProblem?: string,
): Record<string, unknown> {
  const verdict: RowResult = configProblem || plan.problem ? 'invalid' : result?.ok ? 'success' : 'failure';
  const adhoc = !/scheduler/.test(ctx.sid);
  return {
    time: ctx.time,
    action_name: ALERT_ACTION,
    action_mode: adhoc ? 'adhoc' : 'saved',
    action_status: verdict === 'success' ? 'success' : 'failure',
    result: verdict,
    rid: String(plan.row),
    row: plan.row,
    target: plan.kind ?? null,
    id: plan.id ?? rawId(fields, idField) ?? null,
    account: ctx.account,
    tenant: ctx.tenant ?? null,
    requested: requested(change),
    applied: result?.applied ?? [],
    http_status: result?.httpStatus ?? null,
    error: configProblem ?? plan.problem ?? (result?.ok ? null : result?.error ?? 'not attempted'),
    ...(result?.ok && result.error ? { warning: result.error } : {}),
    ...(plan.notes.length > 0 ? { notes: plan.notes } : {}),
    ...(plan.duplicateOf !== undefined ? { duplicate_of: plan.duplicateOf } : {}),
    search_name: ctx.searchName,
    sid: ctx.sid,
    orig_sid: ctx.sid,
    orig_rid: String(plan.row),
    app: ctx.app,
    user: ctx.owner,
  };
}

/** The updated record as the matching input would have ingested it. */
export function refreshedEvent(target: UpdateTarget, record: DefenderRecord, tenant: string): OutcomeEvent {
  if (target.kind === 'incident') {
    // Graph's PATCH answer has no alerts; keep the alert ids the analyst's row carried.
    const ids = target.fields.alertIds;
    const withIds = ids === undefined ? record : { ...record, alertIds: Array.isArray(ids) ? ids : ids ? [ids] : [] };
    return { sourcetype: SOURCETYPE.incident, source: eventSource(SCHEME_INCIDENTS, tenant), record: withIds };
  }
  if (target.kind === 'endpoint_alert')
    return { sourcetype: SOURCETYPE.endpointAlert, source: eventSource(SCHEME_ENDPOINT_ALERTS, tenant), record };
  const fromIncident = target.fields.sourcetype === SOURCETYPE.incidentAlert;
  return fromIncident
    ? { sourcetype: SOURCETYPE.incidentAlert, source: eventSource(SCHEME_INCIDENTS, tenant), record }
    : { sourcetype: SOURCETYPE.alert, source: eventSource(SCHEME_ALERTS, tenant), record };
}
