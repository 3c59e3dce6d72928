// Scheduled hunting through the packaged launcher against the simulator (DESIGN §5 rule 8): windows are
// contiguous over runs with a kill -9 between them, a window that reaches the 100,000-row cap is split, every
// row is one exact ms365:defender:hunting event, and a query the service refuses never becomes an input.
import { expect } from 'chai';
import type { HuntingRow, HuntingSource } from '../../sandbox/simulator';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputRunResult } from '../../sandbox/splunkd';
import { addAccount, addInput, checkpointPath, logFileLines, readCheckpoint, runOnce, startWorld, type World } from '../helpers/world';
import { data, epochOf, errorLines, sleep, summaryOf, ticks } from './support';

const SCHEME = 'defender_sync_hunting';
const ST = 'ms365:defender:hunting';
const SPARSE_EVERY_MS = 10_000;
const DENSE_EVERY_MS = 35; // 102,857 rows an hour: just over the row cap

/** Timestamp with 7 fractional digits; the last four vary so every digit matters. */
const ts = (ms: number, seq: number): string => new Date(ms).toISOString().replace('Z', `${String(seq % 10_000).padStart(4, '0')}Z`);

function* every(stepMs: number, fromMs: number, toMs: number, row: (ms: number) => HuntingRow): Iterable<HuntingRow> {
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t < toMs; t += stepMs) yield row(t);
}

const sparseRow = (ms: number): HuntingRow => {
  const seq = ms / SPARSE_EVERY_MS;
  return { Timestamp: ts(ms, seq), DeviceName: seq % 7 === 0 ? 'excluded.contoso.com' : `ws-${seq % 5}.contoso.com`, Seq: seq, Extra: seq % 3 ? { Tags: ['a', seq % 2 ? 'b' : 'c'] } : null };
};
const denseRow = (ms: number): HuntingRow => ({ Timestamp: ts(ms, ms / DENSE_EVERY_MS), Seq: ms / DENSE_EVERY_MS });

/** In-test advanced-hunting tables for every time, recording the Timestamp range each query reads. */
function tables() {
  const reads: Array<{ table: string; fromMs: number; toMs: number }> = [];
  const source: HuntingSource = {
    table: (name) =>
      name === 'SparseEvents'
        ? { name, columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'DeviceName', type: 'string' }, { name: 'Seq', type: 'long' }, { name: 'Extra', type: 'dynamic' }] }
        : name === 'DenseEvents'
          ? { name, columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'Seq', type: 'long' }] }
          : undefined,
    rows: (table, fromMs, toMs) => {
      reads.push({ table, fromMs, toMs });
      return table === 'SparseEvents' ? every(SPARSE_EVERY_MS, fromMs, toMs, sparseRow) : every(DENSE_EVERY_MS, fromMs, toMs, denseRow);
    },
  };
  return { source, reads };
}

/** A window (from, to] as the add-on queried it: the source is asked for [from ms, to ms + 1). */
const windowsOf = (reads: Array<{ table: string; fromMs: number; toMs: number }>, table: string) =>
  reads.filter((r) => r.table === table).map((r) => ({ from: r.fromMs, to: r.toMs - 1 }));

const isoMs = (ms: number) => new Date(ms).toISOString().replace('Z', '0000Z');

/**
 * The rows in the window (from, to] compared to the tick, as Kusto compares datetimes: a row generated at the
 * window's first millisecond with sub-millisecond digits is inside it; one at its last millisecond is not.
 */
function rowsIn(stepMs: number, fromMs: number, toMs: number, row: (ms: number) => HuntingRow): HuntingRow[] {
  const [from, to] = [BigInt(fromMs) * 10_000n, BigInt(toMs) * 10_000n];
  return [...every(stepMs, fromMs, toMs + 1, row)].filter((r) => {
    const t = ticks(r.Timestamp as string);
    return t > from && t <= to;
  });
}

