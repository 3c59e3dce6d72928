import { expect } from 'chai';
import { incidentsInput } from '../../../src/inputs/definitions';
import type { InputSpec, RunDeps } from '../../../src/inputs/common/run';
import { runScheduler } from '../../../src/inputs/scheduler/scheduler';
import type { InputConfig, Stanza } from '../../../src/splunk/modinput/input-xml';
import { ManualTimers, settle } from '../../helpers/manual-timers';

const spec: InputSpec = {
  definition: incidentsInput,
  plan: () => {
    throw new Error('not used: runs are injected');
  },
  probe: async () => undefined,
};

const SCHEME = 'defender_sync_incidents';
const stanza = (name: string, params: Record<string, string> = {}): Stanza => ({ name: `${SCHEME}://${name}`, params: { account: name, interval: '60', ...params } });
const config = (stanzas: Stanza[]): InputConfig => ({ serverHost: 'h', serverUri: 'https://127.0.0.1:8089', sessionKey: 'session-key-123456', checkpointDir: '/nonexistent', stanzas });

type Behaviour = 'ok' | 'fail' | 'hang-until-aborted' | 'hang-forever';

/** A scheduler over fake runs: each run takes `durationMs` of virtual time, or hangs; starts and ends are recorded. */
function harness(stanzas: Stanza[], o: { concurrency: number; durationMs?: number; behaviour?: Record<string, Behaviour> }) {
  const timers = new ManualTimers();
  const t0 = timers.now();
  const stop = new AbortController();
  const starts: Array<{ name: string; at: number }> = [];
  const ends: Array<{ name: string; at: number; aborted: boolean }> = [];
  let running = 0;
  let peak = 0;
  const stderr: string[] = [];
  const run = (s: Stanza, deps: RunDeps): Promise<number> => {
    const name = s.name.slice(SCHEME.length + 3);
    starts.push({ name, at: timers.now() - t0 });
    running++;
    peak = Math.max(peak, running);
    const behaviour = o.behaviour?.[name] ?? 'ok';
    return new Promise<number>((resolve) => {
      const end = (code: number) => {
        running--;
        ends.push({ name, at: timers.now() - t0, aborted: deps.abortRequests?.aborted ?? false });
        resolve(code);
      };
      if (behaviour === 'hang-forever') return;
      if (behaviour === 'hang-until-aborted') {
        deps.abortRequests?.addEventListener('abort', () => end(1), { once: true });
        return;
      }
      timers.after(o.durationMs ?? 1000, () => end(behaviour === 'fail' ? 1 : 0));
    });
  };
  const done = runScheduler(spec, config(stanzas), { write: async () => undefined }, {
    stderr: { write: (chunk: string) => stderr.push(chunk) } as unknown as NodeJS.WritableStream,
    signal: stop.signal,
    concurrency: o.concurrency,
    timers,
    graceMs: 5000,
    stopWaitMs: 10_000,
    run,
  });
  return { timers, stop, starts, ends, done, stderr, peak: () => peak, startsOf: (n: string) => starts.filter((s) => s.name === n).map((s) => s.at) };
}

