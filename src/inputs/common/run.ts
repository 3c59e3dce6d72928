// One run of an input stanza, and its --validate-arguments check: read the account and settings from
// splunkd, open a Defender session, resume from the checkpoint, ingest within the time budget, and log one
// summary line (DESIGN §4). Every failure ends as one actionable ERROR line and a non-zero exit code.
import { ConfigError } from '../../config/account';
import { eventSource } from '../../config/names';
import { loadAccount, loadSettings, type ConfigSource } from '../../config/source';
import { splunkdConfigSource } from '../../config/splunkd-source';
import { DefenderError } from '../../defender/errors';
import { openSession, type DefenderSession, type SessionOptions } from '../../defender/session';
import { createLogger, type Logger } from '../../splunk/log';
import type { InputDefinition } from '../../splunk/modinput/definition';
import type { InputConfig, Params, Stanza, ValidationConfig } from '../../splunk/modinput/input-xml';
import { validateArguments } from '../../splunk/modinput/runner';
import { SplunkdClient } from '../../splunk/rest';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_START_DAYS_AGO, type EndpointRegion } from '../definitions';
import { runBudgetMs } from './budget';
import { CheckpointFile } from './checkpoint';
import type { EventTarget } from './events';
import { ingest, STATE_VERSION, type EventSink, type IngestPlan, type IngestResult, type IngestState } from './ingest';
import { RecordError } from './records';
import { isoFromMs, normaliseStartDate } from './timestamp';

export interface InputSpec {
  definition: InputDefinition;
  plan(session: DefenderSession, target: EventTarget, params: Params): IngestPlan;
  /** One cheap live call proving account, permission and network (for --validate-arguments). */
  probe(session: DefenderSession, params: Params): Promise<unknown>;
  /** Extra state of a brand-new checkpoint. */
  initialState?: Partial<IngestState>;
  /** A brand-new checkpoint's cursor when the input has no start_date (hunting: now - delay - lookback). */
  startCursor?(params: Params, nowMs: number): string;
}

export interface RunDeps {
  stderr: NodeJS.WritableStream;
  splunkHome?: string;
  now?: () => number;
  signal?: AbortSignal;
  /** The process's logger (the scheduler shares one, so one log file descriptor); default: a new one per run. */
  logger?: Logger;
  /**
   * Aborts the run's requests in flight (the scheduler, when a run's slot is over). `signal` only stops the
   * run between pages, so a stop finishes the page in flight and checkpoints it.
   */
  abortRequests?: AbortSignal;
  /** Where accounts, settings and secrets are read (the scheduler shares a cached one); default: splunkd. */
  configSource?: ConfigSource;
  /** Opens the Defender session (the scheduler shares token caches, agents and pacers); default: a new one. */
  openSession?: (options: SessionOptions) => DefenderSession;
}

const VALIDATION_BUDGET_MS = 20_000;

