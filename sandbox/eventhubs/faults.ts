// Scripted faults: the next N put-tokens, management requests or receiver attaches fail with a
// chosen AMQP error (for tests of the input's error handling and retries).
import type { AmqpError } from './errors';

export type FaultPoint = 'put-token' | 'management' | 'attach';

export interface FaultSpec extends AmqpError {
  on: FaultPoint;
  /** How many operations fail (default 1). */
  times?: number;
}

export class FaultQueue {
  private readonly pending: Array<FaultSpec & { left: number }> = [];

  add(spec: FaultSpec): void {
    this.pending.push({ ...spec, left: spec.times ?? 1 });
  }

  take(point: FaultPoint): AmqpError | undefined {
    const i = this.pending.findIndex((f) => f.on === point);
    if (i < 0) return undefined;
    const f = this.pending[i]!;
    if (--f.left <= 0) this.pending.splice(i, 1);
    return { condition: f.condition, description: f.description };
  }

  clear(): void {
    this.pending.length = 0;
  }
}
