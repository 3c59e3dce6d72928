// The defender_sync:action event of one response row (BRIEF interface 5), with Enterprise Security's
// adaptive-response fields, written the way defender_sync_update writes its own. Pure.
import type { ActionApi } from './definition';
import type { OutcomeEvent } from './events';
import type { RowPlan } from './plan';

/** succeeded | failed | refused | invalid | dry_run, or an action's own (pending_duplicate, …). */
export type RowResult = string;

export interface TargetOutcome {
  ok: boolean;
  /** Overrides succeeded/failed (e.g. pending_duplicate). */
  result?: RowResult;
  /** HTTP status of Defender's last answer; null when no call was made. */
  httpStatus: number | null;
  error?: string;
  /** Defender's id for what was done: the machine action, the new alert, the request's correlation id. */
  defenderActionId?: string;
  /** Extra outcome fields (alert_web_url, …). */
  details?: Record<string, unknown>;
  /** Records to ingest at once (the created alert, …). */
  events?: OutcomeEvent[];
}

export interface ResponseContext {
  action: string;
  api: ActionApi;
  account: string;
  tenant?: string;
  /** Who ran it: the user splunkd's session key belongs to. */
  user: string;
  sid: string;
  searchName: string;
  app: string;
  /** ISO 8601 time of the action. */
  time: string;
}

/** Why a row was not acted on although it was planned: refusal (capability, cap) or a configuration problem. */
export interface RunVerdict {
  result: 'refused' | 'invalid' | 'dry_run';
  error?: string;
}

export const SUCCEEDED = 'succeeded';
export const FAILED = 'failed';

export function responseOutcome<P>(plan: RowPlan<P>, outcome: TargetOutcome | undefined, ctx: ResponseContext, verdict?: RunVerdict): Record<string, unknown> {
  const p = plan.planned;
  const result: RowResult = plan.invalid
    ? verdict?.result === 'refused' ? 'refused' : 'invalid'
    : verdict
      ? verdict.result
      : outcome
        ? outcome.result ?? (outcome.ok ? SUCCEEDED : FAILED)
        : FAILED;
  const error =
    verdict?.error ??
    plan.invalid?.problem ??
    (result === 'dry_run' ? null : outcome ? (outcome.ok && !outcome.result ? null : outcome.error ?? null) : 'not attempted');
  const adhoc = !/scheduler/.test(ctx.sid);
  const good = result === SUCCEEDED || result === 'dry_run';
  return {
    time: ctx.time,
    action: ctx.action,
    action_name: ctx.action,
    action_mode: adhoc ? 'adhoc' : 'saved',
    action_status: good ? 'success' : 'failure',
    result,
    rid: String(plan.row),
    row: plan.row,
    requested: p?.requested ?? plan.invalid?.requested ?? null,
    target_type: p?.targetType ?? plan.invalid?.targetType ?? null,
    target: p?.target ?? plan.invalid?.target ?? null,
    http_status: verdict || plan.invalid ? null : outcome?.httpStatus ?? null,
    error,
    defender_action_id: verdict ? null : outcome?.defenderActionId ?? null,
    api: ctx.api,
    account: ctx.account,
    tenant: ctx.tenant ?? null,
    ...(p?.details ?? {}),
    ...(verdict ? {} : outcome?.details ?? {}),
    ...(plan.duplicateOf !== undefined ? { duplicate_of: plan.duplicateOf } : {}),
    user: ctx.user,
    search_name: ctx.searchName,
    sid: ctx.sid,
    orig_sid: ctx.sid,
    orig_rid: String(plan.row),
    app: ctx.app,
  };
}
