// The single-instance run model (docs/architecture.md "Run model"): splunkd starts one process per scheme
// with every stanza of the scheme on stdin and never schedules it again, so this process runs each stanza at
// its own interval, at most `concurrency` at once, until splunkd stops it (SIGTERM) or restarts it with a new
// configuration. Every run is the same `runStanza` a per-stanza process does — same checkpoint file, same
// summary line — with a shared logger and shared sessions (token caches, agents, pacers per app and tenant).
//
// Isolation: each run gets its interval's time budget; at the end of it (plus a grace for the page in
// flight) its requests are aborted, and if it still has not returned its slot is given to the others. A run
// that has not returned is never started again, so two runs of one stanza never overlap (one checkpoint).
import type { ConfigSource } from '../../config/source';
import { SessionPool } from '../../defender/session-pool';
import { createLogger, type Logger } from '../../splunk/log';
import type { InputConfig, Stanza } from '../../splunk/modinput/input-xml';
import { DEFAULT_INTERVAL_SECONDS } from '../definitions';
import type { EventSink } from '../common/ingest';
import { param, runStanza, type InputSpec, type RunDeps } from '../common/run';
import { dueNow, msUntilNext, nextDue, parseInterval, type Interval, type Slot } from './schedule';

export interface Timers {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    // Timers beyond 2^31-1 ms fire at once in Node; nothing here needs to wait that long.
    const t = setTimeout(fn, Math.min(ms, 2_147_483_647));
    return () => clearTimeout(t);
  },
};

export interface SchedulerOptions {
  stderr: NodeJS.WritableStream;
  splunkHome?: string;
  /** Aborted when splunkd stops the process: running stanzas stop after their page, nothing new starts. */
  signal: AbortSignal;
  concurrency: number;
  timers?: Timers;
  /** After the budget: how long a page in flight may finish before its requests are aborted. */
  graceMs?: number;
  /** After SIGTERM: how long to wait for running stanzas to checkpoint before returning. */
  stopWaitMs?: number;
  logger?: Logger;
  /** Accounts, settings and secrets, shared by every run (config/cached-source.ts). */
  configSource?: ConfigSource;
  /** The scheme's stanzas as splunkd has them now (stanzas.ts); re-read every `refreshMs`. */
  refresh?: () => Promise<Stanza[]>;
  refreshMs?: number;
  /** For tests: replaces the real run of a stanza. */
  run?: (stanza: Stanza, deps: RunDeps) => Promise<number>;
}

export const DEFAULT_GRACE_MS = 10_000;
export const DEFAULT_REFRESH_MS = 60_000;
/** Runs answer an abort within a page; one stuck in a call that cannot be cancelled is not waited for long. */
export const DEFAULT_STOP_WAIT_MS = 5_000;

interface Entry extends Slot {
  stanza: Stanza;
  interval: Interval;
  /** The run in progress, until it returns (even after its slot was given back). */
  pending?: Promise<unknown>;
  holdsSlot: boolean;
  /** Aborts the run's requests in flight. */
  abortRequests?: () => void;
  /** Start of the last run. */
  lastStart?: number;
  /** Deleted or disabled while running: dropped when the run returns. */
  removed?: boolean;
}

const isDisabled = (s: Stanza): boolean => /^(1|true|yes|t|y|on)$/i.test(param(s.params, 'disabled'));
const inputName = (stanza: string): string => stanza.slice(stanza.indexOf('://') + 3);

