// One run of a response alert action (`--execute`, JSON payload on stdin), the same for every action:
// read the payload and every row; check the caller's capability (defender_sync_respond) with the payload's
// session key; plan each row with its own $result.field$ values; refuse the whole run above the per-run
// cap; in a dry run report the plan; otherwise let the action call Microsoft; then write one
// defender_sync:action event per row (and any records to ingest at once) and exit with a documented code.
import { eventSource } from '../../config/names';
import type { Clock } from '../../defender/rate-limiter';
import type { DefenderSession } from '../../defender/session';
import { describeFailure } from '../../inputs/common/run';
import type { AlertPayload } from '../../splunk/alert/payload';
import { readResultsFile, ResultsFileError } from '../../splunk/alert/results-file';
import { CAPABILITY_RESPOND, CapabilityError, requireCapability } from '../../splunk/capabilities';
import type { Logger } from '../../splunk/log';
import type { SplunkdClient } from '../../splunk/rest';
import type { ActionApi } from './definition';
import { notRecordedMessage, submitEvents, type OutcomeEvent } from './events';
import { EXIT, finalExitCode, type ExitCode } from './exit-codes';
import { withInvocation, type ActionDeps } from './invocation';
import { FAILED, responseOutcome, SUCCEEDED, type ResponseContext, type RunVerdict, type TargetOutcome } from './outcome';
import { parseCommon, type CapSpec, type CommonRequest } from './params';
import { distinctTargets, overCapMessage, planRows, type Fields, type PlanRow, type Planned, type RowPlan } from './plan';
import { openActionSession } from './session';
import { rowConfiguration } from './tokens';

export interface ExecuteOptions {
  clock: Clock;
  /** Epoch ms by which Microsoft calls must end. */
  deadline: number;
  tenant: string;
  common: CommonRequest;
}

/** One distinct request, with the rows that asked for it. */
export interface ActionTarget<P> {
  planned: Planned<P>;
  /** First row asking for it. */
  row: number;
  fields: Fields;
}

/** An action plugs in with this (docs: /work/wt/respond-framework.md, docs/response.md). */
export interface ResponseActionSpec<P> {
  name: string;
  api: ActionApi;
  cap: CapSpec;
  /** Problems with the action's own parameters as configured (checked once, before any row): exit 2. */
  checkConfig?(config: Readonly<Record<string, string>>): string[];
  /** One row → what to do to which target, or why not. Pure; no call. */
  planRow: PlanRow<P>;
  /** Does the planned requests; one outcome per request key. Never throws for a Defender answer. */
  execute(session: DefenderSession, targets: ReadonlyArray<ActionTarget<P>>, o: ExecuteOptions): Promise<Map<string, TargetOutcome>>;
}

export type { ActionDeps } from './invocation';

export async function runResponseAction<P>(spec: ResponseActionSpec<P>, payloadText: string, deps: ActionDeps): Promise<number> {
  return withInvocation(spec.name, payloadText, deps, ({ payload, client, logger, clock, started }) => execute(spec, payload, client, logger, clock, started));
}

/** Who may run it: the capability, checked with the payload's session key. Anything unverifiable refuses. */
async function gate(client: SplunkdClient, name: string): Promise<{ user: string } | { refusal: string; user?: string }> {
  try {
    return await requireCapability(client, CAPABILITY_RESPOND);
  } catch (err) {
    if (err instanceof CapabilityError) return { refusal: `${name} refused: ${err.message}`, user: err.user };
    return { refusal: `${name} refused: could not check the capability '${CAPABILITY_RESPOND}' with splunkd: ${describeFailure(err).message}` };
  }
}

