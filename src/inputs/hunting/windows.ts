// Window planning for scheduled hunting (DESIGN §5 rule 8), pure: the first window ends `delay` before
// now (Defender's ingestion lag) and starts `lookback` before that; each later window starts exactly where
// the last complete one ended (the cursor), so windows are contiguous and never overlap. A backlog is cut into
// windows of at most MAX_WINDOW_MS; a window that reaches the row cap is halved until it fits.
import { isoFromMs } from '../common/timestamp';
import { RETENTION_MS } from '../hunting-params';

export { DEFAULT_DELAY, DEFAULT_LOOKBACK, RETENTION_MS } from '../hunting-params';

/** Longest window one query covers; smaller after a split, growing back while windows stay well under the cap. */
export const MAX_WINDOW_MS = 3_600_000;
/** A window this short that still reaches the cap cannot be split further: the query must be narrowed. */
export const MIN_WINDOW_MS = 1000;
/** Margin inside the retention edge, so the oldest window is not expiring while it is queried. */
export const RETENTION_MARGIN_MS = 10 * 60_000;

export interface WindowPlan {
  /** Exclusive start as written in the checkpoint (exact), and in ms for arithmetic. */
  from: string;
  fromMs: number;
  /** Where windows stop this run: now - delay. */
  targetMs: number;
}

/** The first window's start for a brand-new input. */
export function firstStart(nowMs: number, lookbackMs: number, delayMs: number): string {
  return isoFromMs(nowMs - delayMs - lookbackMs);
}

/** Where this run's windows go: from the cursor (or the retention edge, if the cursor fell behind it) to now - delay. */
export function planRun(cursor: string, nowMs: number, delayMs: number): WindowPlan {
  const cursorMs = Date.parse(cursor);
  const oldest = nowMs - RETENTION_MS + RETENTION_MARGIN_MS;
  if (Number.isNaN(cursorMs)) throw new Error(`hunting cursor '${cursor}' is not a time`);
  if (cursorMs < oldest) return { from: isoFromMs(oldest), fromMs: oldest, targetMs: nowMs - delayMs };
  return { from: cursor, fromMs: cursorMs, targetMs: nowMs - delayMs };
}

/** End of the next window from `fromMs` with at most `sizeMs`, never past the target. */
export function windowEnd(fromMs: number, sizeMs: number, targetMs: number): number {
  return Math.min(fromMs + sizeMs, targetMs);
}

/** The size to try after a window of `sizeMs` reached the cap: half, or undefined when it cannot shrink. */
export function splitSize(sizeMs: number): number | undefined {
  if (sizeMs <= MIN_WINDOW_MS) return undefined;
  return Math.max(MIN_WINDOW_MS, Math.floor(sizeMs / 2));
}

/** The size for the next window after one of `sizeMs` returned `rows` (cap `cap`): grow back while sparse. */
export function nextSize(sizeMs: number, rows: number, cap: number): number {
  return rows < cap / 4 ? Math.min(MAX_WINDOW_MS, sizeMs * 2) : sizeMs;
}