export function param(params: Params, name: string): string {
  const v = params[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

const inputName = (stanza: string): string => stanza.slice(stanza.indexOf('://') + 3);

/** Loads what a run needs from splunkd; secrets are registered with the logger before anything logs. */
async function prepare(
  cfg: { serverUri: string; sessionKey: string },
  params: Params,
  logger: Logger,
  deadline: number,
  deps: Pick<RunDeps, 'openSession' | 'abortRequests' | 'configSource'> = {},
) {
  const client = deps.configSource ? undefined : new SplunkdClient({ serverUri: cfg.serverUri, sessionKey: cfg.sessionKey });
  try {
    const source = deps.configSource ?? splunkdConfigSource(client!);
    const { settings, proxyPassword } = await loadSettings(source);
    logger.setLevel(settings.logLevel);
    if (proxyPassword) logger.addSecret(proxyPassword);
    const { account, secret } = await loadAccount(source, param(params, 'account'));
    logger.addSecret(secret);
    const region = (param(params, 'region') || 'default') as EndpointRegion;
    return (deps.openSession ?? openSession)({
      account,
      secret,
      settings,
      ...(proxyPassword ? { proxyPassword } : {}),
      region,
      deadline,
      ...(deps.abortRequests ? { signal: deps.abortRequests } : {}),
    });
  } finally {
    client?.close();
  }
}

/** The message for an error: ours are already actionable; anything else is a bug to report. */
export function describeFailure(err: unknown): { message: string; code: string } {
  if (err instanceof DefenderError) return { message: err.message, code: err.code };
  if (err instanceof ConfigError) return { message: err.message, code: 'config_error' };
  if (err instanceof RecordError) return { message: `unexpected API data: ${err.message}`, code: 'unexpected_data' };
  const e = err as { name?: string; message?: string; status?: number };
  if (e?.name === 'SplunkdError') return { message: `${e.message} (check that splunkd is running and the add-on is installed)`, code: 'splunkd_error' };
  return { message: `unexpected error: ${e?.message ?? String(err)}; please report this line to the add-on's maintainers`, code: 'internal_error' };
}

export async function runInput(spec: InputSpec, cfg: InputConfig, writer: EventSink, deps: RunDeps): Promise<number> {
  let exit = 0;
  for (const stanza of cfg.stanzas) {
    const code = await runStanza(spec, cfg, stanza, writer, deps);
    exit = Math.max(exit, code);
  }
  return exit;
}

/** One run of one stanza: 0 when it caught up or stopped cleanly, 1 when it failed (one ERROR line says why). */
export async function runStanza(spec: InputSpec, cfg: InputConfig, stanza: Stanza, writer: EventSink, deps: RunDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  const started = now();
  const scheme = spec.definition.scheme;
  const name = inputName(stanza.name);
  const logger = deps.logger ?? createLogger({ component: scheme, stderr: deps.stderr, ...(deps.splunkHome ? { splunkHome: deps.splunkHome } : {}) });
  logger.addSecret(cfg.sessionKey);
  let session: DefenderSession | undefined;
  // What is done so far: the starting state, then each checkpointed page, then the final result.
  let result: IngestResult | undefined;
  let failure: string | undefined;
  try {
    const problem = validateArguments(spec.definition.args, stanza.params);
    if (problem) throw new ConfigError(`input '${name}': ${problem}`);
    const deadline = started + runBudgetMs(param(stanza.params, 'interval'), DEFAULT_INTERVAL_SECONDS);
    session = await prepare(cfg, stanza.params, logger, deadline, deps);
    const checkpoint = new CheckpointFile<IngestState>(cfg.checkpointDir, stanza.name);
    const state = await startingState(spec, checkpoint, session, stanza.params, logger, now);
    result = { events: 0, pages: 0, bySourcetype: {}, caughtUp: false, state };
    // The stanza attribute ties each event to its input (required when one process serves all stanzas).
    const target: EventTarget = { source: eventSource(scheme, session.account.tenantId), stanza: stanza.name };
    const index = param(stanza.params, 'index');
    if (index) target.index = index;
    result = await ingest({
      plan: spec.plan(session, target, stanza.params),
      state,
      writer,
      checkpoint,
      now,
      deadline,
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: (done) => (result = done),
    });
    if (!result.caughtUp)
      logger.info(`input '${name}' stopped before catching up (${result.stoppedBy}); the next run continues from the checkpoint`);
    return 0;
  } catch (err) {
    const { message, code } = describeFailure(err);
    failure = code;
    logger.error(message, { action: 'run_failed', input: name, error_code: code });
    return 1;
  } finally {
    // The one summary line of the run (DESIGN §4), in this order, every field present even when the run
    // failed before knowing it (empty value).
    const status = failure ? 'failed' : result?.caughtUp ? 'caught_up' : result?.stoppedBy === 'signal' ? 'stopped' : 'budget_spent';
    logger.info('', {
      action: 'run_complete',
      input: name,
      account: param(stanza.params, 'account'),
      tenant: session?.account.tenantId ?? '',
      events: result?.events ?? 0,
      pages: result?.pages ?? 0,
      requests: session?.stats.requests ?? 0,
      throttled: session?.stats.throttled ?? 0,
      retries: session?.stats.retries ?? 0,
      duration_ms: now() - started,
      cursor: result?.state.cursor.time ?? '',
      status,
      ...(failure ? { error_code: failure } : {}),
      // The health rules count in intervals (src/health/states.ts); the search head may not see inputs.conf.
      interval: Number(param(stanza.params, 'interval')) || DEFAULT_INTERVAL_SECONDS,
      ...Object.fromEntries(Object.entries(result?.bySourcetype ?? {}).map(([st, n]) => [`events_${st.replace(/\W+/g, '_')}`, n])),
    });
  }
}

async function startingState(
  spec: InputSpec,
  checkpoint: CheckpointFile<IngestState>,
  session: DefenderSession,
  params: Params,
  logger: Logger,
  now: () => number,
): Promise<IngestState> {
  const tenant = session.account.tenantId;
  const { state, problem } = await checkpoint.load();
  if (problem) logger.error(problem);
  if (state && state.version === STATE_VERSION && state.tenant === tenant && state.cursor?.time) return state;
  if (state && state.tenant !== tenant)
    logger.warn(`the input's account now points at tenant ${tenant} (was ${state.tenant}): starting again from start_date`);
  const startDate = param(params, 'start_date');
  const start = spec.startCursor
    ? spec.startCursor(params, now())
    : startDate
      ? normaliseStartDate(startDate)
      : isoFromMs(now() - DEFAULT_START_DAYS_AGO * 86_400_000);
  const fresh: IngestState = { version: STATE_VERSION, tenant, cursor: { time: start, ids: [] }, ...spec.initialState };
  // Saved at once, so a run that dies before its first page does not move a computed start date.
  await checkpoint.save(fresh);
  return fresh;
}

export async function validateInput(spec: InputSpec, cfg: ValidationConfig, deps: RunDeps): Promise<string | undefined> {
  const now = deps.now ?? Date.now;
  const logger = createLogger({ component: spec.definition.scheme, stderr: deps.stderr });
  logger.addSecret(cfg.sessionKey);
  try {
    const session = await prepare(cfg, cfg.params, logger, now() + VALIDATION_BUDGET_MS);
    await spec.probe(session, cfg.params);
    return undefined;
  } catch (err) {
    return describeFailure(err).message;
  }
}
