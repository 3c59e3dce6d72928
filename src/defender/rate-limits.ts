// Microsoft's documented limits per app and tenant (defender-api.md §7) and one limiter per
// (tenant, app, API) per process.
import { RateLimiter, realClock, type Clock, type Window } from './rate-limiter';

export type LimitedApi = 'graph' | 'mde' | 'mde-batch-update';

export interface PacingSettings {
  /** Graph security requests per minute; 0 = no client-side pacing (429 + Retry-After still honoured). */
  graphPerMinute: number;
  /** Defender for Endpoint API requests per minute (the hourly 1,500 applies as well); 0 = none. */
  mdePerMinute: number;
}

export const DOCUMENTED_PACING: Readonly<PacingSettings> = Object.freeze({ graphPerMinute: 150, mdePerMinute: 100 });

const MINUTE = 60_000;
const HOUR = 3_600_000;

export function windowsFor(api: LimitedApi, pacing: PacingSettings): Window[] {
  switch (api) {
    case 'graph':
      return pacing.graphPerMinute > 0 ? [{ max: pacing.graphPerMinute, windowMs: MINUTE }] : [];
    case 'mde':
      return pacing.mdePerMinute > 0
        ? [
            { max: pacing.mdePerMinute, windowMs: MINUTE },
            { max: 1500, windowMs: HOUR },
          ]
        : [];
    case 'mde-batch-update':
      return pacing.mdePerMinute > 0
        ? [
            { max: 10, windowMs: MINUTE },
            { max: 500, windowMs: HOUR },
          ]
        : [];
  }
}

export class RateLimiters {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly pacing: PacingSettings = DOCUMENTED_PACING,
    private readonly clock: Clock = realClock,
  ) {}

  for(api: LimitedApi, tenantId: string, clientId: string): RateLimiter {
    const key = `${api}|${tenantId}|${clientId}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(windowsFor(api, this.pacing), this.clock);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