export async function runScheduler(spec: InputSpec, cfg: InputConfig, writer: EventSink, o: SchedulerOptions): Promise<number> {
  const timers = o.timers ?? realTimers;
  const graceMs = o.graceMs ?? DEFAULT_GRACE_MS;
  const scheme = spec.definition.scheme;
  const logger = o.logger ?? createLogger({ component: scheme, stderr: o.stderr, ...(o.splunkHome ? { splunkHome: o.splunkHome } : {}) });
  logger.addSecret(cfg.sessionKey);
  // Sockets for every run at once, plus token requests.
  const pool = new SessionPool({ maxSockets: Math.max(8, o.concurrency * 2) });
  const run =
    o.run ??
    ((stanza: Stanza, deps: RunDeps) =>
      runStanza(spec, cfg, stanza, writer, { ...deps, stderr: o.stderr, ...(o.splunkHome ? { splunkHome: o.splunkHome } : {}) }));

  const entries = new Map<string, Entry>();
  /** Takes the stanza set as it is now: new ones are due at once, edited ones run with their new parameters. */
  const reconcile = (stanzas: readonly Stanza[]): { added: number; changed: number; removed: number } => {
    const counts = { added: 0, changed: 0, removed: 0 };
    const now = timers.now();
    const wanted = new Map(stanzas.filter((s) => !isDisabled(s)).map((s) => [s.name, s]));
    for (const [name, entry] of entries) {
      if (wanted.has(name)) continue;
      counts.removed++;
      if (entry.running) entry.removed = true;
      else entries.delete(name);
    }
    for (const [name, stanza] of wanted) {
      const entry = entries.get(name);
      if (entry && !entry.removed && JSON.stringify(entry.stanza.params) === JSON.stringify(stanza.params)) continue;
      const interval = parseInterval(param(stanza.params, 'interval'), DEFAULT_INTERVAL_SECONDS);
      if (interval.note) logger.warn(`input '${inputName(name)}': ${interval.note}`);
      if (!entry) {
        counts.added++;
        entries.set(name, { name, stanza, interval, due: now, running: false, holdsSlot: false });
        continue;
      }
      counts.changed++;
      entry.removed = false;
      entry.stanza = stanza;
      if (entry.interval.everyMs !== interval.everyMs && !entry.running) entry.due = nextDue(entry.lastStart ?? now, now, interval.everyMs);
      entry.interval = interval;
    }
    return counts;
  };
  reconcile(cfg.stanzas);
  logger.info('', { action: 'scheduler_start', scheme, stanzas: entries.size, concurrency: o.concurrency });

  let wake: (() => void) | undefined;
  const poke = () => wake?.();
  o.signal.addEventListener('abort', poke, { once: true });
  let slotsInUse = 0;

  const launch = (entry: Entry) => {
    const started = timers.now();
    entry.lastStart = started;
    // Two stops: between pages (splunkd stopping us: the page in flight is finished and checkpointed), and
    // of the requests in flight (the slot is over: a hung connection must not hold it).
    const pages = new AbortController();
    const requests = new AbortController();
    const stop = () => pages.abort();
    o.signal.addEventListener('abort', stop, { once: true });
    entry.running = true;
    entry.holdsSlot = true;
    entry.abortRequests = () => requests.abort();
    slotsInUse++;
    const release = () => {
      if (!entry.holdsSlot) return;
      entry.holdsSlot = false;
      slotsInUse--;
      poke();
    };
    // End of the slot: abort what is in flight; a run that still does not return gives its slot back.
    const cancelAbort = timers.after(entry.interval.budgetMs + graceMs, () => {
      pages.abort();
      requests.abort();
    });
    const cancelRelease = timers.after(entry.interval.budgetMs + 2 * graceMs, () => {
      if (!entry.holdsSlot) return;
      logger.warn(`input '${inputName(entry.name)}' did not return ${Math.round((entry.interval.budgetMs + 2 * graceMs) / 1000)} s after it started; its slot goes to the other inputs and it is not started again until it returns`, { action: 'run_overdue', input: inputName(entry.name) });
      release();
    });
    entry.pending = run(entry.stanza, {
      stderr: o.stderr,
      logger,
      now: timers.now,
      signal: pages.signal,
      abortRequests: requests.signal,
      openSession: (s) => pool.open(s),
      ...(o.configSource ? { configSource: o.configSource } : {}),
    })
      .catch((err: unknown) => {
        // runStanza reports its own failures; anything else is a bug, kept to this stanza.
        logger.error(`input '${inputName(entry.name)}': unexpected error: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        cancelAbort();
        cancelRelease();
        o.signal.removeEventListener('abort', stop);
        entry.running = false;
        entry.pending = undefined;
        entry.due = nextDue(started, timers.now(), entry.interval.everyMs);
        if (entry.removed) entries.delete(entry.name);
        release();
      });
  };

  // Re-reading the stanzas: a failure keeps the set as it is (one WARN per streak of failures).
  let cancelRefresh = () => {};
  let refreshFailing = false;
  const scheduleRefresh = () => {
    if (!o.refresh || o.signal.aborted) return;
    const refresh = o.refresh;
    cancelRefresh = timers.after(o.refreshMs ?? DEFAULT_REFRESH_MS, () => {
      void refresh()
        .then((stanzas) => {
          refreshFailing = false;
          const counts = reconcile(stanzas);
          if (counts.added + counts.changed + counts.removed > 0) logger.info('', { action: 'scheduler_reload', scheme, stanzas: entries.size, ...counts });
          poke();
        })
        .catch((err: unknown) => {
          if (!refreshFailing) logger.warn(`could not re-read the ${scheme} inputs from splunkd (${err instanceof Error ? err.message : String(err)}); running the stanzas known so far`);
          refreshFailing = true;
        })
        .finally(scheduleRefresh);
    });
  };
  scheduleRefresh();

  while (!o.signal.aborted) {
    const now = timers.now();
    for (const name of dueNow(entries.values(), now, o.concurrency - slotsInUse)) launch(entries.get(name)!);
    const idle = [...entries.values()].every((e) => !e.running && e.due === Infinity);
    if (idle && !o.refresh) break; // every stanza was run-once and has run, and none can be added
    const delay = slotsInUse >= o.concurrency ? Infinity : msUntilNext(entries.values(), timers.now());
    await new Promise<void>((resolve) => {
      const cancel = delay === Infinity ? () => undefined : timers.after(delay, () => resolve());
      wake = () => {
        cancel();
        resolve();
      };
      if (o.signal.aborted) wake();
    });
    wake = undefined;
  }

  // Stopping: every run was told to stop after its page. Half the wait for that; then the requests still in
  // flight are aborted (a run stuck on a silent host returns at once), and the other half for the rest.
  const stopWaitMs = o.stopWaitMs ?? DEFAULT_STOP_WAIT_MS;
  const running = [...entries.values()].filter((e) => e.pending);
  const settledWithin = (ms: number) =>
    new Promise<void>((resolve) => {
      const pending = running.flatMap((e) => (e.pending ? [e.pending] : []));
      if (pending.length === 0) return resolve();
      const cancel = timers.after(ms, resolve);
      void Promise.allSettled(pending).then(() => {
        cancel();
        resolve();
      });
    });
  await settledWithin(stopWaitMs / 2);
  for (const e of running) e.abortRequests?.();
  await settledWithin(stopWaitMs / 2);
  cancelRefresh();
  o.signal.removeEventListener('abort', poke);
  logger.info('', { action: 'scheduler_stop', scheme, stanzas: entries.size });
  return 0;
}
