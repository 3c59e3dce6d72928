// The legacy Defender for Endpoint API: list/get with MDE's rules, PATCH and batchUpdate.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { call, token } from './helpers';

describe('simulator MDE /api/alerts', () => {
  let sim: Simulator;
  let bearer: string;
  const req = (method: string, path: string, body?: unknown) => call(sim, method, `${sim.mdeUrl}${path}`, { headers: { Authorization: `Bearer ${bearer}` }, body });

  before(async () => {
    sim = await startSimulator({ seed: 9, incidents: 20, mdeAlerts: 500, rateLimits: false, mdeBatchUpdateMax: 5, dataEnd: '2026-11-01T00:00:00Z' });
    bearer = await token(sim, 'mde');
  });
  after(() => sim.stop());

  it('lists newest alertCreationTime first, without evidence unless $expand=evidence, and no nextLink by default', async () => {
    const r = await req('GET', '/api/alerts?$top=100');
    expect(r.status).to.equal(200);
    const created = r.json.value.map((a: any) => a.alertCreationTime);
    expect([...created].sort().reverse()).to.deep.equal(created);
    expect(r.json['@odata.nextLink']).to.equal(undefined);
    expect(r.json.value.every((a: any) => a.evidence.length === 0)).to.equal(true);
    const e = await req('GET', '/api/alerts?$top=100&$expand=evidence');
    expect(e.json.value.some((a: any) => a.evidence.length > 0)).to.equal(true);
    const skipped = await req('GET', '/api/alerts?$top=10&$skip=90');
    expect(skipped.json.value.map((a: any) => a.id)).to.deep.equal(r.json.value.slice(90).map((a: any) => a.id));
  });

  it('filters on lastUpdateTime, alertCreationTime, status, severity and incidentId', async () => {
    const all = (await req('GET', '/api/alerts')).json.value as any[];
    expect(all).to.have.length(500);
    const pivot = all[250].lastUpdateTime;
    const f = encodeURIComponent(`lastUpdateTime ge ${pivot} and status eq 'New' and severity ne 'Low'`);
    const got = (await req('GET', `/api/alerts?$filter=${f}`)).json.value as any[];
    const seven = (t: string) => t.replace(/(?:\.(\d+))?Z$/, (_, x: string | undefined) => `.${(x ?? '').padEnd(7, '0')}Z`);
    const expected = all.filter((a) => seven(a.lastUpdateTime) >= seven(pivot) && a.status === 'New' && a.severity !== 'Low');
    expect(got.map((a) => a.id)).to.deep.equal(expected.map((a) => a.id));
    const inc = all[0].incidentId;
    const byIncident = (await req('GET', `/api/alerts?$filter=${encodeURIComponent(`incidentId eq ${inc}`)}`)).json.value;
    expect(byIncident.length).to.be.greaterThan(0);
    expect(byIncident.every((a: any) => a.incidentId === inc)).to.equal(true);
    expect((await req('GET', '/api/alerts?$filter=lastUpdateTime+ge+2019-11-22T00:00:00Z&$top=1')).status).to.equal(200);
    const createdPivot = all[100].alertCreationTime;
    const older = (await req('GET', `/api/alerts?$filter=${encodeURIComponent(`alertCreationTime lt ${createdPivot}`)}`)).json.value as any[];
    expect(older.map((a) => a.id)).to.deep.equal(all.slice(101).map((a) => a.id));
  });

  it('refuses $orderby, $top above 10000 and bad filters with MDE 400s', async () => {
    const o = await req('GET', '/api/alerts?$orderby=lastUpdateTime asc');
    expect(o.status).to.equal(400);
    expect(o.json.error.code).to.equal('ODataError');
    expect(o.json.error.message).to.match(/\$orderby is not supported/);
    const t = await req('GET', '/api/alerts?$top=10001');
    expect(t.json.error).to.include({ code: 'ODataError', message: "The limit of '10000' for Top query has been exceeded. The value from the incoming request is '10001'." });
    const f = await req('GET', `/api/alerts?$filter=${encodeURIComponent("status eq 'new-ish'")}`);
    expect(f.status).to.equal(400);
    expect(f.json.error.message).to.match(/^Invalid filter clause: .*not a valid enumeration/);
  });

  it('sends nextLinks when mdeNextLink is on', async () => {
    const s = await startSimulator({ incidents: 5, mdeAlerts: 30, mdeNextLink: true, rateLimits: false });
    try {
      const t = await token(s, 'mde');
      const r = await call(s, 'GET', `${s.mdeUrl}/api/alerts?$top=20`, { headers: { Authorization: `Bearer ${t}` } });
      expect(r.json['@odata.nextLink']).to.equal(`${s.mdeUrl}/api/alerts?$top=20&$skip=20`);
      const last = await call(s, 'GET', r.json['@odata.nextLink'], { headers: { Authorization: `Bearer ${t}` } });
      expect(last.json.value).to.have.length(10);
      expect(last.json['@odata.nextLink']).to.equal(undefined);
    } finally {
      await s.stop();
    }
  });

  it('PATCH updates status, assignee, classification, determination and appends a comment', async () => {
    const id = sim.data.tenant().mdeAlerts.idAt(3);
    const before = sim.data.get('mdeAlert', id)!;
    const r = await req('PATCH', `/api/alerts/${id}`, { status: 'Resolved', assignedTo: 'secop123@contoso.com', classification: 'FalsePositive', determination: 'Clean', comment: 'Benign admin tool' });
    expect(r.status).to.equal(200);
    expect(r.json).to.include({ id, status: 'Resolved', assignedTo: 'secop123@contoso.com', classification: 'FalsePositive', determination: 'Clean' });
    expect(r.json.comments.at(-1)).to.include({ comment: 'Benign admin tool', createdBy: 'Defender Sync' });
    expect(r.json.lastUpdateTime > (before.lastUpdateTime as string)).to.equal(true);
    expect(r.json.resolvedTime).to.equal(r.json.lastUpdateTime);
    const commentOnly = await req('PATCH', `/api/alerts/${id}`, { comment: 'only a comment' });
    expect(commentOnly.status).to.equal(200);
    for (const d of ['ConfirmedActivity', 'NotMalicious', 'ConfirmedUserActivity', 'InsufficientData', 'CompromisedUser']) {
      expect((await req('PATCH', `/api/alerts/${id}`, { determination: d })).status, d).to.equal(200);
    }
  });

  it('PATCH refuses wrong names (case-sensitive), values and unknown ids', async () => {
    const id = sim.data.tenant().mdeAlerts.idAt(4);
    for (const body of [{ Status: 'Resolved' }, { status: 'resolved' }, { status: 'Closed' }, { determination: 'Apt' }, {}, 'nope']) {
      const r = await req('PATCH', `/api/alerts/${id}`, body);
      expect(r.status, JSON.stringify(body)).to.equal(400);
      expect(r.json.error.code).to.equal('InvalidRequestBody');
    }
    const nf = await req('PATCH', '/api/alerts/da637500000000099999_1', { status: 'New' });
    expect(nf.status).to.equal(404);
    expect(nf.json.error).to.include({ code: 'ResourceNotFound', message: 'Alert da637500000000099999_1 was not found' });
  });

  it('batchUpdate: 200 with an empty body, applies to each id, enforces the maximum batch size', async () => {
    const ids = [1, 2, 3].map((k) => sim.data.tenant().mdeAlerts.idAt(k + 10));
    const r = await req('POST', '/api/alerts/batchUpdate', { alertIds: ids, status: 'InProgress', assignedTo: 'tier2@contoso.com', comment: 'bulk' });
    expect(r.status).to.equal(200);
    expect(r.text).to.equal('');
    for (const id of ids) expect(sim.data.get('mdeAlert', id)).to.include({ status: 'InProgress', assignedTo: 'tier2@contoso.com' });
    const big = await req('POST', '/api/alerts/batchUpdate', { alertIds: ['a', 'b', 'c', 'd', 'e', 'f'], status: 'Resolved' });
    expect(big.status).to.equal(400);
    expect(big.json.error).to.include({ code: 'MaximumBatchSizeExceeded' });
    expect(big.json.error.message).to.match(/Received: 6, allowed: 5/);
    const missing = await req('POST', '/api/alerts/batchUpdate', { status: 'Resolved' });
    expect(missing.status).to.equal(400);
    expect(missing.json.error.code).to.equal('MissingRequiredParameter');
  });
});
