// Client-side pacing to Microsoft's documented per-app, per-tenant limits (defender-api.md §7), so a run
// spends its budget on data instead of on 429s. Mechanism only: the limits come from rate-limits.ts.
// A 429 (e.g. because another process shares the app) holds every caller until its Retry-After passes.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Window {
  max: number;
  windowMs: number;
}

/**
 * Slack added to every window: we count a request when we send it, Microsoft when it arrives, and arrival
 * delays vary, so a window timed to the millisecond lets a few requests land inside Microsoft's previous one.
 * 2% (at most a second) turned those 429s into none in the write-back benchmark at a 1.7% cost in rate.
 */
export const windowSlackMs = (windowMs: number): number => Math.min(1000, Math.ceil(windowMs * 0.02));

/** Sliding windows: at most `max` acquisitions in any `windowMs` (plus slack), for every window given. */
export class RateLimiter {
  private readonly stamps: number[] = [];
  private holdUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly longest: number;

  constructor(
    private readonly windows: readonly Window[],
    private readonly clock: Clock = realClock,
  ) {
    this.longest = Math.max(0, ...windows.map((w) => w.windowMs + windowSlackMs(w.windowMs)));
  }

  /** Resolves when `weight` more requests may be sent now; callers are served in order. */
  acquire(weight = 1): Promise<void> {
    const turn = this.queue.then(() => this.waitFor(weight));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** After a 429: nobody sends before `untilMs`. */
  holdUntilTime(untilMs: number): void {
    this.holdUntil = Math.max(this.holdUntil, untilMs);
  }

  /** Milliseconds until `weight` requests would be allowed (0 = now). */
  delayFor(weight: number, now: number): number {
    let delay = Math.max(0, this.holdUntil - now);
    for (const w of this.windows) {
      const need = w.max - weight;
      if (need < 0) continue; // a single call bigger than the window: let it go, the server decides
      const span = w.windowMs + windowSlackMs(w.windowMs);
      // The acquisition that must leave the window before ours fits.
      const inWindow = this.stamps.filter((t) => t > now - span);
      if (inWindow.length > need) {
        const blocker = inWindow[inWindow.length - need - 1] as number;
        delay = Math.max(delay, blocker + span - now);
      }
    }
    return delay;
  }

  private async waitFor(weight: number): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const delay = this.delayFor(weight, now);
      if (delay <= 0) {
        for (let i = 0; i < weight; i++) this.stamps.push(now);
        const cutoff = now - this.longest;
        while (this.stamps.length > 0 && (this.stamps[0] as number) <= cutoff) this.stamps.shift();
        return;
      }
      await this.clock.sleep(delay);
    }
  }
}
