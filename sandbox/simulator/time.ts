// Exact Graph timestamps. Graph serialises DateTimeOffset with 7 fractional digits (100 ns);
// a JS Date keeps only milliseconds, so times are held as 100 ns "ticks" since 2020-01-01Z,
// which a double represents exactly from ~1991 to ~2048.
export type Ticks = number;

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
const EPOCH_MS = Date.UTC(2020, 0, 1);

export function ticksFromMs(ms: number): Ticks {
  return (ms - EPOCH_MS) * TICKS_PER_MS;
}

export function msFromTicks(t: Ticks): number {
  return EPOCH_MS + Math.floor(t / TICKS_PER_MS);
}

// Formatting is hot (a 2000-alert page prints ~20,000 timestamps), so the date is computed with
// integer arithmetic (Hinnant's civil-from-days) instead of allocating a Date each time.
const EPOCH_DAYS = EPOCH_MS / 86_400_000;
const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** `YYYY-MM-DDTHH:mm:ss` for a whole number of seconds since the ticks epoch. */
export function secondsPrefix(second: number): string {
  const dayIndex = Math.floor(second / 86_400);
  let rest = second - dayIndex * 86_400;
  const z = dayIndex + EPOCH_DAYS + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(rest - minute * 60)}`;
}

/**
 * ISO-8601 UTC with `digits` fractional digits (truncating). With `trim`, trailing zeros are
 * dropped the way Graph sometimes prints them (`…33.1Z`, `…33.12Z`).
 */
export function formatTicks(t: Ticks, digits = 7, trim = false): string {
  const second = Math.floor(t / TICKS_PER_SECOND);
  let fraction = String(t - second * TICKS_PER_SECOND).padStart(7, '0');
  if (digits < 7) fraction = fraction.slice(0, digits);
  if (trim) fraction = fraction.replace(/0+$/, '');
  return secondsPrefix(second) + (fraction ? '.' + fraction : '') + 'Z';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 timestamp with 0–7 fractional digits; undefined when it is not one. */
export function parseTimestamp(text: string): Ticks | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m as unknown as string[];
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(base).getUTCDate() !== day) return undefined; // e.g. 2024-02-30
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const fractionTicks = frac ? Number(frac.padEnd(7, '0')) : 0;
  return ticksFromMs(base - offsetMinutes * 60_000) + fractionTicks;
}

/** `2024-05-08T08:26:36` — the innerError.date form Graph uses (no fraction, no zone). */
export function graphErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `2024-01-01 00:00:00Z` — the timestamp form in Entra error bodies. */
export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}
