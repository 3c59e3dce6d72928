// The page loop collects garbage between pages so a long backlog runs in flat memory (docs/benchmarks.md,
// rss): after every big page, and after every COLLECT_EVERY_BYTES of small pages; never in the middle of a
// page, and only after the page's checkpoint is saved.
import { setImmediate } from 'node:timers/promises';
import { expect } from 'chai';
import { collectFullGarbage } from '../../../src/inputs/common/garbage';
import { COLLECT_AFTER_PAGE_BYTES, COLLECT_EVERY_BYTES, ingest, STATE_VERSION, type IngestPlan, type IngestState, type Page } from '../../../src/inputs/common/ingest';

const state: IngestState = { version: STATE_VERSION, tenant: 't1', cursor: { time: '2026-11-01T00:00:00Z', ids: [] }, alertsSince: null };

/** Pages of one record each whose single event carries `bytes[i]` characters. */
function planOf(bytes: number[]): IngestPlan {
  return {
    async *pages(): AsyncIterable<Page> {
      for (const [i, n] of bytes.entries()) yield { records: [{ id: String(i), n }], cursor: { time: `2026-11-01T00:00:0${i % 10}Z`, ids: [String(i)] } };
    },
    events: (record) => [{ data: 'x'.repeat(record.n as number), sourcetype: 'ms365:defender:alert' }],
  };
}

async function collectionsAfter(bytes: number[]): Promise<string[]> {
  const log: string[] = [];
  await ingest({
    plan: planOf(bytes),
    state,
    writer: { write: async () => void log.push('event') },
    checkpoint: { save: async () => void log.push('checkpoint') },
    now: () => 0,
    deadline: 1,
    collectGarbage: () => void log.push('gc'),
  });
  return log;
}

describe('ingest: garbage collection between pages', () => {
  it('collects after every page that carried at least COLLECT_AFTER_PAGE_BYTES, once its checkpoint is saved', async () => {
    const log = await collectionsAfter([COLLECT_AFTER_PAGE_BYTES, COLLECT_AFTER_PAGE_BYTES - 1, COLLECT_AFTER_PAGE_BYTES + 1]);
    // Pages 1 and 3 are big; page 2 is small and far from COLLECT_EVERY_BYTES. (The plan has no caughtUp, so
    // no final save.)
    expect(log).to.deep.equal(['event', 'checkpoint', 'gc', 'event', 'checkpoint', 'event', 'checkpoint', 'gc']);
  });

  it('collects after small pages once they add up to COLLECT_EVERY_BYTES, then counts again from zero', async () => {
    const small = COLLECT_EVERY_BYTES / 8; // below COLLECT_AFTER_PAGE_BYTES
    expect(small).to.be.below(COLLECT_AFTER_PAGE_BYTES);
    const log = await collectionsAfter(Array.from({ length: 17 }, () => small));
    const gcAfterPage = log.filter((l) => l !== 'event').flatMap((l, i, all) => (l === 'gc' ? [all.slice(0, i).filter((x) => x === 'checkpoint').length] : []));
    expect(gcAfterPage).to.deep.equal([8, 16]);
  });

  it('by default runs a full V8 collection (garbage.ts), without node started with --expose-gc', async () => {
    expect((globalThis as { gc?: unknown }).gc).to.equal(undefined);
    const make = (): WeakRef<object> => new WeakRef({ page: 'x'.repeat(1024) });
    const ref = make();
    await setImmediate(); // WeakRef targets live until the current job ends
    collectFullGarbage();
    expect(ref.deref()).to.equal(undefined);
    const r = await ingest({ plan: planOf([COLLECT_AFTER_PAGE_BYTES]), state, writer: { write: async () => {} }, checkpoint: { save: async () => {} }, now: () => 0, deadline: 1 });
    expect(r.pages).to.equal(1);
  });
});
