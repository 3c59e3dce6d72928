// Input health in the four states Microsoft Defender for Cloud shows for connected partner solutions
// (Healthy, Unhealthy, Stopped reporting, Not reported), from what the add-on's log says about an input
// (its run_complete / run_failed lines, or per partition its stream_status / stream_error lines) and
// when its events last arrived. Pure: the setup page, the splunkd stand-in's tests and the docs share it;
// the dashboard and the "input unhealthy" saved search state the same rules in SPL (docs/soc.md).

export type HealthState = 'healthy' | 'unhealthy' | 'stopped_reporting' | 'not_reported';

export const HEALTH_LABEL: Readonly<Record<HealthState, string>> = {
  healthy: 'Healthy',
  unhealthy: 'Unhealthy',
  stopped_reporting: 'Stopped reporting',
  not_reported: 'Not reported',
};

/** Healthy: a run or status line succeeded within this many intervals; errors this recent make it Unhealthy. */
export const HEALTHY_WITHIN_INTERVALS = 2;
/** Stopped reporting: no run or status line for more than this many intervals. */
export const STOPPED_AFTER_INTERVALS = 3;
/** Stopped reporting: runs succeed but no event arrived for this long (Defender for Cloud's 14 days). */
export const NO_EVENTS_STOPPED_MS = 14 * 86_400_000;

/** What the log says about one input, or one partition of a stream input. Times in epoch milliseconds. */
export interface StatusSummary {
  /** Oldest status line seen (the search's window bounds it). */
  firstSeen?: number;
  /** Newest line of any kind (run_complete, run_failed, stream_status, stream_error). */
  lastSeen?: number;
  /** Newest run_complete whose status is not failed, or stream_status with status=ok. */
  lastSuccess?: number;
  /** Newest failure: run_failed, run_complete status=failed, stream_error, stream_status status=error. */
  lastError?: { time: number; code?: string; message?: string };
  /** The newest run_complete / stream_status line reported a failure. */
  lastStatusFailed?: boolean;
}

export interface HealthInput {
  /** The input's interval (polled) or status interval (stream), seconds. */
  intervalSeconds: number;
  now: number;
  status: StatusSummary;
  /** When the input's newest event was indexed (any of its sourcetypes), epoch ms. */
  lastEvent?: number;
}

export interface Health {
  state: HealthState;
  /** One sentence: why this state, and for Unhealthy the error with its fix (the log message says it). */
  reason: string;
  lastSuccess?: number;
  lastEvent?: number;
  lastError?: StatusSummary['lastError'];
}

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
};

export function inputHealth({ intervalSeconds, now, status, lastEvent }: HealthInput): Health {
  const interval = Math.max(1, intervalSeconds) * 1000;
  const known = {
    ...(status.lastSuccess !== undefined ? { lastSuccess: status.lastSuccess } : {}),
    ...(lastEvent !== undefined ? { lastEvent } : {}),
    ...(status.lastError ? { lastError: status.lastError } : {}),
  };
  if (status.lastSeen === undefined)
    return { state: 'not_reported', reason: 'Created but never ran: the add-on has logged no run or status line for it yet.', ...known };
  const quiet = now - status.lastSeen;
  if (quiet > STOPPED_AFTER_INTERVALS * interval)
    return {
      state: 'stopped_reporting',
      reason: `No run or status line for ${duration(quiet)}, more than ${STOPPED_AFTER_INTERVALS} intervals of ${duration(interval)}: check that the input is enabled and that splunkd runs it (splunkd.log, ExecProcessor).`,
      ...known,
    };
  const recentError = status.lastError !== undefined && now - status.lastError.time <= HEALTHY_WITHIN_INTERVALS * interval;
  if (status.lastStatusFailed || recentError) {
    const e = status.lastError;
    const what = e?.message ? `${e.message}${e.code ? ` (${e.code})` : ''}` : e?.code ? `error ${e.code}` : 'the last run failed';
    return { state: 'unhealthy', reason: status.lastStatusFailed ? `The last run failed: ${what}` : `Errors in the last ${HEALTHY_WITHIN_INTERVALS} intervals: ${what}`, ...known };
  }
  if (status.lastSuccess === undefined || now - status.lastSuccess > HEALTHY_WITHIN_INTERVALS * interval)
    return {
      state: 'unhealthy',
      reason: `No successful run in the last ${HEALTHY_WITHIN_INTERVALS} intervals (${duration(HEALTHY_WITHIN_INTERVALS * interval)}): the input is late or its runs end without a status.`,
      ...known,
    };
  const eventsSince = lastEvent ?? status.firstSeen ?? status.lastSeen;
  if (now - eventsSince > NO_EVENTS_STOPPED_MS)
    return {
      state: 'stopped_reporting',
      reason: `Runs succeed but no event arrived for ${duration(now - eventsSince)} (more than 14 days): check the account's Defender permissions and the input's filters, and that Defender has data.`,
      ...known,
    };
  return { state: 'healthy', reason: `Last successful run ${duration(now - status.lastSuccess)} ago.`, ...known };
}

const SEVERITY: Readonly<Record<HealthState, number>> = { not_reported: 0, healthy: 1, stopped_reporting: 2, unhealthy: 3 };

/** A stream input's health from its partitions': the worst one (Unhealthy, then Stopped reporting, then Healthy). */
export function worstHealth(parts: readonly Health[]): Health | undefined {
  return parts.reduce<Health | undefined>((worst, h) => (!worst || SEVERITY[h.state] > SEVERITY[worst.state] ? h : worst), undefined);
}
