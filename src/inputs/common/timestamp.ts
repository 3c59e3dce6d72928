// Defender timestamps compared exactly: Graph sends up to 7 fractional digits (100 ns ticks), sometimes fewer
// ("…33.1Z"), so string comparison and Date (milliseconds) both lose. The original string is always kept
// for filters and events; ticks are only for ordering.

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** 100 ns ticks since the Unix epoch, or undefined when the text is not an ISO 8601 timestamp with zone. */
export function toTicks(timestamp: string): bigint | undefined {
  const m = TIMESTAMP.exec(timestamp);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const wholeMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wholeMs)) return undefined;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const fracTicks = BigInt((frac + '0000000').slice(0, 7));
  return (BigInt(wholeMs) - BigInt(offsetMinutes) * 60_000n) * 10_000n + fracTicks;
}

export function requireTicks(timestamp: string, what: string): bigint {
  const ticks = toTicks(timestamp);
  if (ticks === undefined) throw new Error(`${what}: '${timestamp}' is not an ISO 8601 timestamp`);
  return ticks;
}

export function compareTimestamps(a: string, b: string): number {
  const ta = requireTicks(a, 'timestamp');
  const tb = requireTicks(b, 'timestamp');
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Epoch seconds with every fractional digit the timestamp had, for the event's `<time>`. */
export function epochSeconds(timestamp: string): string {
  const ticks = requireTicks(timestamp, 'event time');
  const negative = ticks < 0n;
  const abs = negative ? -ticks : ticks;
  const seconds = abs / 10_000_000n;
  const fraction = (abs % 10_000_000n).toString().padStart(7, '0').replace(/0+$/, '');
  const text = fraction ? `${seconds}.${fraction}` : `${seconds}`;
  return negative ? `-${text}` : text;
}

/** ISO 8601 UTC with 7 fractional digits from 100 ns ticks (a slice bound between two records' times). */
export function isoFromTicks(ticks: bigint): string {
  const seconds = ticks / 10_000_000n;
  const fraction = (ticks % 10_000_000n).toString().padStart(7, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** ISO 8601 UTC with 7 fractional digits, for a start time computed by us (never from the clock mid-run). */
export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '0000Z');
}

/** A start_date as the user typed it (2026-01-31 or 2026-01-31T08:00:00Z) → a filter literal. */
export function normaliseStartDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}
