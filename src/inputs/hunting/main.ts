// defender_sync_hunting: the seam src/entry/defender_sync_hunting.ts loads on demand. A plain InputSpec
// (interface 6): runInput or the single-instance scheduler do the rest (config, session, checkpoint, summary).
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, Params, ValidationConfig } from '../../splunk/modinput/input-xml';
import { runHuntingQuery } from '../../defender/hunting';
import { isoFromMs } from '../common/timestamp';
import { streamFromProcess, validateFromProcess } from '../common/process';
import { param, type InputSpec } from '../common/run';
import { huntingInput } from '../definitions';
import { durationMs, windowQuery } from '../hunting-params';
import { huntingPlan, windowTimespan } from './plan';
import { DEFAULT_DELAY, DEFAULT_LOOKBACK, firstStart } from './windows';

const msOf = (params: Params, name: string, fallback: string): number => durationMs(param(params, name) || fallback) as number;

/** --validate-arguments (the setup page's live check): the query once over the last complete minute, one row. */
export const PROBE_WINDOW_MS = 60_000;

export const huntingSpec: InputSpec = {
  definition: huntingInput,
  startCursor: (params, nowMs) => firstStart(nowMs, msOf(params, 'lookback', DEFAULT_LOOKBACK), msOf(params, 'delay', DEFAULT_DELAY)),
  plan: (session, target, params) =>
    huntingPlan(session, target, { query: param(params, 'query'), delayMs: msOf(params, 'delay', DEFAULT_DELAY) }, { now: Date.now }),
  probe: (session, params) => {
    const toMs = Date.now() - msOf(params, 'delay', DEFAULT_DELAY);
    const fromMs = toMs - PROBE_WINDOW_MS;
    const query = `${windowQuery(param(params, 'query'), isoFromMs(fromMs), isoFromMs(toMs))}\n| take 1`;
    return runHuntingQuery(session, { query, timespan: windowTimespan(fromMs, toMs) });
  },
};

export const validate = (cfg: ValidationConfig): Promise<string | undefined> => validateFromProcess(huntingSpec, cfg);
export const stream = (cfg: InputConfig, writer: EventWriter, stdinClosed?: AbortSignal): Promise<number> => streamFromProcess(huntingSpec, cfg, writer, stdinClosed);
