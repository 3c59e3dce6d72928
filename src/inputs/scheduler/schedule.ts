// When each stanza of a single-instance process runs: pure planning over the stanzas' intervals and last
// starts, so the service loop (scheduler.ts) only does I/O. Semantics follow inputs.conf `interval` for
// scripted inputs (splunk-platform.md §1.8): seconds between starts, 0 = again as soon as it ends, -1 = once.
import { runBudgetMs } from '../common/budget';

/** An `interval` that is a cron schedule is run at the default interval (one WARN says so). */
export interface Interval {
  /** Milliseconds from one start to the next; Infinity = run once. */
  everyMs: number;
  /** The run's time budget (common/budget.ts). */
  budgetMs: number;
  note?: string;
}

/** `interval = 0` would spin on a failing stanza: back-to-back runs are at least this far apart. */
export const CONTINUOUS_GAP_MS = 1000;

export function parseInterval(raw: string | undefined, defaultSeconds: number): Interval {
  const text = (raw ?? '').trim();
  if (text === '') return { everyMs: defaultSeconds * 1000, budgetMs: runBudgetMs('', defaultSeconds) };
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    if (seconds < 0) return { everyMs: Infinity, budgetMs: runBudgetMs(text, defaultSeconds) };
    if (seconds === 0) return { everyMs: CONTINUOUS_GAP_MS, budgetMs: runBudgetMs(text, defaultSeconds) };
    return { everyMs: seconds * 1000, budgetMs: runBudgetMs(text, defaultSeconds) };
  }
  return {
    everyMs: defaultSeconds * 1000,
    budgetMs: runBudgetMs(String(defaultSeconds), defaultSeconds),
    note: `interval '${text}' is a cron schedule, which the single-instance scheduler does not evaluate; running every ${defaultSeconds} s (use a number of seconds)`,
  };
}

export interface Slot {
  name: string;
  /** Epoch ms when the stanza may start next. */
  due: number;
  running: boolean;
}

/** Stanzas to start now, most overdue first, at most `free` of them. */
export function dueNow(slots: Iterable<Slot>, now: number, free: number): string[] {
  if (free <= 0) return [];
  return [...slots]
    .filter((s) => !s.running && s.due <= now)
    .sort((a, b) => a.due - b.due || a.name.localeCompare(b.name))
    .slice(0, free)
    .map((s) => s.name);
}

/** Milliseconds until the next idle stanza is due (Infinity: nothing left to schedule). */
export function msUntilNext(slots: Iterable<Slot>, now: number): number {
  let next = Infinity;
  for (const s of slots) if (!s.running) next = Math.min(next, s.due);
  return next === Infinity ? Infinity : Math.max(0, next - now);
}

/** The next start after a run that began at `started` and ended at `ended`: one interval after the start, or at
 * once if the run took longer (splunkd never overlaps two runs of a stanza either). */
export function nextDue(started: number, ended: number, everyMs: number): number {
  if (everyMs === Infinity) return Infinity;
  if (everyMs <= CONTINUOUS_GAP_MS) return ended + CONTINUOUS_GAP_MS;
  return Math.max(started + everyMs, ended);
}
