// One run of the defender_sync_update alert action (`--execute`, JSON payload on stdin): plan every result
// row, update incidents and alerts in batches within maxtime, then write one outcome event per row and the
// refreshed records to Splunk. Every row is attempted; the exit code says how it went (docs/alert-action.md).
import { ALERT_ACTION, eventSource } from '../../config/names';
import type { Clock } from '../../defender/rate-limiter';
import type { DefenderSession } from '../../defender/session';
import type { Logger } from '../../splunk/log';
import type { AlertPayload } from '../../splunk/alert/payload';
import { readResultsFile, ResultsFileError } from '../../splunk/alert/results-file';
import type { SplunkdClient } from '../../splunk/rest';
import { describeFailure } from '../../inputs/common/run';
import { notRecordedMessage, submitEvents } from '../common/events';
import { EXIT, finalExitCode } from '../common/exit-codes';
import { withInvocation, type ActionDeps } from '../common/invocation';
import { DEFAULT_MAXTIME_MS, openActionSession } from '../common/session';
import { applyEndpoint } from './apply-endpoint';
import { applyGraph } from './apply-graph';
import { parseActionRequest, type ActionRequest } from './params';
import { outcomeRecord, refreshedEvent, type OutcomeContext, type OutcomeEvent } from './outcomes';
import { planRows, type Fields, type RowPlan } from './rows';
import { targetsOf, type TargetResult } from './targets';

/** Exit codes (documented in docs/alert-action.md and README); shared by every action. */
export { EXIT } from '../common/exit-codes';
export { DEFAULT_MAXTIME_MS, parseSpan } from '../common/session';

export type { ActionDeps } from '../common/invocation';

export async function runAction(payloadText: string, deps: ActionDeps): Promise<number> {
  return withInvocation(ALERT_ACTION, payloadText, deps, ({ payload, client, logger, clock, started }) => execute(payload, client, logger, clock, started));
}

async function execute(payload: AlertPayload, client: SplunkdClient, logger: Logger, clock: Clock, started: number): Promise<number> {
  const parsed = parseActionRequest(payload.configuration);
  const configProblem = 'problems' in parsed ? parsed.problems.join('; ') : undefined;
  const request: ActionRequest =
    'request' in parsed
      ? parsed.request
      : { account: payload.configuration.account ?? '', target: 'auto', idField: payload.configuration.id_field || 'id', index: payload.configuration.index || 'main', change: { addTags: [], removeTags: [] } };

  // Rows: planned as they stream in; only the first row of each record keeps its fields.
  const plans: RowPlan[] = [];
  const fieldsByRow = new Map<number, Fields>();
  try {
    const rows: Array<{ rowIndex: number; fields: Fields }> = [];
    for await (const row of readResultsFile(payload.results_file)) rows.push(row);
    plans.push(...planRows(rows, request));
    for (const p of plans) if (!p.problem && p.duplicateOf === undefined) fieldsByRow.set(p.row, (rows[p.row] as { fields: Fields }).fields);
    for (const p of plans) if (p.problem) fieldsByRow.set(p.row, (rows[p.row] as { fields: Fields }).fields);
  } catch (err) {
    logger.error(err instanceof ResultsFileError ? err.message : `results_file: ${String(err)}`, { action: 'alert_failed', sid: payload.sid });
    return EXIT.badInvocation;
  }

  const ctx: OutcomeContext = {
    account: request.account,
    sid: payload.sid,
    searchName: payload.search_name,
    app: payload.app,
    owner: payload.owner,
    time: new Date(clock.now()).toISOString(),
  };
  const results = new Map<string, TargetResult>();
  let session: DefenderSession | undefined;
  let setupProblem = configProblem;

  let deadline = started + DEFAULT_MAXTIME_MS * 0.9;
  if (!setupProblem) {
    try {
      const opened = await openActionSession({ client, accountName: request.account, actionName: ALERT_ACTION, logger, clock, started });
      session = opened.session;
      deadline = opened.deadline;
      ctx.tenant = session.account.tenantId;
    } catch (err) {
      setupProblem = describeFailure(err).message;
    }
  }
  let internal: string | undefined;
  if (session) {
    const targets = targetsOf(plans, fieldsByRow);
    try {
      const graph = targets.filter((t) => t.kind !== 'endpoint_alert');
      const endpoint = targets.filter((t) => t.kind === 'endpoint_alert');
      for (const [k, v] of await applyGraph(session, graph, { clock, deadline })) results.set(k, v);
      for (const [k, v] of await applyEndpoint(session, endpoint, clock)) results.set(k, v);
    } catch (err) {
      // A bug, not a Defender answer: report it on every row not yet done, and still write the outcomes.
      internal = describeFailure(err).message;
      logger.error(internal, { action: 'alert_failed', sid: payload.sid });
      for (const t of targets) if (!results.has(t.key)) results.set(t.key, { ok: false, applied: [], httpStatus: 0, error: internal });
    }
  }

  // Outcomes: every row, duplicates mirroring their first row.
  const byRow = new Map<number, TargetResult>();
  for (const p of plans) if (p.kind && p.id && !p.problem && p.duplicateOf === undefined) {
    const r = results.get(`${p.kind}:${p.id}`);
    if (r) byRow.set(p.row, r);
  }
  const outcomeSource = eventSource(ALERT_ACTION, ctx.tenant ?? request.account);
  const events: OutcomeEvent[] = [];
  const counts = { success: 0, failure: 0, invalid: 0 };
  for (const p of plans) {
    const r = byRow.get(p.duplicateOf ?? p.row);
    const record = outcomeRecord(p, r, ctx, request.change, fieldsByRow.get(p.row), request.idField, setupProblem);
    counts[record.result as keyof typeof counts]++;
    events.push({ sourcetype: 'defender_sync:action', source: outcomeSource, record });
  }
  if (session && ctx.tenant)
    for (const t of targetsOf(plans, fieldsByRow)) {
      const r = results.get(t.key);
      if (r?.ok && r.refreshed) events.push(refreshedEvent(t, r.refreshed, ctx.tenant));
    }

  let recorded = true;
  try {
    await submitEvents(client, request.index, events);
  } catch (err) {
    recorded = false;
    logger.error(notRecordedMessage(events.length, request.index, describeFailure(err).message), { action: 'alert_not_recorded', sid: payload.sid });
  }

  if (setupProblem) logger.error(setupProblem, { action: 'alert_failed', sid: payload.sid, rows: plans.length });
  const exit = finalExitCode({ decided: setupProblem ? EXIT.config : undefined, internal: internal !== undefined, failed: counts.failure > 0, invalid: counts.invalid > 0, recorded });
  const stats = session?.stats ?? { requests: 0, throttled: 0, retries: 0 };
  logger.info('', {
    action: 'alert_complete',
    search_name: payload.search_name,
    sid: payload.sid,
    account: request.account,
    tenant: ctx.tenant,
    rows: plans.length,
    succeeded: counts.success,
    failed: counts.failure,
    invalid: counts.invalid,
    duplicates: plans.filter((p) => p.duplicateOf !== undefined).length,
    requests: stats.requests,
    throttled: stats.throttled,
    retries: stats.retries,
    duration_ms: clock.now() - started,
    exit_code: exit,
  });
  return exit;
}
