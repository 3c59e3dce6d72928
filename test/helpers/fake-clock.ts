// A virtual clock: sleep() advances time at once and is recorded, so retry and pacing tests run instantly.
import type { Clock } from '../../src/defender/rate-limiter';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse('2026-11-22T10:00:00Z')) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}
