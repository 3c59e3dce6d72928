// Keyset (Graph) and time-slice (MDE) paging against a live in-memory data set that changes between requests:
// every record's latest version must be emitted, and no (id, time) pair twice.
import { expect } from 'chai';
import type { Cursor, Keyed } from '../../../src/inputs/common/cursor';
import { keysetPages, type TimeFilter } from '../../../src/inputs/common/keyset';
import { timeSlicePages, type SliceQuery } from '../../../src/inputs/common/time-slices';
import { requireTicks } from '../../../src/inputs/common/timestamp';

const ts = (n: number): string => {
  const s = Math.floor(n / 1e7);
  const frac = String(n % 1e7).padStart(7, '0');
  return `${new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString().slice(0, 19)}.${frac}Z`;
};

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6b) >>> 0) % 1e9) / 1e9;
}

class LiveSet {
  records = new Map<string, number>(); // id -> ticks
  clock = 0;
  requests = 0;
  constructor(n: number, random: () => number, tieEvery = 0, tieSize = 0) {
    let t = 1_000;
    for (let i = 0; i < n; i++) {
      if (!(tieEvery && i % tieEvery < tieSize && i % tieEvery > 0)) t += 1 + Math.floor(random() * 3);
      this.records.set(`r${i}`, t);
    }
    this.clock = t;
  }
  mutate(id: string): void {
    this.clock += 1;
    this.records.set(id, this.clock);
  }
  rows(pred: (t: number) => boolean, order: 'asc' | 'none'): Keyed[] {
    const rows = [...this.records].filter(([, t]) => pred(t)).map(([id, t]) => ({ id, time: ts(t) }));
    if (order === 'asc') rows.sort((a, b) => Number(requireTicks(a.time, '') - requireTicks(b.time, '')));
    else rows.reverse(); // newest created first, like MDE's default
    return rows;
  }
  latestPairs(): Set<string> {
    return new Set([...this.records].map(([id, t]) => `${id}@${ts(t)}`));
  }
}

const BASE = requireTicks('2026-01-01T00:00:00Z', 'base');
/** Back to the set's small tick numbers. */
const tick = (t: string): number => Number(requireTicks(t, 'x') - BASE);

async function drainKeyset(set: LiveSet, top: number, start: Cursor, onFetch: () => void): Promise<Keyed[]> {
  const out: Keyed[] = [];
  const fetch = async (f: TimeFilter, skip: number) => {
    set.requests++;
    const at = tick(f.time);
    const pred = f.op === 'ge' ? (t: number) => t >= at : f.op === 'gt' ? (t: number) => t > at : (t: number) => t === at;
    const all = set.rows(pred, 'asc');
    const page = all.slice(skip, skip + top);
    onFetch();
    return { rows: page, more: all.length > skip + top };
  };
  for await (const page of keysetPages({ fetch, key: (r) => r }, start)) out.push(...page.records);
  return out;
}

async function drainSlices(set: LiveSet, top: number, start: Cursor, onFetch: () => void): Promise<Keyed[]> {
  const out: Keyed[] = [];
  const fetch = async (q: SliceQuery) => {
    set.requests++;
    const from = tick(q.from);
    const before = q.before ? tick(q.before) : Infinity;
    const pred = q.exactly ? (t: number) => t === from : (t: number) => (q.after ? t > from : t >= from) && t < before;
    const skip = q.skip ?? 0;
    const all = set.rows(pred, 'none');
    onFetch();
    return { rows: all.slice(skip, skip + top), more: all.length > skip + top };
  };
  for await (const page of timeSlicePages({ fetch, key: (r) => r }, start)) out.push(...page.records);
  return out;
}

const startCursor: Cursor = { time: ts(0), ids: [] };

for (const [name, drain] of [
  ['keyset paging (Graph)', drainKeyset],
  ['time-slice paging (MDE)', drainSlices],
] as const) {
  describe(name, () => {
    it('emits every record once on a quiet set, in few requests', async () => {
      const set = new LiveSet(1000, rng(1));
      const out = await drain(set, 50, startCursor, () => undefined);
      expect(out).to.have.length(1000);
      expect(new Set(out.map((r) => r.id)).size).to.equal(1000);
    });

    it('passes tie groups bigger than a page', async () => {
      const set = new LiveSet(600, rng(2), 200, 120);
      const out = await drain(set, 50, startCursor, () => undefined);
      expect(new Set(out.map((r) => `${r.id}@${r.time}`))).to.deep.equal(set.latestPairs());
      expect(out).to.have.length(600);
    });

    for (let seed = 1; seed <= 60; seed++) {
      it(`loses nothing while records change between requests (seed ${seed})`, async () => {
        const random = rng(seed * 7919);
        const set = new LiveSet(400, random, seed % 3 === 0 ? 90 : 0, 60);
        const ids = [...set.records.keys()];
        const out = await drain(set, 50, startCursor, () => {
          for (let i = 0; i < 3; i++) if (random() < 0.5) set.mutate(ids[Math.floor(random() * ids.length)] as string);
        });
        // Catch up: the next run starts from where this one ended.
        const emitted = new Set(out.map((r) => `${r.id}@${r.time}`));
        expect(emitted.size).to.equal(out.length, 'an (id, time) pair was emitted twice');
        const last = out.reduce((m, r) => (tick(r.time) > tick(m.time) ? r : m), out[0] as Keyed);
        const ids2 = out.filter((r) => r.time === last.time).map((r) => r.id);
        const more = await drain(set, 50, { time: last.time, ids: ids2 }, () => undefined);
        for (const r of more) emitted.add(`${r.id}@${r.time}`);
        for (const pair of set.latestPairs()) expect(emitted.has(pair), `lost ${pair}`).to.equal(true);
      });
    }
  });
}

describe('keyset request count', () => {
  it('uses one request per page plus the overlap of one record per page', async () => {
    const set = new LiveSet(10_000, rng(9));
    await drainKeyset(set, 2000, startCursor, () => undefined);
    expect(set.requests).to.equal(6);
  });
});
