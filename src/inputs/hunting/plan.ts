// defender_sync_hunting's fetch plan: one page per time window (its rows, then the cursor = the window's end),
// so ingest() writes a window's events before it checkpoints the window (DESIGN §5 rules 3 and 8). A window
// whose result reaches the row cap is never emitted: it is halved and queried again until it fits.
import { SOURCETYPE } from '../../config/names';
import { DefenderError } from '../../defender/errors';
import { HuntingRowCapError, HUNTING_ROW_CAP, runHuntingQuery, type HuntingResult, type HuntingSession } from '../../defender/hunting';
import { recordEvent, type EventTarget } from '../common/events';
import type { IngestPlan, Page } from '../common/ingest';
import type { DefenderRecord } from '../common/records';
import { isoFromMs, toTicks } from '../common/timestamp';
import { windowQuery } from '../hunting-params';
import { MAX_WINDOW_MS, nextSize, planRun, splitSize, windowEnd } from './windows';

export interface HuntingParams {
  query: string;
  delayMs: number;
}

export interface HuntingPlanDeps {
  /** Runs one query (default: Graph runHuntingQuery through the session). */
  run?: (query: string, timespan: string) => Promise<HuntingResult>;
  now: () => number;
}

/** Graph's timespan for a window: a second wider on both sides; the where clause is the exact bound. */
export function windowTimespan(fromMs: number, toMs: number): string {
  return `${isoFromMs(fromMs - 1000)}/${isoFromMs(toMs + 1000)}`;
}

/** One row as an event: its columns as JSON, `_time` from its Timestamp (every digit), else the run's time. */
export function rowEvent(row: DefenderRecord, runTime: string, target: EventTarget) {
  const ts = row.Timestamp;
  const time = typeof ts === 'string' && toTicks(ts) !== undefined ? ts : runTime;
  return recordEvent(row, time, SOURCETYPE.hunting, target);
}

export function huntingPlan(session: HuntingSession & { account: { name: string; tenantId: string } }, target: EventTarget, p: HuntingParams, deps: HuntingPlanDeps): IngestPlan {
  const run = deps.run ?? ((query: string, timespan: string) => runHuntingQuery(session, { query, timespan }));
  const runTime = isoFromMs(deps.now());
  return {
    async *pages(cursor): AsyncIterable<Page> {
      const plan = planRun(cursor.time, deps.now(), p.delayMs);
      let from = plan.from;
      let fromMs = plan.fromMs;
      let size = MAX_WINDOW_MS;
      while (fromMs < plan.targetMs) {
        const toMs = windowEnd(fromMs, size, plan.targetMs);
        const to = isoFromMs(toMs);
        let result: HuntingResult;
        try {
          result = await run(windowQuery(p.query, from, to), windowTimespan(fromMs, toMs));
        } catch (err) {
          if (!(err instanceof HuntingRowCapError)) throw err;
          const smaller = splitSize(toMs - fromMs);
          if (smaller === undefined) throw tooDense(err, from, to);
          size = smaller;
          continue;
        }
        yield { records: result.results, cursor: { time: to, ids: [] } };
        size = nextSize(toMs - fromMs, result.results.length, HUNTING_ROW_CAP);
        from = to;
        fromMs = toMs;
      }
    },
    events: (record) => [rowEvent(record, runTime, target)],
  };
}

/** A one-second window that still reaches the cap: only a narrower query can help; nothing is skipped. */
function tooDense(err: HuntingRowCapError, from: string, to: string): DefenderError {
  return new DefenderError(
    'hunting_window_too_dense',
    'bad_request',
    err.context,
    `the window (${from}, ${to}] alone returns ${HUNTING_ROW_CAP.toLocaleString('en-US')} rows, Microsoft's row cap, so it cannot be split further`,
    'Fix: narrow the query (add where filters, project fewer columns or summarize); the input stays at this window until the query fits, so nothing is skipped.',
    200,
  );
}
