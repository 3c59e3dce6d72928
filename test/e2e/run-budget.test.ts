// The run's time budget, fast: the real incidents plan, page loop and API client against a scripted
// transport on a virtual clock (the packaged e2e case is in faults.test.ts; budgets there cost 30 s).
// A run may take 90% of its interval (at least 30 s): a 429 whose wait would end after that stops the run
// with the checkpoint at the last full page; pages stop being requested once the budget is spent.
import { expect } from 'chai';
import { ApiClient, newStats } from '../../src/defender/api-client';
import { DefenderError } from '../../src/defender/errors';
import { RateLimiter } from '../../src/defender/rate-limiter';
import type { DefenderSession } from '../../src/defender/session';
import type { HttpRequest, HttpResponse } from '../../src/defender/transport';
import { CRON_BUDGET_MS, MAX_BUDGET_MS, runBudgetMs } from '../../src/inputs/common/budget';
import { ingest, STATE_VERSION, type IngestState } from '../../src/inputs/common/ingest';
import { incidentsPlan } from '../../src/inputs/incidents/plan';
import { FakeClock } from '../helpers/fake-clock';

const START = Date.parse('2026-11-01T00:00:00Z');

/** A full page of 50 incidents (one alert each) updated one second apart, starting at `from`. */
function page(from: number): HttpResponse {
  const value = Array.from({ length: 50 }, (_, k) => {
    const t = new Date(START + (from + k) * 1000).toISOString().replace('Z', '1234Z');
    return { id: String(1000 + from + k), lastUpdateDateTime: t, alerts: [{ id: `a${from + k}`, lastUpdateDateTime: t }] };
  });
  return { status: 200, headers: {}, body: JSON.stringify({ value }) };
}

const throttled = (retryAfter: string): HttpResponse => ({
  status: 429,
  headers: { 'retry-after': retryAfter },
  body: '{"error":{"code":"TooManyRequests","message":"Please retry again later."}}',
});

function world(interval: string, answer: (n: number, clock: FakeClock) => HttpResponse) {
  const clock = new FakeClock(Date.parse('2026-11-22T10:00:00Z'));
  const started = clock.now();
  const deadline = started + runBudgetMs(interval, 300);
  const sent: HttpRequest[] = [];
  const graph = new ApiClient({
    api: 'graph',
    scope: 'https://graph.test/.default',
    tokens: { token: async () => 'token' },
    transport: { send: async (req) => (sent.push(req), answer(sent.length, clock)) },
    limiter: new RateLimiter([], clock),
    account: 'prod',
    tenant: 't1',
    clientId: 'c1',
    clock,
    stats: newStats(),
    random: () => 0.5,
    deadline,
  });
  const session = { endpoints: { graphUrl: 'https://graph.test' }, graph } as unknown as DefenderSession;
  const saved: IngestState[] = [];
  const written: string[] = [];
  const state: IngestState = { version: STATE_VERSION, tenant: 't1', cursor: { time: '2026-10-01T00:00:00Z', ids: [] }, alertsSince: null };
  const run = ingest({
    plan: incidentsPlan(session, { source: 'defender_sync_incidents:t1' }),
    state,
    writer: { write: async (e) => void written.push(e.sourcetype ?? '') },
    checkpoint: { save: async (s) => void saved.push(s) },
    now: () => clock.now(),
    deadline,
  });
  return { run, clock, started, deadline, sent, saved, written };
}

describe('run budget (virtual clock)', () => {
  it('is 90% of the interval, at least 30 s, at most an hour; cron schedules get 4 minutes', () => {
    expect(runBudgetMs('300', 300)).to.equal(270_000);
    expect(runBudgetMs('', 300)).to.equal(270_000);
    expect(runBudgetMs('60', 300)).to.equal(54_000);
    expect(runBudgetMs('30', 300)).to.equal(30_000);
    expect(runBudgetMs('5', 300)).to.equal(30_000);
    expect(runBudgetMs('86400', 300)).to.equal(MAX_BUDGET_MS);
    expect(runBudgetMs('0', 300)).to.equal(MAX_BUDGET_MS);
    expect(runBudgetMs('*/5 * * * *', 300)).to.equal(CRON_BUDGET_MS);
  });

  it('a persistent 429: waits while the wait ends within the budget, then stops with the checkpoint at the last full page', async () => {
    // interval 60 → 54 s. Retry-After 20: waits at 0 s and 20 s fit; the third would end at 60 s.
    const w = world('60', (n) => (n === 1 ? page(0) : throttled('20')));
    const err = await w.run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(DefenderError);
    expect((err as DefenderError).code).to.equal('throttled');
    expect((err as DefenderError).message).to.include('resumes from its checkpoint');
    expect(w.clock.sleeps).to.deep.equal([20_000, 20_000]);
    expect(w.clock.now() - w.started).to.equal(40_000);
    expect(w.clock.now()).to.be.below(w.deadline);
    expect(w.sent).to.have.length(4);
    expect(w.saved.map((s) => s.cursor.time)).to.deep.equal(['2026-11-01T00:00:49.0001234Z']);
    expect(w.written.filter((s) => s === 'ms365:defender:incident')).to.have.length(50);
  });

  it('a Retry-After beyond the budget: stops at once instead of waiting', async () => {
    const w = world('30', (n) => (n === 1 ? page(0) : throttled('31')));
    await w.run.then(
      () => expect.fail('the run should stop'),
      (e: unknown) => expect((e as DefenderError).code).to.equal('throttled'),
    );
    expect(w.clock.sleeps).to.deep.equal([]);
    expect(w.saved).to.have.length(1);
  });

  it('pages that keep coming: no request starts once the budget is spent; the checkpoint holds the last page', async () => {
    // Every request takes 10 s of virtual time; interval 10 → the 30 s minimum budget: three pages.
    const w = world('10', (n, clock) => {
      clock.time += 10_000;
      return page((n - 1) * 49);
    });
    const result = await w.run;
    expect([result.caughtUp, result.stoppedBy, result.pages]).to.deep.equal([false, 'budget', 3]);
    expect(w.sent).to.have.length(3);
    expect(w.clock.now() - w.started).to.equal(30_000);
    expect(w.saved.at(-1)?.cursor).to.deep.equal(result.state.cursor);
    expect(result.state.alertsSince, 'not caught up: alerts still due from the start').to.equal(null);
  });
});
