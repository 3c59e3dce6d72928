// Graph $batch: limits, ids, dependsOn, per-item status and per-item throttling.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { call, token } from './helpers';

describe('simulator Graph $batch', () => {
  let sim: Simulator;
  let bearer: string;
  const batch = (requests: unknown[], s = sim, b = bearer) => call(s, 'POST', `${s.graphUrl}/v1.0/$batch`, { headers: { Authorization: `Bearer ${b}` }, body: { requests } });

  before(async () => {
    sim = await startSimulator({ incidents: 30, rateLimits: false, batchResponseOrder: 'reverse' });
    bearer = await token(sim);
  });
  after(() => sim.stop());

  it('runs each request and answers every id with its own status, headers and body', async () => {
    const t = sim.data.tenant();
    const [a, b] = [t.incidents.idAt(1), t.incidents.idAt(2)];
    const r = await batch([
      { id: '1', method: 'PATCH', url: `/security/incidents/${a}`, headers: { 'Content-Type': 'application/json' }, body: { status: 'resolved' } },
      { id: '2', method: 'GET', url: `security/incidents/${b}?$expand=alerts` },
      { id: '3', method: 'PATCH', url: `/security/incidents/${b}`, headers: { 'Content-Type': 'application/json' }, body: { status: 'inProgress' } },
      { id: '4', method: 'GET', url: '/security/incidents/999999999' },
    ]);
    expect(r.status).to.equal(200);
    const byId = Object.fromEntries(r.json.responses.map((x: any) => [x.id, x]));
    expect(r.json.responses.map((x: any) => x.id)).to.deep.equal(['4', '3', '2', '1']);
    expect(byId['1'].status).to.equal(200);
    expect(byId['1'].body.status).to.equal('resolved');
    expect(byId['2'].body.alerts.length).to.be.greaterThan(0);
    expect(byId['3'].status).to.equal(400);
    expect(byId['4'].status).to.equal(404);
    expect(byId['4'].headers['Content-Type']).to.match(/^application\/json/);
    expect(sim.requestLog.at(-1)!.batchItems).to.equal(4);
  });

  it('returns 424 for requests whose dependency failed', async () => {
    const id = sim.data.tenant().incidents.idAt(3);
    const r = await batch([
      { id: 'a', method: 'PATCH', url: `/security/incidents/${id}`, headers: { 'Content-Type': 'application/json' }, body: { status: 'nope' } },
      { id: 'b', method: 'POST', url: `/security/incidents/${id}/comments`, headers: { 'Content-Type': 'application/json' }, body: { comment: 'after a' }, dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: `/security/incidents/${id}`, dependsOn: ['b'] },
    ]);
    const byId = Object.fromEntries(r.json.responses.map((x: any) => [x.id, x]));
    expect([byId.a.status, byId.b.status, byId.c.status]).to.deep.equal([400, 424, 424]);
    expect(byId.b.body.error.code).to.equal('FailedDependency');
  });

  it('answers a malformed batch with 400: more than 20, duplicate ids, body without Content-Type, absolute url', async () => {
    const get = (id: string) => ({ id, method: 'GET', url: '/security/incidents?$top=1' });
    const cases: [unknown[], RegExp][] = [
      [Array.from({ length: 21 }, (_, k) => get(String(k))), /21 requests; the limit is 20/],
      [[get('1'), get('1')], /'1' more than once/],
      [[{ id: '1', method: 'PATCH', url: '/security/incidents/1', body: {} }], /no Content-Type header/],
      [[{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/security/incidents' }], /must be relative/],
      [[{ id: '1', method: 'GET', url: '/security/incidents', dependsOn: ['9'] }], /depends on '9'/],
    ];
    for (const [requests, message] of cases) {
      const r = await batch(requests);
      expect(r.status).to.equal(400);
      expect(r.json.error.message).to.match(message);
    }
    expect((await batch(Array.from({ length: 20 }, (_, k) => get(String(k))))).status).to.equal(200);
  });

  it('counts each item against the rate limit: throttled items get 429 with their own Retry-After', async () => {
    const s = await startSimulator({ incidents: 5, rateLimits: { graph: { windows: [{ limit: 5, windowMs: 60_000 }], retryAfter: 'integer' } } });
    try {
      const b = await token(s);
      const r = await batch(Array.from({ length: 8 }, (_, k) => ({ id: String(k + 1), method: 'GET', url: '/security/incidents?$top=1' })), s, b);
      expect(r.status).to.equal(200);
      const statuses = Object.fromEntries(r.json.responses.map((x: any) => [x.id, x.status]));
      expect(Object.values(statuses).filter((x) => x === 200)).to.have.length(5);
      const throttled = r.json.responses.filter((x: any) => x.status === 429);
      expect(throttled).to.have.length(3);
      for (const item of throttled) {
        expect(item.headers['Retry-After']).to.match(/^\d+$/);
        expect(item.body).to.deep.equal({ error: { code: 'TooManyRequests', message: 'Please retry again later.' } });
      }
      expect(s.stats().throttled.graph).to.equal(3);
      const single = await call(s, 'GET', `${s.graphUrl}/v1.0/security/incidents`, { headers: { Authorization: `Bearer ${b}` } });
      expect(single.status).to.equal(429);
    } finally {
      await s.stop();
    }
  });
});
