// Acceptance 3 (faults): every scripted fault, through the in-process API and the control API,
// fires exactly on the requests it matches and the same way every time.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { call, graphGet, token } from './helpers';

describe('simulator faults', () => {
  let sim: Simulator;
  let bearer: string;
  let mdeBearer: string;
  const incidents = () => graphGet(sim, '/security/incidents?$top=5', bearer);
  const mdeAlerts = () => call(sim, 'GET', `${sim.mdeUrl}/api/alerts?$top=5`, { headers: { Authorization: `Bearer ${mdeBearer}` } });

  before(async () => {
    sim = await startSimulator({ incidents: 120, rateLimits: false });
    bearer = await token(sim);
    mdeBearer = await token(sim, 'mde');
  });
  afterEach(() => sim.faults.clear());
  after(() => sim.stop());

  it('429 bursts with each Retry-After form, for the next N matching requests only', async () => {
    sim.faults.add({ api: 'graph', kind: 'status', status: 429, retryAfter: '2.128', count: 2 });
    sim.faults.add({ api: 'graph', kind: 'status', status: 429, retryAfter: '10' });
    sim.faults.add({ api: 'graph', kind: 'status', status: 429 });
    const replies = [];
    for (let k = 0; k < 5; k++) replies.push(await incidents());
    expect(replies.map((r) => r.status)).to.deep.equal([429, 429, 429, 429, 200]);
    expect(replies.map((r) => r.headers['retry-after'])).to.deep.equal(['2.128', '2.128', '10', undefined, undefined]);
    expect(replies[0]!.json.error).to.include({ code: 'TooManyRequests', message: 'Please retry again later.' });
    expect(sim.faults.list().map((f) => f.fired)).to.deep.equal([2, 1, 1]);
    expect(sim.requestLog.at(-2)!.fault).to.equal('status 429');
  });

  it('5xx in each API’s own error shape, matched by API and path', async () => {
    for (const status of [500, 502, 503, 504]) {
      sim.faults.add({ api: 'graph', path: '/security/incidents', kind: 'status', status });
      const r = await incidents();
      expect(r.status).to.equal(status);
      expect(Object.keys(r.json.error)).to.include.members(['code', 'message', 'innerError']);
    }
    sim.faults.add({ api: 'graph', path: '/security/alerts_v2', kind: 'status', status: 503, retryAfter: '1' });
    expect((await incidents()).status, 'path does not match').to.equal(200);
    expect((await mdeAlerts()).status, 'api does not match').to.equal(200);
    const a = await graphGet(sim, '/security/alerts_v2?$top=1', bearer);
    expect([a.status, a.headers['retry-after']]).to.deep.equal([503, '1']);
    sim.faults.add({ api: 'mde', kind: 'status', status: 500 });
    const m = await mdeAlerts();
    expect(m.status).to.equal(500);
    expect(Object.keys(m.json.error)).to.deep.equal(['code', 'message', 'target']);
    sim.faults.add({ api: 'token', kind: 'status', status: 503 });
    const tenant = sim.tenants[0]!;
    const t = await call(sim, 'POST', `${sim.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: tenant.apps[0]!.clientId, client_secret: tenant.apps[0]!.clientSecret!, scope: sim.scopes.graph },
    });
    expect(t.status).to.equal(503);
    expect(t.json.error_codes).to.deep.equal([90033]);
  });

  it('connection reset mid-body: headers and part of the body, then the socket is destroyed', async () => {
    sim.faults.add({ api: 'graph', kind: 'reset', bytes: 100 });
    const err = await incidents().then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/aborted|ECONNRESET|socket hang up/);
    expect((await incidents()).status).to.equal(200);
  });

  it('stalled response: a client with a shorter timeout gives up; the answer comes after `ms`', async () => {
    sim.faults.add({ api: 'graph', kind: 'stall', ms: 300 });
    const err = await call(sim, 'GET', `${sim.graphUrl}/v1.0/security/incidents?$top=1`, { headers: { Authorization: `Bearer ${bearer}` }, timeoutMs: 80 }).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.equal('client timeout');
    sim.faults.add({ api: 'mde', kind: 'stall', ms: 60 });
    const started = Date.now();
    const late = await mdeAlerts();
    expect(late.status).to.equal(200);
    expect(Date.now() - started).to.be.at.least(55);
  });

  it('malformed JSON: 200 with a truncated body', async () => {
    sim.faults.add({ api: 'graph', kind: 'malformed' });
    const r = await incidents();
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.match(/^application\/json/);
    expect(r.text.startsWith('{"@odata.context"')).to.equal(true);
    expect(() => JSON.parse(r.text)).to.throw(SyntaxError);
  });

  it('401 for a token that was valid a moment ago (revocation); a new token works', async () => {
    const t = await token(sim);
    expect((await graphGet(sim, '/security/incidents?$top=1', t)).status).to.equal(200);
    sim.faults.revokeTokens();
    const r = await graphGet(sim, '/security/incidents?$top=1', t);
    expect(r.status).to.equal(401);
    expect(r.json.error.code).to.equal('InvalidAuthenticationToken');
    bearer = await token(sim);
    mdeBearer = await token(sim, 'mde');
    expect((await incidents()).status).to.equal(200);
  });

  it('403 and 401 as plain status faults', async () => {
    sim.faults.add({ api: 'graph', kind: 'status', status: 403 });
    sim.faults.add({ api: 'graph', kind: 'status', status: 401 });
    const forbidden = await incidents();
    expect([forbidden.status, forbidden.json.error.code]).to.deep.equal([403, 'Authorization_RequestDenied']);
    const unauthorized = await incidents();
    expect([unauthorized.status, unauthorized.json.error.code]).to.deep.equal([401, 'InvalidAuthenticationToken']);
  });

  it('nextLink that 404s: only the request carrying $skip fails', async () => {
    sim.faults.add({ api: 'graph', path: '/security/incidents', kind: 'nextLinkNotFound' });
    const first = await graphGet(sim, '/security/incidents', bearer);
    expect(first.status).to.equal(200);
    const next = await call(sim, 'GET', first.json['@odata.nextLink'], { headers: { Authorization: `Bearer ${bearer}` } });
    expect(next.status).to.equal(404);
    expect(next.json.error).to.include({ code: 'NotFound', message: 'Resource not found.' });
    const again = await call(sim, 'GET', first.json['@odata.nextLink'], { headers: { Authorization: `Bearer ${bearer}` } });
    expect(again.status).to.equal(200);
  });

  it('is reproducible: the same script gives the same sequence again', async () => {
    const script = () => {
      sim.faults.add({ api: 'graph', kind: 'status', status: 503, count: 2 });
      sim.faults.add({ api: 'graph', kind: 'malformed' });
      sim.faults.add({ api: 'graph', kind: 'status', status: 429, retryAfter: '1' });
    };
    const run = async () => {
      const out: string[] = [];
      for (let k = 0; k < 5; k++) {
        const r = await incidents();
        out.push(`${r.status}:${r.json === undefined ? 'bad-json' : 'json'}:${r.headers['retry-after'] ?? ''}`);
      }
      return out;
    };
    script();
    const first = await run();
    sim.faults.clear();
    script();
    expect(await run()).to.deep.equal(first);
    expect(first).to.deep.equal(['503:json:', '503:json:', '200:bad-json:', '429:json:1', '200:json:']);
  });

  it('refuses a bad fault spec with a message that says how to fix it', () => {
    expect(() => sim.faults.add({ kind: 'status', status: 200 } as never)).to.throw(/between 400 and 599/);
    expect(() => sim.faults.add({ kind: 'explode' } as never)).to.throw(/kind must be one of status, reset, stall, malformed, nextLinkNotFound/);
    expect(() => sim.faults.add({ kind: 'stall' } as never)).to.throw(/needs "ms"/);
  });
});