describe('single-instance scheduler', () => {
  it('runs every stanza at its own interval, never more than `concurrency` at once', async () => {
    const names = ['t1', 't2', 't3', 't4', 't5'];
    const h = harness([...names.map((n) => stanza(n)), stanza('fast', { interval: '10' })], { concurrency: 2, durationMs: 1000 });
    await h.timers.advance(125_000);
    expect(h.peak()).to.equal(2);
    // Five 60 s stanzas and one 10 s one through two slots: everything ran at the start, and again per interval.
    for (const n of names) expect(h.startsOf(n).length, n).to.be.within(2, 3);
    const fast = h.startsOf('fast');
    expect(fast.length).to.be.greaterThan(10);
    for (let k = 1; k < fast.length; k++) expect(fast[k]! - fast[k - 1]!).to.be.within(10_000, 11_000);
    h.stop.abort();
    expect(await h.done).to.equal(0);
  });

  it('keeps a failing stanza and a hung one to their own slot: the others run on time', async () => {
    const h = harness([stanza('bad'), stanza('hung', { interval: '60' }), stanza('stuck'), stanza('a'), stanza('b')], {
      concurrency: 3,
      durationMs: 500,
      behaviour: { bad: 'fail', hung: 'hang-until-aborted', stuck: 'hang-forever' },
    });
    await h.timers.advance(200_000);
    // Budget of a 60 s interval: 54 s; +5 s grace → the hung run's requests are aborted at 59 s.
    const hungStart = h.startsOf('hung')[0]!;
    expect(h.ends.find((e) => e.name === 'hung')).to.deep.include({ at: hungStart + 59_000, aborted: true });
    // The stuck run never returns: its slot is given back at 64 s, it is never started again.
    expect(h.startsOf('stuck')).to.have.length(1);
    expect(h.stderr.join('')).to.match(/WARN .*input 'stuck' did not return 64 s after it started; its slot goes to the other inputs/);
    // a and b had the third slot... and keep their 60 s rhythm within a run's length.
    for (const n of ['a', 'b', 'bad']) {
      const s = h.startsOf(n);
      expect(s.length, n).to.be.at.least(3);
      for (let k = 1; k < s.length; k++) expect(s[k]! - s[k - 1]!, `${n} ${s.join(',')}`).to.be.within(60_000, 61_000);
    }
    h.stop.abort();
    await h.timers.advance(10_000);
    expect(await h.done).to.equal(0);
  });

  it('skips disabled stanzas, runs interval -1 once, and returns when nothing is left to run', async () => {
    const h = harness([stanza('off', { disabled: '1' }), stanza('once', { interval: '-1' }), stanza('also', { interval: '-1' })], { concurrency: 4 });
    await h.timers.advance(5000);
    expect(h.starts.map((s) => s.name).sort()).to.deep.equal(['also', 'once']);
    expect(await h.done).to.equal(0);
  });

  it('on stop starts nothing new and waits for running stanzas to finish their page', async () => {
    const h = harness([stanza('a'), stanza('b'), stanza('c')], { concurrency: 2, durationMs: 3000 });
    await h.timers.advance(1000);
    h.stop.abort();
    let returned = false;
    void h.done.then(() => (returned = true));
    await settle();
    expect(returned).to.equal(false); // a and b are still finishing
    await h.timers.advance(2000);
    expect(returned).to.equal(true);
    expect(h.starts.map((s) => s.name)).to.deep.equal(['a', 'b']);
    expect(h.ends.map((e) => e.name).sort()).to.deep.equal(['a', 'b']);
  });

  it('on stop aborts the requests of a run stuck on a silent host after half the stop wait', async () => {
    const h = harness([stanza('hung'), stanza('a')], { concurrency: 2, durationMs: 100, behaviour: { hung: 'hang-until-aborted' } });
    await h.timers.advance(1000);
    h.stop.abort();
    await h.timers.advance(4999);
    expect(h.ends.map((e) => e.name)).to.deep.equal(['a']);
    await h.timers.advance(1);
    expect(h.ends.find((e) => e.name === 'hung')).to.deep.include({ at: 6000, aborted: true });
    expect(await h.done).to.equal(0);
  });

  it('logs its start and stop with the number of stanzas', async () => {
    const h = harness([stanza('a')], { concurrency: 1 });
    await h.timers.advance(100);
    h.stop.abort();
    await h.timers.advance(1000);
    await h.done;
    const text = h.stderr.join('');
    expect(text).to.match(/INFO .*action=scheduler_start scheme=defender_sync_incidents stanzas=1 concurrency=1/);
    expect(text).to.match(/INFO .*action=scheduler_stop scheme=defender_sync_incidents stanzas=1/);
    expect(text).not.to.contain('session-key-123456');
  });
});

describe('single-instance scheduler: stanzas re-read from splunkd', () => {
  it('starts added stanzas at once, drops deleted and disabled ones, runs edited ones with their new interval', async () => {
    const timers = new ManualTimers();
    const t0 = timers.now();
    const stop = new AbortController();
    const starts: Array<{ name: string; at: number; interval: string }> = [];
    let current: Stanza[] = [stanza('a'), stanza('b'), stanza('c')];
    let failNext = false;
    const lines: string[] = [];
    const done = runScheduler(spec, config(current), { write: async () => undefined }, {
      stderr: { write: (chunk: string) => lines.push(chunk) } as unknown as NodeJS.WritableStream,
      signal: stop.signal,
      concurrency: 4,
      timers,
      refreshMs: 30_000,
      refresh: async () => {
        if (failNext) {
          failNext = false;
          throw new Error('splunkd GET data/inputs returned 503');
        }
        return current;
      },
      run: (s) => {
        starts.push({ name: s.name.slice(SCHEME.length + 3), at: timers.now() - t0, interval: String(s.params.interval) });
        return new Promise((resolve) => timers.after(100, () => resolve(0)));
      },
    });
    await timers.advance(10_000);
    current = [stanza('a', { interval: '20' }), stanza('c', { disabled: '1' }), stanza('d')];
    await timers.advance(25_000); // the re-read at 30 s
    expect(starts.filter((s) => s.name === 'd').map((s) => s.at)).to.deep.equal([30_000]);
    failNext = true;
    await timers.advance(80_000);
    const of = (n: string) => starts.filter((s) => s.name === n).map((s) => s.at);
    expect(of('b')).to.deep.equal([0]);
    expect(of('c')).to.deep.equal([0]);
    // a: every 20 s from its last start once the edit was read (due at 20 s, so at once when read at 30 s).
    expect(of('a')).to.deep.equal([0, 30_000, 50_000, 70_000, 90_000, 110_000]);
    expect(starts.find((s) => s.name === 'a' && s.at === 30_000)?.interval).to.equal('20');
    const text = lines.join('');
    expect(text).to.match(/action=scheduler_reload scheme=defender_sync_incidents stanzas=2 added=1 changed=1 removed=2/);
    expect(text).to.match(/WARN could not re-read the defender_sync_incidents inputs from splunkd \(splunkd GET data\/inputs returned 503\); running the stanzas known so far/);
    stop.abort();
    await timers.advance(1000);
    expect(await done).to.equal(0);
  });
});
