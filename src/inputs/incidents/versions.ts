// The incident versions this run has emitted, so an incident read again in the same run (it changed while
// the run was paging) re-sends only the alerts that changed after the version already sent. Bounded: the
// oldest entries are forgotten first, which can only cause a duplicate alert event, never a lost one.
import { compareTimestamps } from '../common/timestamp';

export const MAX_REMEMBERED_INCIDENTS = 20_000;

export class EmittedIncidents {
  private readonly times = new Map<string, string>();

  constructor(private readonly limit = MAX_REMEMBERED_INCIDENTS) {}

  /** Update time of the version of `id` emitted earlier in this run, if remembered. */
  get(id: string): string | undefined {
    return this.times.get(id);
  }

  remember(id: string, time: string): void {
    const earlier = this.times.get(id);
    if (earlier !== undefined && compareTimestamps(earlier, time) >= 0) return;
    this.times.delete(id); // re-inserted last: eviction follows the order of reading
    this.times.set(id, time);
    if (this.times.size > this.limit) this.times.delete(this.times.keys().next().value as string);
  }
}
