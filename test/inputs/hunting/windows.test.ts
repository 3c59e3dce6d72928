// Scheduled hunting windows (DESIGN §5 rule 8): first window = lookback before now - delay; later windows start
// exactly at the cursor; a backlog is cut into windows of at most an hour; a capped window is halved until
// it fits; pages carry (from, to] rows and the window end as cursor; a window that cannot fit stops the run.
import { expect } from 'chai';
import { HuntingRowCapError, HUNTING_ROW_CAP, type HuntingResult } from '../../../src/defender/hunting';
import { DefenderError } from '../../../src/defender/errors';
import type { Page } from '../../../src/inputs/common/ingest';
import { huntingPlan, rowEvent, windowTimespan } from '../../../src/inputs/hunting/plan';
import { firstStart, MAX_WINDOW_MS, planRun, RETENTION_MS, RETENTION_MARGIN_MS } from '../../../src/inputs/hunting/windows';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '0000Z');
const session = { account: { name: 'prod', tenantId: 't1' }, endpoints: { graphUrl: 'https://graph.example' }, hunting: {} as never };
const target = { source: 'defender_sync_hunting:t1' };
const ctx = { account: 'prod', tenant: 't1', api: 'graph' as const };

/** A fake runHuntingQuery over rows at the given epoch ms: parses the window the plan wrote, caps at `cap`. */
function fakeHunting(times: number[], cap: number) {
  const queries: Array<{ from: string; to: string; timespan: string }> = [];
  const run = async (query: string, timespan: string): Promise<HuntingResult> => {
    const m = /Timestamp > datetime\(([^)]+)\) and Timestamp <= datetime\(([^)]+)\)/.exec(query);
    if (!m) throw new Error(`no window in ${query}`);
    const [from, to] = [m[1] as string, m[2] as string];
    queries.push({ from, to, timespan });
    const rows = times.filter((t) => t > Date.parse(from) && t <= Date.parse(to)).map((t) => ({ Timestamp: iso(t), N: t }));
    const result = { schema: [{ name: 'Timestamp', type: 'DateTime' }, { name: 'N', type: 'Int64' }], results: rows.slice(0, cap) };
    if (rows.length >= cap) throw new HuntingRowCapError(ctx, result, cap);
    return result;
  };
  return { run, queries };
}

async function pagesOf(plan: ReturnType<typeof huntingPlan>, cursor: string): Promise<Page[]> {
  const out: Page[] = [];
  for await (const page of plan.pages({ time: cursor, ids: [] })) out.push(page);
  return out;
}

