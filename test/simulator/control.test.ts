// The control API (/_control, JSON over the same HTTPS port) offers what the in-process object does.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { call, graphGet, token } from './helpers';

describe('simulator control API', () => {
  let sim: Simulator;
  const control = (method: string, path: string, body?: unknown) => call(sim, method, `${sim.loginUrl}${path}`, { body });

  before(async () => {
    sim = await startSimulator({ incidents: 60, tenants: 2, rateLimits: false });
  });
  after(() => sim.stop());

  it('GET /_control describes URLs, tenants with their apps (no private keys) and the routes', async () => {
    const r = await control('GET', '/_control');
    expect(r.status).to.equal(200);
    expect(r.json).to.include({ loginUrl: sim.loginUrl, graphUrl: sim.graphUrl, mdeUrl: sim.mdeUrl, caFile: sim.caFile });
    expect(r.json.tenants.map((t: any) => t.tenantId)).to.deep.equal(sim.tenants.map((t) => t.tenantId));
    expect(r.json.tenants[0].apps[0].certificates[0]).to.have.keys('certificatePem', 'thumbprintSha1', 'thumbprintSha256');
    expect(r.text).to.not.include('PRIVATE KEY');
    expect(r.json.routes.length).to.be.greaterThan(10);
  });

  it('adds, lists and clears faults', async () => {
    const bearer = await token(sim);
    const added = await control('POST', '/_control/faults', [{ api: 'graph', kind: 'status', status: 503, retryAfter: '3' }, { api: 'graph', kind: 'malformed' }]);
    expect(added.status).to.equal(201);
    expect(added.json.ids).to.have.length(2);
    const r = await graphGet(sim, '/security/incidents?$top=1', bearer);
    expect([r.status, r.headers['retry-after']]).to.deep.equal([503, '3']);
    const listed = await control('GET', '/_control/faults');
    expect(listed.json.value.map((f: any) => [f.fired, f.remaining])).to.deep.equal([[1, 0], [0, 1]]);
    await control('DELETE', '/_control/faults');
    expect((await graphGet(sim, '/security/incidents?$top=1', bearer)).status).to.equal(200);
    const bad = await control('POST', '/_control/faults', { kind: 'status' });
    expect(bad.status).to.equal(400);
    expect(bad.json.error).to.match(/status fault needs "status" between 400 and 599/);
  });

  it('mutates, creates, merges and reads records in any tenant', async () => {
    const second = sim.tenants[1]!.tenantId;
    const m = await control('POST', '/_control/data/mutate', { kind: 'alert', count: 3, tenantId: second });
    expect(m.json.ids).to.have.length(3);
    const rec = await control('GET', `/_control/data/alert/${encodeURIComponent(m.json.ids[0])}?tenantId=${second}`);
    expect(rec.json.id).to.equal(m.json.ids[0]);
    expect((await control('GET', `/_control/data/alert/${encodeURIComponent(m.json.ids[0])}`)).status, 'other tenant').to.equal(404);
    const c = await control('POST', '/_control/data/create', { kind: 'mdeAlert', count: 2 });
    expect(c.json.ids).to.have.length(2);
    const t = sim.data.tenant();
    const merge = await control('POST', '/_control/data/merge', { from: t.incidents.idAt(1), into: t.incidents.idAt(2) });
    expect(merge.json).to.deep.equal({ merged: true });
    expect(sim.data.get('incident', t.incidents.idAt(1))!.status).to.equal('redirected');
    const wrong = await control('POST', '/_control/data/mutate', { kind: 'widget' });
    expect(wrong.status).to.equal(400);
    expect(wrong.json.error).to.match(/kind must be 'incident', 'alert' or 'mdeAlert'/);
  });

  it('schedules a mutation after N requests, revokes tokens, reports requests and stats, resets', async () => {
    const bearer = await token(sim);
    const id = sim.data.tenant().incidents.idAt(5);
    const before = sim.data.get('incident', id)!.lastUpdateDateTime;
    await control('POST', '/_control/data/schedule', { afterRequests: 2, api: 'graph', kind: 'incident', ids: [id] });
    await graphGet(sim, '/security/incidents?$top=1', bearer);
    expect(sim.data.get('incident', id)!.lastUpdateDateTime).to.equal(before);
    await graphGet(sim, '/security/incidents?$top=1', bearer, { 'User-Agent': 'MdePartner-DefenderSync-SplunkAddOn/1.0.0' });
    expect(sim.data.get('incident', id)!.lastUpdateDateTime).to.not.equal(before);
    const seq = sim.requestLog.at(-1)!.seq;
    await control('POST', '/_control/tokens/revoke');
    expect((await graphGet(sim, '/security/incidents?$top=1', bearer)).status).to.equal(401);
    const log = await control('GET', `/_control/requests?since=${seq - 1}`);
    expect(log.json.value.map((r: any) => [r.status, r.userAgent])).to.deep.equal([[200, 'MdePartner-DefenderSync-SplunkAddOn/1.0.0'], [401, undefined]]);
    expect(log.json.value[0].query).to.deep.equal({ $top: '1' });
    const stats = await control('GET', '/_control/stats');
    expect(stats.json.requests.graph).to.be.greaterThan(2);
    expect(stats.json.requests.token).to.be.greaterThan(0);
    expect((await control('POST', '/_control/reset')).json).to.deep.equal({ reset: true });
    expect(sim.data.get('incident', id)!.lastUpdateDateTime).to.equal(before);
    expect(sim.requestLog).to.have.length(0);
    expect((await control('GET', '/_control/nope')).status).to.equal(404);
  });
});
