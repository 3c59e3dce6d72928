// The page loop shared by the three inputs (DESIGN §5 rule 3): write a page's events, wait until splunkd
// has them, then checkpoint; stop between pages when the time budget is spent or splunkd asks us to stop.
// A crash at any instant loses nothing and repeats at most the events of one page.
import type { SplunkEvent } from '../../splunk/modinput/event-writer';
import type { CheckpointFile } from './checkpoint';
import type { Cursor } from './cursor';
import { collectFullGarbage } from './garbage';
import type { DefenderRecord } from './records';

export const STATE_VERSION = 1;

export interface IngestState {
  version: typeof STATE_VERSION;
  /** The tenant the cursor belongs to: a new tenant starts over from start_date. */
  tenant: string;
  cursor: Cursor;
  /**
   * Incidents only: the cursor at the end of the last complete run; an incident's alerts are emitted when they
   * changed after it. null = all (first run). A bare time was written by earlier builds (no ids).
   */
  alertsSince?: Cursor | string | null;
}

export interface Page {
  records: DefenderRecord[];
  cursor: Cursor;
}

export interface IngestPlan {
  pages(cursor: Cursor): AsyncIterable<Page>;
  events(record: DefenderRecord, state: IngestState): SplunkEvent[];
  /** State once the input has caught up (e.g. the incidents input moves alertsSince). */
  caughtUp?(state: IngestState): IngestState;
}

export interface EventSink {
  write(event: SplunkEvent): Promise<void>;
}

export interface IngestOptions {
  plan: IngestPlan;
  state: IngestState;
  writer: EventSink;
  checkpoint: Pick<CheckpointFile<IngestState>, 'save'>;
  now: () => number;
  deadline: number;
  signal?: AbortSignal;
  /** After each checkpoint: what is done so far, so a run that fails later can still report it. */
  onProgress?(done: IngestResult): void;
  /** Collects garbage between pages: a full V8 collection (garbage.ts) unless a test injects another. */
  collectGarbage?: () => void;
}

export interface IngestResult {
  events: number;
  pages: number;
  bySourcetype: Record<string, number>;
  caughtUp: boolean;
  /** Why the run stopped before catching up. */
  stoppedBy?: 'budget' | 'signal';
  state: IngestState;
}

/**
 * Pages are megabytes of short-lived strings (the response, one JSON line per event); left to its own
 * heuristics V8 lets that garbage pile up and grows the heap the longer a backlog runs. Collecting it between
 * pages keeps memory flat from the first page to the millionth record (docs/benchmarks.md): after every big
 * page (a full alerts_v2 page is ~6 MB of events), and after every few megabytes of small pages (an incidents
 * page is ~0.6 MB; a collection per small page would cost a sixth of the throughput). The launchers also
 * start node with small semi-spaces.
 */
export const COLLECT_AFTER_PAGE_BYTES = 4 * 1024 * 1024;
export const COLLECT_EVERY_BYTES = 16 * 1024 * 1024;

export async function ingest(o: IngestOptions): Promise<IngestResult> {
  let state = o.state;
  const result: IngestResult = { events: 0, pages: 0, bySourcetype: {}, caughtUp: false, state };
  const pages = o.plan.pages(state.cursor)[Symbol.asyncIterator]();
  const collectGarbage = o.collectGarbage ?? collectFullGarbage;
  let sinceCollect = 0;
  try {
    for (;;) {
      if (o.signal?.aborted) return { ...result, stoppedBy: 'signal', state };
      if (o.now() >= o.deadline) return { ...result, stoppedBy: 'budget', state };
      const next = await pages.next();
      if (next.done) break;
      const page = next.value;
      let pageBytes = 0;
      for (const record of page.records) {
        for (const event of o.plan.events(record, state)) {
          await o.writer.write(event);
          pageBytes += event.data.length;
          result.events++;
          const st = event.sourcetype ?? '';
          result.bySourcetype[st] = (result.bySourcetype[st] ?? 0) + 1;
        }
      }
      state = { ...state, cursor: page.cursor };
      await o.checkpoint.save(state);
      result.pages++;
      sinceCollect += pageBytes;
      if (pageBytes >= COLLECT_AFTER_PAGE_BYTES || sinceCollect >= COLLECT_EVERY_BYTES) {
        collectGarbage();
        sinceCollect = 0;
      }
      o.onProgress?.({ ...result, bySourcetype: { ...result.bySourcetype }, state });
    }
  } finally {
    await pages.return?.(undefined);
  }
  if (o.plan.caughtUp) {
    state = o.plan.caughtUp(state);
    await o.checkpoint.save(state);
  }
  return { ...result, caughtUp: true, state };
}
