// Acceptance 3 (limits): documented rates per app per tenant, sliding windows, each Retry-After
// form, MDE's per-minute and per-hour quota bodies, batchUpdate's own bucket.
import { expect } from 'chai';
import { manualClock, startSimulator, type Simulator } from '../../sandbox/simulator';
import { DEFAULT_RATE_LIMITS, RateLimiter, retryAfterHeader, timeSpan } from '../../sandbox/simulator/rate-limits';
import { call, graphGet, token } from './helpers';

describe('simulator rate limits', () => {
  it('defaults to the documented numbers', () => {
    expect(DEFAULT_RATE_LIMITS.graph.windows).to.deep.equal([{ limit: 150, windowMs: 60_000 }]);
    expect(DEFAULT_RATE_LIMITS.mde.windows).to.deep.equal([{ limit: 100, windowMs: 60_000 }, { limit: 1500, windowMs: 3_600_000 }]);
    expect(DEFAULT_RATE_LIMITS.mdeBatchUpdate.windows).to.deep.equal([{ limit: 10, windowMs: 60_000 }, { limit: 500, windowMs: 3_600_000 }]);
  });

  it('is a sliding window where refused requests count, with Retry-After until a slot frees', () => {
    const clock = manualClock(0);
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, graph: { windows: [{ limit: 3, windowMs: 1000 }], retryAfter: 'fractional' } }, clock);
    for (const at of [0, 100, 200]) { clock.set(at); expect(limiter.take('graph', 'app').ok).to.equal(true); }
    clock.set(300);
    const refused = limiter.take('graph', 'app');
    expect(refused).to.deep.include({ ok: false, retryAfterMs: 800, retryAfterHeader: '0.800' });
    // The refused request at 300 counts: at 1000 the 0-request expires but 100, 200 and 300 remain.
    clock.set(1000);
    expect(limiter.take('graph', 'app').ok).to.equal(false);
    clock.set(1300);
    expect(limiter.take('graph', 'app').ok).to.equal(true);
    expect(limiter.take('graph', 'other-app').ok).to.equal(true);
  });

  it('formats Retry-After as integer, fractional or absent, and windows as TimeSpans', () => {
    expect(retryAfterHeader(2128, 'fractional')).to.equal('2.128');
    expect(retryAfterHeader(2128, 'integer')).to.equal('3');
    expect(retryAfterHeader(10, 'integer')).to.equal('1');
    expect(retryAfterHeader(2128, 'absent')).to.equal(undefined);
    expect(timeSpan(60_000)).to.equal('00:01:00');
    expect(timeSpan(3_600_000)).to.equal('01:00:00');
    expect(timeSpan(250)).to.equal('00:00:00.2500000');
  });

  describe('over HTTPS, with small windows', () => {
    let sim: Simulator;
    const started: Simulator[] = [];
    const start = async (o: Parameters<typeof startSimulator>[0]) => {
      sim = await startSimulator(o);
      started.push(sim);
      return sim;
    };
    afterEach(async () => { await Promise.all(started.splice(0).map((s) => s.stop())); });

    it('Graph: 429 TooManyRequests after the limit, per app, with each Retry-After form', async () => {
      for (const form of ['fractional', 'integer', 'absent'] as const) {
        const clock = manualClock(Date.UTC(2026, 10, 1));
        await start({ incidents: 5, clock, rateLimits: { graph: { windows: [{ limit: 4, windowMs: 2500 }], retryAfter: form } } });
        const own = await token(sim, 'graph', 0);
        const other = await token(sim, 'graph', 1);
        const statuses: number[] = [];
        let last;
        for (let k = 0; k < 6; k++) {
          last = await graphGet(sim, '/security/incidents?$top=1', own);
          statuses.push(last.status);
          clock.advance(100);
        }
        expect(statuses).to.deep.equal([200, 200, 200, 200, 429, 429]);
        expect(last!.json.error).to.include({ code: 'TooManyRequests', message: 'Please retry again later.' });
        expect(last!.json.error.innerError).to.include({ code: '429', message: 'Please retry after', status: '429' });
        // Sent at 500 ms, the 6th request waits for the 3rd oldest slot (200 ms) to leave the 2.5 s window.
        const header = last!.headers['retry-after'];
        if (form === 'fractional') expect(header).to.equal('2.200');
        if (form === 'integer') expect(header).to.equal('3');
        if (form === 'absent') expect(header).to.equal(undefined);
        expect((await graphGet(sim, '/security/incidents?$top=1', other)).status, 'another app has its own bucket').to.equal(200);
        expect(sim.stats().throttled.graph).to.equal(2);
        // Now 600 ms. A retry 100 ms too early (2.6 s) is refused — and counts: the next slot frees at 2.8 s.
        clock.advance(2000);
        const early = await graphGet(sim, '/security/incidents?$top=1', own);
        expect(early.status, 'before Retry-After').to.equal(429);
        if (form === 'fractional') expect(early.headers['retry-after']).to.equal('0.200');
        clock.advance(200);
        expect((await graphGet(sim, '/security/incidents?$top=1', own)).status, 'after Retry-After').to.equal(200);
      }
    });

    it('MDE: per-minute then per-hour quota bodies, and batchUpdate in its own bucket', async () => {
      const clock = manualClock(Date.UTC(2026, 10, 1));
      await start({
        incidents: 2, mdeAlerts: 20, clock,
        rateLimits: {
          mde: { windows: [{ limit: 3, windowMs: 60_000 }, { limit: 5, windowMs: 3_600_000 }], retryAfter: 'integer' },
          mdeBatchUpdate: { windows: [{ limit: 2, windowMs: 60_000 }, { limit: 500, windowMs: 3_600_000 }] },
        },
      });
      const t = await token(sim, 'mde');
      const get = () => call(sim, 'GET', `${sim.mdeUrl}/api/alerts?$top=1`, { headers: { Authorization: `Bearer ${t}` } });
      for (let k = 0; k < 3; k++) expect((await get()).status).to.equal(200);
      const minute = await get();
      expect(minute.status).to.equal(429);
      expect(minute.json.error).to.include({ code: '429', message: 'API calls quota exceeded! maximum allowed 3 per 00:01:00' });
      expect(minute.headers['retry-after']).to.equal('60');
      clock.advance(61_000);
      expect((await get()).status).to.equal(200);
      const hour = await get();
      expect(hour.status).to.equal(429);
      expect(hour.json.error.message).to.equal('API calls quota exceeded! maximum allowed 5 per 01:00:00');
      const id = sim.data.tenant().mdeAlerts.idAt(0);
      const bu = () => call(sim, 'POST', `${sim.mdeUrl}/api/alerts/batchUpdate`, { headers: { Authorization: `Bearer ${t}` }, body: { alertIds: [id], status: 'InProgress' } });
      expect([(await bu()).status, (await bu()).status, (await bu()).status]).to.deep.equal([200, 200, 429]);
    });

    it('rateLimits: false switches limits off', async () => {
      await start({ incidents: 2, rateLimits: false });
      const t = await token(sim);
      const statuses = await Promise.all(Array.from({ length: 160 }, () => graphGet(sim, '/security/incidents?$top=1', t).then((r) => r.status)));
      expect(new Set(statuses)).to.deep.equal(new Set([200]));
    });
  });
});
