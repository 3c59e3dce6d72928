// The Graph hunting client against the simulator, through a real session (MSAL token, TLS, pacing): rows and
// schema, and every failure turned into a message that says what to do.
import { expect } from 'chai';
import { manualClock, startSimulator, type Simulator } from '../../sandbox/simulator';
import type { Account } from '../../src/config/account';
import { DefenderError } from '../../src/defender/errors';
import { hitsRowCap, huntingColumnKind, HuntingRowCapError, runHuntingQuery, HUNTING_ROW_CAP } from '../../src/defender/hunting';
import { RateLimiter } from '../../src/defender/rate-limiter';
import { windowsFor } from '../../src/defender/rate-limits';
import { openSession, type DefenderSession } from '../../src/defender/session';
import { FakeClock } from '../helpers/fake-clock';
import { processSource, T0 } from '../simulator/hunting-rows';

const NOW = T0 + 100 * 60_000;

describe('Graph hunting client (runHuntingQuery)', function () {
  let sim: Simulator;
  let tenantId: string;

  before(async () => {
    sim = await startSimulator({ seed: 4, incidents: 1, clock: manualClock(NOW), hunting: { source: () => processSource(100) } });
    tenantId = sim.tenants[0]!.tenantId;
  });
  after(() => sim.stop());
  afterEach(() => {
    sim.faults.clear();
  });

  function session(app = 0): DefenderSession {
    const a = sim.tenants[0]!.apps[app]!;
    const account: Account = {
      name: 'prod', tenantId, clientId: a.clientId, authType: 'client_secret', cloud: 'custom',
      loginUrl: sim.loginUrl, graphUrl: sim.graphUrl, mdeUrl: sim.mdeUrl,
    };
    return openSession({
      account,
      secret: a.clientSecret!,
      settings: { network: { requestTimeoutMs: 10_000, pacing: { graphPerMinute: 0, mdePerMinute: 0 }, caBundle: sim.caPem }, logLevel: 'INFO' },
      clock: new FakeClock(NOW),
    });
  }

  async function failure(p: Promise<unknown>): Promise<DefenderError> {
    try {
      await p;
    } catch (e) {
      if (e instanceof DefenderError) return e;
      throw e;
    }
    throw new Error('expected a DefenderError');
  }

  it('returns the schema and rows, sending Query and Timespan', async () => {
    const s = session();
    const r = await runHuntingQuery(s, { query: "DeviceProcessEvents | where FileName =~ 'CMD.EXE' | project Timestamp, DeviceName, ProcessId | take 2", timespan: 'PT1H' });
    expect(r.schema).to.deep.equal([{ name: 'Timestamp', type: 'DateTime' }, { name: 'DeviceName', type: 'String' }, { name: 'ProcessId', type: 'Int64' }]);
    expect(r.results).to.deep.equal([
      { Timestamp: '2026-11-01T00:41:00.0000001Z', DeviceName: 'srv-db.contoso.com', ProcessId: 1041 },
      { Timestamp: '2026-11-01T00:45:00.0000005Z', DeviceName: 'ws-01.contoso.com', ProcessId: 1045 },
    ]);
    expect(r.schema.map((c) => huntingColumnKind(c.type))).to.deep.equal(['datetime', 'string', 'long']);
    expect(s.stats.requests).to.equal(1);
  });

  it('says which KQL is wrong, with Microsoft\'s message and position', async () => {
    const e = await failure(runHuntingQuery(session(), { query: 'DeviceProcessEvents | where Filename == "x"' }));
    expect(e.code).to.equal('hunting_query_error');
    expect(e.message).to.equal(
      `account 'prod' (tenant ${tenantId}): Graph POST /graph/v1.0/security/runHuntingQuery returned 400: the KQL query was refused: ` +
        "Semantic error: 'where' operator: Failed to resolve scalar expression named 'Filename' [line:position=1:29]. " +
        'Fix: correct the query at the line and position Microsoft gives (try it in the Defender portal under Hunting > Advanced hunting); table and column names are case-sensitive.',
    );
  });

  it('names ThreatHunting.Read.All and admin consent when the app lacks it', async () => {
    const e = await failure(runHuntingQuery(session(2), { query: 'DeviceProcessEvents | take 1' }));
    expect(e.code).to.equal('forbidden');
    expect(e.message).to.contain('returned 403: Missing application roles. API required roles: ThreatHunting.Read.All, application roles: .');
    expect(e.message).to.contain('application permission ThreatHunting.Read.All');
    expect(e.message).to.contain('Grant admin consent');
  });

  it('says the query timed out and how to narrow it, without retrying', async () => {
    sim.faults.add({ kind: 'hunting', error: 'timeout' });
    const s = session();
    const e = await failure(runHuntingQuery(s, { query: 'DeviceProcessEvents' }));
    expect(e.code).to.equal('hunting_timeout');
    expect(e.message).to.match(/returned 400: Query exceeded the timeout period\. .*Fix: the query ran longer than the 3 minutes advanced hunting allows: narrow the timespan/);
    expect(s.stats.requests).to.equal(1);
  });

  it('says when to retry after the quota 429 when the wait does not fit the time budget', async () => {
    sim.faults.add({ kind: 'hunting', error: 'cpuQuota', count: 3 });
    const s = session();
    s.hunting.setDeadline(NOW + 5_000);
    const e = await failure(runHuntingQuery(s, { query: 'DeviceProcessEvents | take 1' }));
    expect(e.code).to.equal('hunting_quota');
    expect(e.status).to.equal(429);
    expect(e.message).to.match(/returned 429: advanced hunting quota exhausted: CPU resources quota exceeded!.*Fix: run it again after 300 seconds \(2026-11-01T01:45:00Z\)\. Advanced hunting allows about 45 queries a minute per tenant/);
  });

  it('waits out a short 429 within the budget and then answers', async () => {
    sim.faults.add({ kind: 'status', status: 429, retryAfter: '2', path: 'runHuntingQuery' });
    const s = session();
    const r = await runHuntingQuery(s, { query: 'DeviceProcessEvents | take 1' });
    expect(r.results).to.have.length(1);
    expect(s.stats).to.deep.include({ requests: 2, throttled: 1, retries: 1 });
  });

  it('refuses a result that holds the row cap (Microsoft cut it off), keeping the rows it got', async () => {
    const rows = Array.from({ length: HUNTING_ROW_CAP + 5 }, (_, i) => ({ Timestamp: new Date(T0 + i * 10).toISOString(), N: i }));
    const big = await startSimulator({
      seed: 4, incidents: 1, clock: manualClock(NOW), rateLimits: false,
      hunting: { source: () => ({ table: (name) => (name === 'Tiny' ? { name, columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'N', type: 'long' }] } : undefined), rows: () => rows }) },
    });
    try {
      const s = openSession({
        account: { name: 'prod', tenantId: big.tenants[0]!.tenantId, clientId: big.tenants[0]!.apps[0]!.clientId, authType: 'client_secret', cloud: 'custom', loginUrl: big.loginUrl, graphUrl: big.graphUrl, mdeUrl: big.mdeUrl },
        secret: big.tenants[0]!.apps[0]!.clientSecret!,
        settings: { network: { requestTimeoutMs: 30_000, pacing: { graphPerMinute: 0, mdePerMinute: 0 }, caBundle: big.caPem }, logLevel: 'INFO' },
      });
      const e = await failure(runHuntingQuery(s, { query: 'Tiny', timespan: 'P1D' }));
      expect(e).to.be.instanceOf(HuntingRowCapError);
      expect(e.code).to.equal('hunting_row_cap');
      expect(e.message).to.contain('the query returned 100,000 rows, the advanced hunting row cap, so rows past it were left out. Fix: narrow the timespan');
      const partial = (e as HuntingRowCapError).result;
      expect(partial.results).to.have.length(HUNTING_ROW_CAP);
      expect(partial.results[HUNTING_ROW_CAP - 1]).to.deep.equal({ Timestamp: rows[HUNTING_ROW_CAP - 1]!.Timestamp, N: HUNTING_ROW_CAP - 1 });
      // A query that asks for exactly the cap gets it without complaint.
      expect((await runHuntingQuery(s, { query: 'Tiny | take 100000', timespan: 'P1D' })).results).to.have.length(HUNTING_ROW_CAP);
    } finally {
      await big.stop();
    }
    expect(hitsRowCap('Tiny | take 200000', HUNTING_ROW_CAP)).to.equal(true);
    expect(hitsRowCap('Tiny', HUNTING_ROW_CAP - 1)).to.equal(false);
  });

  it('gives up at once when the caller aborts (a stopped search), with the abort reason', async () => {
    sim.faults.add({ kind: 'stall', ms: 5_000, path: 'runHuntingQuery' });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('search cancelled')), 100);
    let caught: unknown;
    try {
      await runHuntingQuery(session(), { query: 'DeviceProcessEvents | take 1' }, { signal: controller.signal });
    } catch (e) {
      caught = e;
    }
    expect(String(caught)).to.equal('Error: search cancelled');
    expect(Date.now() - started).to.be.lessThan(3_000);
  });

  it('paces hunting to 45 calls a minute per tenant, whichever app calls', async () => {
    const clock = new FakeClock(0);
    const limiter = new RateLimiter(windowsFor('graph-hunting', { graphPerMinute: 150, mdePerMinute: 100 }), clock);
    for (let i = 0; i < 46; i++) await limiter.acquire();
    expect(clock.time).to.be.greaterThanOrEqual(60_000);
    expect(windowsFor('graph-hunting', { graphPerMinute: 0, mdePerMinute: 100 })).to.deep.equal([]);
  });

  it('keeps the rows of a capped result on the error', () => {
    const e = new HuntingRowCapError({ account: 'prod', tenant: tenantId, api: 'graph', method: 'POST', path: '/v1.0/security/runHuntingQuery' }, { schema: [], results: [{}, {}] }, 2);
    expect(e.result.results).to.have.length(2);
    expect(e.message).to.equal(
      `account 'prod' (tenant ${tenantId}): Graph POST /v1.0/security/runHuntingQuery returned 200: the query returned 2 rows, the advanced hunting row cap, so rows past it were left out. ` +
        'Fix: narrow the timespan (or add filters, or summarize) so the query returns fewer rows than the cap, and run it again.',
    );
  });
});
