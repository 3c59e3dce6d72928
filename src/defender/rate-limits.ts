// Microsoft's documented limits per app and tenant (defender-api.md §7) and one limiter per
// (tenant, app, API) per process.
import { RateLimiter, realClock, type Clock, type Window } from './rate-limiter';

/** `graph-hunting`: runHuntingQuery, "at least 45 calls per minute per tenant" (defender-response.md §4). */
export type LimitedApi = 'graph' | 'mde' | 'mde-batch-update' | 'graph-hunting' | 'mde-indicator-batch';

export interface PacingSettings {
  /** Graph security requests per minute; 0 = no client-side pacing (429 + Retry-After still honoured). */
  graphPerMinute: number;
  /** Defender for Endpoint API requests per minute (the hourly 1,500 applies as well); 0 = none. */
  mdePerMinute: number;
}

export const DOCUMENTED_PACING: Readonly<PacingSettings> = Object.freeze({ graphPerMinute: 150, mdePerMinute: 100 });

const MINUTE = 60_000;
export const HUNTING_PER_MINUTE = 45;
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
    case 'graph-hunting':
      // Off with Graph pacing (graph_requests_per_minute = 0); the server's 429 + Retry-After still rule.
      return pacing.graphPerMinute > 0 ? [{ max: HUNTING_PER_MINUTE, windowMs: MINUTE }] : [];
    case 'mde-batch-update':
      return pacing.mdePerMinute > 0
        ? [
            { max: 10, windowMs: MINUTE },
            { max: 500, windowMs: HOUR },
          ]
        : [];
    case 'mde-indicator-batch':
      // Indicators import and BatchDelete: 30 calls a minute (defender-response.md §2), 1,500 an hour.
      return pacing.mdePerMinute > 0
        ? [
            { max: 30, windowMs: MINUTE },
            { max: 1500, windowMs: HOUR },
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
    // Hunting's quota is the tenant's, whichever app asks.
    const key = api === 'graph-hunting' ? `${api}|${tenantId}` : `${api}|${tenantId}|${clientId}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(windowsFor(api, this.pacing), this.clock);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
