// runHuntingQuery's `Timespan` (defender-response.md §4): "P30D" (the last 30 days), "start/end",
// "P30D/end", "start/P30D", or a single start datetime (start until now). Absent: the last 30 days.
// Durations are ISO 8601 (PnDTnHnMnS, PnW); datetimes ISO 8601 UTC.
import { ticksFromMs, TICKS_PER_SECOND, type Ticks } from '../time';
import { ticksOf } from './kql/datetime';

export const DEFAULT_TIMESPAN = 'P30D';

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** An ISO 8601 duration in ticks; undefined when it is not one. */
export function durationTicks(text: string): Ticks | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().length <= 1 || /T$/i.test(text.trim())) return undefined;
  const [, w = '0', d = '0', h = '0', min = '0', s = '0'] = m;
  const seconds = Number(w) * 604_800 + Number(d) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(s);
  return Math.round(seconds * TICKS_PER_SECOND);
}

export class TimespanError extends Error {}

/** The inclusive [from, to] a timespan covers at `nowMs`, in ticks. */
export function resolveTimespan(text: string | undefined, nowMs: number): { from: Ticks; to: Ticks } {
  const now = ticksFromMs(nowMs);
  const spec = (text ?? DEFAULT_TIMESPAN).trim();
  const bad = (): never => {
    throw new TimespanError(
      `Invalid timespan '${spec}': use an ISO 8601 duration (P7D), an interval (2024-02-01T00:00:00Z/2024-02-02T00:00:00Z, P1D/2024-02-02T00:00:00Z, 2024-02-01T00:00:00Z/P1D) or a start datetime.`,
    );
  };
  const parts = spec.split('/');
  if (parts.length > 2 || spec === '') return bad();
  if (parts.length === 1) {
    const d = durationTicks(spec);
    if (d !== undefined) return { from: now - d, to: now };
    const start = ticksOf(spec);
    return start === undefined ? bad() : { from: start, to: now };
  }
  const [a = '', b = ''] = parts;
  const da = durationTicks(a);
  const db = durationTicks(b);
  const ta = ticksOf(a);
  const tb = ticksOf(b);
  if (ta !== undefined && tb !== undefined) return { from: ta, to: tb };
  if (da !== undefined && tb !== undefined) return { from: tb - da, to: tb };
  if (ta !== undefined && db !== undefined) return { from: ta, to: ta + db };
  return bad();
}