async function execute<P>(spec: ResponseActionSpec<P>, payload: AlertPayload, client: SplunkdClient, logger: Logger, clock: Clock, started: number): Promise<number> {
  const rows: Array<{ rowIndex: number; fields: Fields }> = [];
  try {
    for await (const row of readResultsFile(payload.results_file)) rows.push(row);
  } catch (err) {
    logger.error(err instanceof ResultsFileError ? err.message : `results_file: ${String(err)}`, { action: 'alert_failed', sid: payload.sid });
    return EXIT.badInvocation;
  }

  // Parameters every row shares come from the configuration as the first row sees it (as splunkd does).
  const shared = rowConfiguration(payload.configuration, rows[0]?.fields ?? {});
  const parsed = parseCommon(shared, spec.cap);
  const problems = 'problems' in parsed ? [...parsed.problems] : [];
  problems.push(...(spec.checkConfig?.(payload.configuration) ?? []));
  const common: CommonRequest = 'request' in parsed ? parsed.request : { account: shared.account ?? '', maxTargets: spec.cap.default, dryRun: false, index: shared.index || 'main' };

  const ctx: ResponseContext = {
    action: spec.name,
    api: spec.api,
    account: common.account,
    user: payload.owner,
    sid: payload.sid,
    searchName: payload.search_name,
    app: payload.app,
    time: new Date(clock.now()).toISOString(),
  };

  let verdict: RunVerdict | undefined;
  let exit: ExitCode | undefined;
  const allowed = await gate(client, spec.name);
  if ('refusal' in allowed) {
    verdict = { result: 'refused', error: allowed.refusal };
    exit = EXIT.capabilityRefused;
    if (allowed.user) ctx.user = allowed.user;
  } else {
    ctx.user = allowed.user || payload.owner;
    if (problems.length > 0) {
      verdict = { result: 'invalid', error: problems.join('; ') };
      exit = EXIT.config;
    }
  }

  const plans: RowPlan<P>[] = verdict ? rows.map((r) => ({ row: r.rowIndex })) : planRows(rows, payload.configuration, spec.planRow, { nowMs: clock.now(), user: ctx.user, searchName: payload.search_name });
  if (!verdict) {
    const count = distinctTargets(plans);
    if (count > common.maxTargets) {
      verdict = { result: 'refused', error: overCapMessage(count, common.maxTargets, spec.cap.noun) };
      exit = EXIT.overCap;
    }
  }

  const outcomes = new Map<string, TargetOutcome>();
  let session: DefenderSession | undefined;
  let internal: string | undefined;
  if (!verdict) {
    try {
      const opened = await openActionSession({ client, accountName: common.account, actionName: spec.name, logger, clock, started });
      session = opened.session;
      ctx.tenant = opened.session.account.tenantId;
      if (common.dryRun) verdict = { result: 'dry_run' };
      else {
        const targets = targetsOf(plans, rows);
        try {
          for (const [k, v] of await spec.execute(session, targets, { clock, deadline: opened.deadline, tenant: ctx.tenant, common })) outcomes.set(k, v);
        } catch (err) {
          // A bug, not a Defender answer: report it on every request not yet done, and still write the outcomes.
          internal = describeFailure(err).message;
          logger.error(internal, { action: 'alert_failed', sid: payload.sid });
          for (const t of targets) if (!outcomes.has(t.planned.requestKey)) outcomes.set(t.planned.requestKey, { ok: false, httpStatus: null, error: internal });
        }
      }
    } catch (err) {
      verdict = { result: 'invalid', error: describeFailure(err).message };
      exit = EXIT.config;
    }
  }

  const events: OutcomeEvent[] = [];
  const source = eventSource(spec.name, ctx.tenant ?? common.account);
  const counts: Record<string, number> = {};
  for (const p of plans) {
    const outcome = p.planned ? outcomes.get(p.planned.requestKey) : undefined;
    const record = responseOutcome(p, outcome, ctx, verdict);
    const result = String(record.result);
    counts[result] = (counts[result] ?? 0) + 1;
    events.push({ sourcetype: 'defender_sync:action', source, record });
  }
  for (const p of plans)
    if (p.planned && p.duplicateOf === undefined) events.push(...(outcomes.get(p.planned.requestKey)?.events ?? []));

  let recorded = true;
  try {
    await submitEvents(client, common.index, events);
  } catch (err) {
    recorded = false;
    logger.error(notRecordedMessage(events.length, common.index, describeFailure(err).message), { action: 'alert_not_recorded', sid: payload.sid });
  }
  if (verdict?.error) logger.error(verdict.error, { action: 'alert_failed', sid: payload.sid, rows: plans.length });

  const failed = [...outcomes.values()].some((o) => !o.ok);
  const invalid = plans.some((p) => p.invalid);
  const code = finalExitCode({ decided: exit, internal: internal !== undefined, failed, invalid, recorded });
  const stats = session?.stats ?? { requests: 0, throttled: 0, retries: 0 };
  logger.info('', {
    action: 'alert_complete',
    action_name: spec.name,
    search_name: payload.search_name,
    sid: payload.sid,
    account: common.account,
    tenant: ctx.tenant,
    user: ctx.user,
    rows: plans.length,
    targets: distinctTargets(plans),
    succeeded: counts[SUCCEEDED] ?? 0,
    failed: counts[FAILED] ?? 0,
    invalid: counts.invalid ?? 0,
    refused: counts.refused ?? 0,
    dry_run: counts.dry_run ?? 0,
    duplicates: plans.filter((p) => p.duplicateOf !== undefined).length,
    requests: stats.requests,
    throttled: stats.throttled,
    retries: stats.retries,
    duration_ms: clock.now() - started,
    exit_code: code,
  });
  return code;
}

function targetsOf<P>(plans: readonly RowPlan<P>[], rows: ReadonlyArray<{ rowIndex: number; fields: Fields }>): ActionTarget<P>[] {
  const byRow = new Map(rows.map((r) => [r.rowIndex, r.fields]));
  return plans.flatMap((p) => (p.planned && p.duplicateOf === undefined ? [{ planned: p.planned, row: p.row, fields: byRow.get(p.row) ?? {} }] : []));
}
