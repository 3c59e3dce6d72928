// Timers on a virtual clock the test moves by hand: advance(ms) fires due callbacks in time order and lets
// the promise chains they start settle before the next one, so schedules are checked without waiting.
import type { Timers } from '../../src/inputs/scheduler/scheduler';

export class ManualTimers implements Timers {
  private queue: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;
  constructor(public time = Date.parse('2026-11-22T10:00:00Z')) {}

  now = (): number => this.time;

  after(ms: number, fn: () => void): () => void {
    const item = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.queue.push(item);
    return () => {
      this.queue = this.queue.filter((q) => q !== item);
    };
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > target) break;
      this.queue.shift();
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/** Lets pending promise callbacks run (several turns: chains of awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}