describe('e2e: scheduled hunting input (defender_sync_hunting)', function () {
  this.timeout(180_000);
  let w: World;
  const t = tables();
  const runs: InputRunResult[] = [];
  const answers: string[] = [];

  before(async () => {
    w = await startWorld({ simulator: { hunting: { source: () => t.source } } });
    await addAccount(w, 'prod');
  });
  after(async () => w?.stop());

  it('keeps windows contiguous over runs with a kill -9 between them; every row once (the window in flight at most twice)', async () => {
    await addInput(w, SCHEME, 'sparse', {
      account: 'prod', index: 'defender', lookback: 'P1D', delay: 'PT2M', interval: '300',
      query: 'SparseEvents\n| where DeviceName != "excluded.contoso.com"\n| project Timestamp, DeviceName, Seq, Extra',
    });
    const probe = windowsOf(t.reads, 'SparseEvents');
    expect(probe, 'saving the input ran the query once over one minute').to.have.length(1);
    expect(probe[0]!.to - probe[0]!.from).to.equal(60_000);
    t.reads.length = 0;

    // Slow the queries down so the kill lands after the first window is checkpointed, long before the last.
    w.sim.faults.add({ kind: 'stall', ms: 200, path: 'runHuntingQuery', count: 8 });
    const started = Date.now();
    const first = w.splunkd.runInput({ scheme: SCHEME, stanza: 'sparse', timeoutMs: 60_000 });
    let fresh: string | undefined;
    for (let waited = 0; waited < 30_000; waited += 20) {
      const cursor = readCheckpoint(w, SCHEME, 'sparse')?.cursor.time;
      fresh ??= cursor;
      // Killed once the first window is checkpointed and the next one has been asked for.
      if (cursor && cursor !== fresh && windowsOf(t.reads, 'SparseEvents').length > 1) break;
      await sleep(20);
    }
    first.kill('SIGKILL');
    const killed = await first.result;
    runs.push(killed);
    expect(killed.signal, 'the kill landed while the run was going').to.equal('SIGKILL');
    const atKill = readCheckpoint(w, SCHEME, 'sparse')?.cursor.time as string;
    const run1 = windowsOf(t.reads, 'SparseEvents');
    t.reads.length = 0;

    const second = await runOnce(w, SCHEME, 'sparse');
    runs.push(second.result);
    const ended = Date.now();
    expect(errorLines(second.result)).to.deep.equal([]);
    const summary = summaryOf(second.result);
    expect(summary.status).to.equal('caught_up');
    const end = readCheckpoint(w, SCHEME, 'sparse')?.cursor.time as string;
    expect(summary.cursor).to.equal(end);
    const run2 = windowsOf(t.reads, 'SparseEvents');

    // Windows: the first starts a day before now - delay; each starts where the one before ended (the one in
    // flight at the kill is asked again, identically); the second run starts exactly at the checkpoint the kill
    // left; the last ends delay before the second run. (A killed process's last request may reach the simulator
    // late, so windows are compared as a set.)
    const shown = (ws: Array<{ from: number; to: number }>) => ws.map((x) => `(${isoMs(x.from)}, ${isoMs(x.to)}]`).join(' ');
    const all = [...new Map([...run1, ...run2].map((x) => [`${x.from}-${x.to}`, x])).values()].sort((a, b) => a.from - b.from);
    const start = all[0]!.from;
    expect(start).to.be.within(started - 86_400_000 - 120_000 - 5_000, started - 86_400_000 - 120_000 + 5_000);
    for (let i = 1; i < all.length; i++) expect(all[i]!.from, `window ${i} of ${shown(all)}; run 1: ${shown(run1)}; run 2: ${shown(run2)}`).to.equal(all[i - 1]!.to);
    for (const win of all) expect(win.to - win.from).to.be.at.most(3_600_000);
    expect(run2.some((x) => isoMs(x.from) === atKill), `run 2 resumes at ${atKill}: ${shown(run2)}`).to.equal(true);
    expect(atKill, 'the kill came after the first window was checkpointed').to.not.equal(isoMs(start));
    expect(run1.length, 'windows begun before the kill').to.be.lessThan(25);
    expect(Date.parse(end)).to.equal(all.at(-1)!.to);
    expect(Date.parse(end)).to.be.within(started - 120_000, ended - 120_000);

    // Events: exactly the rows in (start, end], minus the excluded device; only rows after the kill's
    // checkpoint may come twice (the window in flight), and then only once more.
    const expected = rowsIn(SPARSE_EVERY_MS, start, Date.parse(end), sparseRow).filter((r) => r.DeviceName !== 'excluded.contoso.com');
    const events = [...killed.events, ...second.result.events];
    const seen = new Map<number, number>();
    for (const e of events) {
      expect(e.sourcetype).to.equal(ST);
      expect(e.source).to.equal(`${SCHEME}:${w.tenantId}`);
      expect(e.index).to.equal('defender');
      const d = data(e);
      expect(e._time).to.equal(epochOf(d.Timestamp as string));
      expect(e._raw).to.equal(JSON.stringify(sparseRow((d.Seq as number) * SPARSE_EVERY_MS)));
      seen.set(d.Seq as number, (seen.get(d.Seq as number) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).to.deep.equal(expected.map((r) => r.Seq));
    const twice = [...seen.entries()].filter(([, n]) => n > 1).map(([seq]) => seq * SPARSE_EVERY_MS);
    expect([...seen.values()].every((n) => n <= 2)).to.equal(true);
    for (const ms of twice) expect(ms > Date.parse(atKill) && ms <= run2[0]!.to, `row at ${isoMs(ms)} repeated outside the window in flight`).to.equal(true);
    expect(second.result.events.filter((e) => Date.parse(data(e).Timestamp as string) <= Date.parse(atKill))).to.deep.equal([]);
  });

  it('splits a window that reaches the 100,000-row cap into halves that fit; every row exactly once', async () => {
    await addInput(w, SCHEME, 'dense', { account: 'prod', index: 'defender', lookback: 'PT1H', delay: 'PT0S', query: 'DenseEvents' });
    t.reads.length = 0;
    const run = await runOnce(w, SCHEME, 'dense');
    runs.push(run.result);
    expect(errorLines(run.result)).to.deep.equal([]);
    expect(summaryOf(run.result).status).to.equal('caught_up');
    const [whole, firstHalf, secondHalf, ...rest] = windowsOf(t.reads, 'DenseEvents');
    expect(whole!.to - whole!.from).to.equal(3_600_000);
    expect(firstHalf).to.deep.equal({ from: whole!.from, to: whole!.from + 1_800_000 });
    expect(secondHalf).to.deep.equal({ from: whole!.from + 1_800_000, to: whole!.to });
    // The lookback began a moment before the run's windows were planned: what is left is one short window.
    const end = Date.parse(readCheckpoint(w, SCHEME, 'dense')?.cursor.time as string);
    expect(rest.map((r) => [r.from, r.to])).to.deep.equal(end > whole!.to ? [[whole!.to, end]] : []);
    const expected = rowsIn(DENSE_EVERY_MS, whole!.from, end, denseRow);
    expect(expected.length).to.be.greaterThan(100_000);
    expect(run.result.events.length).to.equal(expected.length);
    run.result.events.forEach((e, i) => {
      if (e._raw !== JSON.stringify(expected[i])) expect(e._raw, `event ${i}`).to.equal(JSON.stringify(expected[i]));
    });
    expect(run.result.events[0]?._time).to.equal(epochOf(expected[0]!.Timestamp as string));
  });

  it('refuses to save a query Microsoft rejects, one that filters time itself, or an app without ThreatHunting.Read.All, saying why', async () => {
    const rejected = await addInput(w, SCHEME, 'typo', { account: 'prod', query: 'SparseEvents | where Devicename == "x"' }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(rejected).to.contain("Failed to resolve scalar expression named 'Devicename'");
    expect(rejected).to.contain('Fix: correct the query at the line and position Microsoft gives');
    const timed = await addInput(w, SCHEME, 'timed', { account: 'prod', query: 'SparseEvents | where Timestamp > ago(1h)' }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(timed).to.contain('query filters on time itself');
    await addAccount(w, 'no_roles', { app: { tenant: 0, app: 2 } });
    const forbidden = await addInput(w, SCHEME, 'forbidden', { account: 'no_roles', query: 'SparseEvents' }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(forbidden).to.contain('returned 403: Missing application roles. API required roles: ThreatHunting.Read.All');
    expect(forbidden).to.contain('application permission ThreatHunting.Read.All');
    answers.push(rejected, timed, forbidden);
  });

  it('never writes the client secret to events, stderr, validation answers, the log or checkpoints', () => {
    expect(runs.length).to.equal(3);
    const secrets = [w.clientSecret, w.sim.tenants[0]!.apps[2]!.clientSecret!];
    const texts = [
      ...runs.flatMap((r) => [r.events.map((e) => e._raw).join('\n'), r.stderr.map((l) => l.text).join('\n')]),
      ...answers,
      logFileLines(w).join('\n'),
    ];
    const dir = join(checkpointPath(w, SCHEME, 'sparse'), '..');
    expect(existsSync(dir)).to.equal(true);
    for (const f of readdirSync(dir)) texts.push(readFileSync(join(dir, f), 'utf8'));
    for (const secret of secrets) for (const text of texts) expect(text.includes(secret)).to.equal(false);
  });
});
