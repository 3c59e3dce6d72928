// Record times that are ordered by index by construction, so the store can binary-search them.
// updated(i) is non-decreasing with deliberate tie groups (identical timestamps, one group larger
// than an incidents page); created(i) is strictly increasing; both are exact 100 ns ticks.
import { hash32 } from '../prng';
import type { Ticks } from '../time';

const TIE_BLOCK = 8;
export const BIG_TIE_GROUP = 60;
const HOUR = 36_000_000_000;

export interface TimelineOptions {
  seed: number;
  salt: number;
  count: number;
  /** First record time and the span the records are spread over, in ticks. */
  start: Ticks;
  span: Ticks;
  /** How long before its last update a record is created, at most. */
  createdLead: Ticks;
}

export class Timeline {
  readonly step: number;
  private readonly bigStart: number;
  private readonly dstep: number;

  constructor(private readonly o: TimelineOptions) {
    this.step = Math.max(1, Math.floor(o.span / Math.max(1, o.count)));
    this.bigStart = o.count >= 200 ? Math.floor(o.count * 0.4) : -1;
    this.dstep = Math.max(1, Math.floor(o.createdLead / (2 * Math.max(1, o.count))));
  }

  /** Index whose time record i shares (itself unless it sits in a tie group). */
  group(i: number): number {
    if (this.bigStart >= 0 && i >= this.bigStart && i < this.bigStart + BIG_TIE_GROUP) return this.bigStart;
    const block = Math.floor(i / TIE_BLOCK);
    const g = hash32(this.o.seed, this.o.salt, 7, block) % 9 === 0 ? block * TIE_BLOCK : i;
    // Never reach back before the big group's start (keeps updated() monotonic).
    return this.bigStart >= 0 && i >= this.bigStart + BIG_TIE_GROUP && g < this.bigStart + BIG_TIE_GROUP ? i : g;
  }

  /** 0: seven digits; 1 or 2: Graph's shorter form with that many fractional digits. */
  shortForm(i: number): 0 | 1 | 2 {
    if (this.step < 3_000_000) return 0;
    const h = hash32(this.o.seed, this.o.salt, 11, this.group(i)) % 23;
    return h === 0 ? 1 : h === 1 ? 2 : 0;
  }

  updated(i: number): Ticks {
    const g = this.group(i);
    const base = this.o.start + g * this.step;
    if (this.step < 3_000_000) return base + (hash32(this.o.seed, this.o.salt, 3, g) % this.step);
    const t = base + 1_000_000 + (hash32(this.o.seed, this.o.salt, 3, g) % (this.step - 2_000_000));
    const form = this.shortForm(i);
    // Rounding down stays above the previous slot because of the 1e6-tick margin.
    return form === 1 ? Math.floor(t / 1_000_000) * 1_000_000 : form === 2 ? Math.floor(t / 100_000) * 100_000 : t;
  }

  created(i: number): Ticks {
    // The jitter stays below dstep, so created() remains strictly increasing.
    const jitter = hash32(this.o.seed, this.o.salt, 5, i) % this.dstep;
    return this.updated(i) - (this.o.createdLead - i * this.dstep) - HOUR - jitter;
  }
}

/** A few indices that get very long descriptions (>100 KB). */
export function longTextIndices(count: number): Set<number> {
  if (count < 10) return new Set();
  return new Set([Math.floor(count * 0.13), Math.floor(count * 0.57), Math.floor(count * 0.91)]);
}
