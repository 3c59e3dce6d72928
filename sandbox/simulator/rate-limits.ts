// Per-app, per-tenant rate limits as Microsoft documents them (defender-api.md §7), as sliding
// windows: a request is refused when the window before it already holds `limit` requests.
// Refused requests still count (Graph: "throttled calls still count"), so retrying early only
// pushes the wait further; Retry-After is the exact time until a slot frees.
import type { Clock } from './clock';

export type RetryAfterForm = 'integer' | 'fractional' | 'absent';
/** `hunting` is keyed by tenant only: runHuntingQuery allows "at least 45 calls per minute per tenant". */
export type Bucket = 'graph' | 'mde' | 'mdeBatchUpdate' | 'hunting' | 'mdeIndicatorBatch';

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export interface BucketPolicy {
  windows: WindowLimit[];
  retryAfter: RetryAfterForm;
}

export interface RateLimitOptions {
  graph: BucketPolicy;
  mde: BucketPolicy;
  mdeBatchUpdate: BucketPolicy;
  hunting: BucketPolicy;
  /** MDE indicators import and BatchDelete: 30 calls/min (defender-response.md §2). */
  mdeIndicatorBatch: BucketPolicy;
  /** Whether refused requests occupy a slot (default true, as Graph documents). */
  countThrottled: boolean;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  graph: { windows: [{ limit: 150, windowMs: 60_000 }], retryAfter: 'fractional' },
  mde: { windows: [{ limit: 100, windowMs: 60_000 }, { limit: 1500, windowMs: 3_600_000 }], retryAfter: 'integer' },
  mdeBatchUpdate: { windows: [{ limit: 10, windowMs: 60_000 }, { limit: 500, windowMs: 3_600_000 }], retryAfter: 'integer' },
  hunting: { windows: [{ limit: 45, windowMs: 60_000 }], retryAfter: 'integer' },
  mdeIndicatorBatch: { windows: [{ limit: 30, windowMs: 60_000 }, { limit: 1500, windowMs: 3_600_000 }], retryAfter: 'integer' },
  countThrottled: true,
};

export type TakeResult =
  | { ok: true }
  | { ok: false; retryAfterMs: number; window: WindowLimit; retryAfterHeader: string | undefined };

export function retryAfterHeader(ms: number, form: RetryAfterForm): string | undefined {
  if (form === 'absent') return undefined;
  if (form === 'integer') return String(Math.max(1, Math.ceil(ms / 1000)));
  return Math.max(0.001, ms / 1000).toFixed(3);
}

/** A window length the way MDE's quota message prints it (.NET TimeSpan: `00:01:00`). */
export function timeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const fraction = ms % 1000 ? '.' + String((ms % 1000) * 10_000).padStart(7, '0') : '';
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}${fraction}`;
}

export class RateLimiter {
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly options: RateLimitOptions | false, private readonly clock: Clock) {}

  /** Counts one request of `key` (tenant + app) against `bucket`. */
  take(bucket: Bucket, key: string): TakeResult {
    if (!this.options) return { ok: true };
    const policy = this.options[bucket];
    const now = this.clock.now();
    let worst: { ms: number; window: WindowLimit } | undefined;
    const logs = policy.windows.map((w, k) => {
      const id = `${bucket}|${k}|${key}`;
      let log = this.logs.get(id);
      if (!log) this.logs.set(id, (log = []));
      let drop = 0;
      while (drop < log.length && (log[drop] as number) <= now - w.windowMs) drop++;
      if (drop) log.splice(0, drop);
      return log;
    });
    policy.windows.forEach((w, k) => {
      const log = logs[k] as number[];
      if (log.length >= w.limit) {
        // After this request is logged too (when refused requests count), the slot that frees
        // this client is the (len+1-limit)-th oldest entry's expiry.
        const extra = this.options && this.options.countThrottled ? 1 : 0;
        const ms = (log[log.length + extra - w.limit] ?? now) + w.windowMs - now;
        if (!worst || ms > worst.ms) worst = { ms, window: w };
      }
    });
    if (!worst || this.options.countThrottled) for (const log of logs) log.push(now);
    if (!worst) return { ok: true };
    return { ok: false, retryAfterMs: worst.ms, window: worst.window, retryAfterHeader: retryAfterHeader(worst.ms, policy.retryAfter) };
  }

  reset(): void {
    this.logs.clear();
  }
}