describe('hunting windows', () => {
  it('starts a new input lookback before now - delay', () => {
    expect(firstStart(NOW, 3_600_000, 300_000)).to.equal('2026-11-01T10:55:00.0000000Z');
  });

  it('continues exactly at the cursor, up to now - delay', () => {
    expect(planRun('2026-11-01T11:00:00.0000000Z', NOW, 300_000)).to.deep.equal({ from: '2026-11-01T11:00:00.0000000Z', fromMs: Date.parse('2026-11-01T11:00:00Z'), targetMs: NOW - 300_000 });
  });

  it('does not start before the 30 days Microsoft keeps (after long downtime)', () => {
    const oldest = NOW - RETENTION_MS + RETENTION_MARGIN_MS;
    expect(planRun('2026-09-01T00:00:00.0000000Z', NOW, 0)).to.deep.equal({ from: iso(oldest), fromMs: oldest, targetMs: NOW });
  });

  it('cuts a backlog into contiguous windows of at most an hour; each page is one window, cursor = its end', async () => {
    const times = [NOW - 3.5 * 3_600_000, NOW - 2 * 3_600_000 - 300_000, NOW - 2 * 3_600_000 - 299_999, NOW - 400_000, NOW - 300_000, NOW - 299_999];
    const fake = fakeHunting(times, HUNTING_ROW_CAP);
    const plan = huntingPlan(session, target, { query: 'DeviceEvents', delayMs: 300_000 }, { now: () => NOW, run: fake.run });
    const pages = await pagesOf(plan, iso(NOW - 4 * 3_600_000));
    expect(fake.queries.map((q) => [q.from, q.to])).to.deep.equal([
      [iso(NOW - 4 * 3_600_000), iso(NOW - 3 * 3_600_000)],
      [iso(NOW - 3 * 3_600_000), iso(NOW - 2 * 3_600_000)],
      [iso(NOW - 2 * 3_600_000), iso(NOW - 3_600_000)],
      [iso(NOW - 3_600_000), iso(NOW - 300_000)],
    ]);
    expect(fake.queries[0]?.timespan).to.equal(windowTimespan(NOW - 4 * 3_600_000, NOW - 3 * 3_600_000));
    expect(pages.map((p) => p.cursor.time)).to.deep.equal(fake.queries.map((q) => q.to));
    // Every row once, in its window: the one at exactly now - delay is in, the one a millisecond later waits.
    expect(pages.flatMap((p) => p.records.map((r) => r.N))).to.deep.equal(times.slice(0, 5));
  });

  it('halves a window that reaches the cap until it fits, then grows back; no row twice, none lost', async () => {
    const start = NOW - 3_600_000 - 300_000;
    // 10 rows in the first quarter hour, 2 in the rest: with a cap of 6 the hour must be split.
    const times = [...Array.from({ length: 10 }, (_, i) => start + 1 + i * 60_000), start + 40 * 60_000, start + 50 * 60_000];
    const fake = fakeHunting(times, 6);
    const plan = huntingPlan(session, target, { query: 'DeviceEvents', delayMs: 300_000 }, { now: () => NOW, run: fake.run });
    const pages = await pagesOf(plan, iso(start));
    const min = 60_000;
    expect(fake.queries.map((q) => [(Date.parse(q.from) - start) / min, (Date.parse(q.to) - start) / min])).to.deep.equal([
      [0, 60], // 12 rows: capped
      [0, 30], // 10: capped
      [0, 15], // 10: capped
      [0, 7.5], // 8: capped
      [0, 3.75], // 4: fits
      [3.75, 11.25], // sparse, so the next window is twice as long: 6 rows, capped
      [3.75, 7.5], // 4
      [7.5, 15], // 2
      [15, 30], // 0
      [30, 60], // 2
    ]);
    expect(pages.flatMap((p) => p.records.map((r) => r.N))).to.deep.equal(times);
    expect(pages.at(-1)?.cursor.time).to.equal(iso(NOW - 300_000));
    expect(MAX_WINDOW_MS).to.equal(3_600_000);
  });

  it('stops with an actionable error when a one-second window still reaches the cap, before emitting it', async () => {
    const start = NOW - 3_600_000 - 300_000;
    const fake = fakeHunting(Array.from({ length: 50 }, () => start + 500), 6);
    const plan = huntingPlan(session, target, { query: 'DeviceEvents', delayMs: 300_000 }, { now: () => NOW, run: fake.run });
    let err: unknown;
    const pages: Page[] = [];
    try {
      for await (const p of plan.pages({ time: iso(start), ids: [] })) pages.push(p);
    } catch (e) {
      err = e;
    }
    expect(pages).to.deep.equal([]);
    expect(err).to.be.instanceOf(DefenderError);
    expect((err as DefenderError).code).to.equal('hunting_window_too_dense');
    expect((err as DefenderError).message).to.contain(`the window (${iso(start)}, ${iso(start + 1000)}] alone returns 100,000 rows, Microsoft's row cap, so it cannot be split further. Fix: narrow the query`);
  });

  it('writes each row as one ms365:defender:hunting event: its JSON, _time from Timestamp (all digits), else the run time', () => {
    const e = rowEvent({ Timestamp: '2026-11-01T10:00:00.1234567Z', DeviceName: 'ws-01', Count: 3 }, '2026-11-01T12:00:00.0000000Z', { source: 'defender_sync_hunting:t1', index: 'defender' });
    expect(e).to.deep.equal({
      data: '{"Timestamp":"2026-11-01T10:00:00.1234567Z","DeviceName":"ws-01","Count":3}',
      time: '1793527200.1234567',
      sourcetype: 'ms365:defender:hunting',
      source: 'defender_sync_hunting:t1',
      index: 'defender',
    });
    expect(rowEvent({ DeviceName: 'ws-01', count_: 3 }, '2026-11-01T12:00:00.0000000Z', target).time).to.equal('1793534400');
  });
});
