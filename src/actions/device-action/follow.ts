// Following machine actions until they finish or the action's time runs out. Time and sleep are injected,
// so tests run it on a fake clock. Each round reads every unfinished action once, up to READ_BATCH of them
// per call; the pause between rounds grows (1 s, 2 s, 4 s … 30 s): device actions take seconds to minutes,
// and every read counts against MDE's 100 calls a minute.
import { isFinal } from './catalog';

export interface MachineActionView {
  id: string;
  status: string;
  type?: string;
  [key: string]: unknown;
}

export interface FollowClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const POLL_SCHEDULE_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000] as const;
/** Actions read per call (one `$filter=id eq … or …`): short enough for any URL limit. */
export const READ_BATCH = 20;

export interface Followed {
  /** The last state read (the creation answer if no read succeeded). */
  action: MachineActionView;
  /** Why following stopped early: a read Defender refused (e.g. a missing Machine.Read.All). */
  readError?: unknown;
}

/** Reads each started action until it is final, a read fails, or `deadline` (epoch ms) would pass. */
export async function followActions(
  started: readonly MachineActionView[],
  read: (ids: string[]) => Promise<MachineActionView[]>,
  o: { clock: FollowClock; deadline: number; schedule?: readonly number[] },
): Promise<Map<string, Followed>> {
  const last = new Map<string, Followed>(started.map((a) => [a.id, { action: a }]));
  const open = (): string[] => [...last.entries()].filter(([, f]) => f.readError === undefined && !isFinal(f.action.status)).map(([id]) => id);
  const schedule = o.schedule ?? POLL_SCHEDULE_MS;
  for (let round = 0; open().length > 0; round++) {
    const pause = schedule[Math.min(round, schedule.length - 1)] as number;
    if (o.clock.now() + pause > o.deadline) break;
    await o.clock.sleep(pause);
    const ids = open();
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      const chunk = ids.slice(i, i + READ_BATCH);
      try {
        // An action missing from the answer keeps its last state and is read again next round.
        for (const a of await read(chunk)) if (last.has(a.id)) last.set(a.id, { action: a });
      } catch (readError) {
        for (const id of chunk) last.set(id, { action: (last.get(id) as Followed).action, readError });
      }
    }
  }
  return last;
}
