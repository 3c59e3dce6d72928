// Kusto datetimes are 100 ns ticks; rows carry them as ISO 8601 UTC text with 7 fractional digits. Both are
// compared as the simulator's ticks (sandbox/simulator/time.ts), exact in a double.
import { parseTimestamp, type Ticks } from '../../time';

/**
 * Ticks of a datetime as KQL accepts it in `datetime(…)` and timespans: full ISO 8601 (0–7 fractional
 * digits, `Z` or an offset), a date alone, or a space instead of `T`, without a zone meaning UTC.
 */
export function ticksOf(text: string): Ticks | undefined {
  let t = text.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(t)) t += 'Z';
  return parseTimestamp(t.replace(/z$/, 'Z'));
}
