// The simulator's Defender for Endpoint response API (defender-response.md §1–§2): devices, machine
// actions as a state machine on the simulator clock, tags, indicators with import and the tenant cap,
// roles, limits and the retirement switch.
import { expect } from 'chai';
import { manualClock, startSimulator, type ManualClock, type Simulator } from '../../sandbox/simulator';
import { call, token } from './helpers';

const SHA1 = 'a'.repeat(40);

describe('simulator MDE response API', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let bearer: string;
  const req = (method: string, path: string, body?: unknown, as = bearer) =>
    call(sim, method, `${sim.mdeUrl}${path}`, { headers: { Authorization: `Bearer ${as}` }, body });

  before(async () => {
    clock = manualClock(Date.UTC(2026, 11, 3, 12));
    sim = await startSimulator({
      seed: 3, incidents: 2, clock,
      rateLimits: { mde: { windows: [{ limit: 100, windowMs: 60_000 }] }, mdeIndicatorBatch: { windows: [{ limit: 30, windowMs: 60_000 }] } },
      mdeResponse: { timing: { pendingMs: 1000, runningMs: 2000 }, indicatorCap: 40 },
    });
  });
  after(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    clock.advance(3_600_000); // fresh rate-limit windows
    bearer = await token(sim, 'mde');
  });

  it('lists devices, finds one by id or by computer name, and shows an ambiguous name as two devices', async () => {
    const all = (await req('GET', '/api/machines')).json.value as Array<Record<string, any>>;
    expect(all.length).to.be.at.least(6);
    expect(all[0]!.id).to.match(/^[0-9a-f]{40}$/);
    const byId = await req('GET', `/api/machines/${all[1]!.id}`);
    expect(byId.json).to.include({ id: all[1]!.id, computerDnsName: 'srv-sql01.contoso.com' });
    const byName = await req('GET', '/api/machines/ws-0042.contoso.com');
    expect(byName.json.id).to.equal(all[0]!.id);
    const dup = await req('GET', `/api/machines?$filter=${encodeURIComponent("computerDnsName eq 'dup-host.contoso.com'")}`);
    expect(dup.json.value).to.have.length(2);
    const missing = await req('GET', '/api/machines/0000000000000000000000000000000000000000');
    expect([missing.status, missing.json.error.code]).to.deep.equal([404, 'ResourceNotFound']);
  });

  it('runs an isolation Pending → InProgress → Succeeded on the clock, refuses a second one while active, then releases', async () => {
    const [m] = sim.mdeResponse.machineByName('ws-0042.contoso.com');
    const isolate = await req('POST', `/api/machines/${m!.id}/isolate`, { Comment: 'from Splunk', IsolationType: 'Selective' });
    expect(isolate.status).to.equal(201);
    expect(isolate.json).to.include({ type: 'Isolate', status: 'Pending', scope: 'Selective', machineId: m!.id, requestorComment: 'from Splunk' });
    const again = await req('POST', `/api/machines/${m!.id}/isolate`, { Comment: 'again' });
    expect([again.status, again.json.error.code]).to.deep.equal([400, 'ActiveRequestAlreadyExists']);
    clock.advance(1500);
    expect((await req('GET', `/api/machineactions/${isolate.json.id}`)).json.status).to.equal('InProgress');
    clock.advance(2000);
    expect((await req('GET', `/api/machineactions/${isolate.json.id}`)).json.status).to.equal('Succeeded');
    expect(sim.mdeResponse.deviceState(m!.id)).to.deep.equal({ isolated: true, isolationScope: 'Selective', restricted: false });
    const list = await req('GET', `/api/machineactions?$filter=${encodeURIComponent(`machineId eq '${m!.id}' and type eq 'Isolate'`)}`);
    expect(list.json.value.map((a: any) => a.id)).to.deep.equal([isolate.json.id]);
    const release = await req('POST', `/api/machines/${m!.id}/unisolate`, { Comment: 'released' });
    expect(release.status).to.equal(201);
    clock.advance(3100);
    expect(sim.mdeResponse.deviceState(m!.id).isolated).to.equal(false);
  });

  it('fails actions on an inactive device, checks bodies, and gives the package link only when collected', async () => {
    const [off] = sim.mdeResponse.machineByName('ws-offline.contoso.com');
    const scan = await req('POST', `/api/machines/${off!.id}/runAntiVirusScan`, { Comment: 'scan', ScanType: 'Full' });
    expect(scan.json).to.include({ type: 'RunAntiVirusScan', scope: 'Full' });
    clock.advance(3100);
    const done = (await req('GET', `/api/machineactions/${scan.json.id}`)).json;
    expect(done.status).to.equal('Failed');
    const [m] = sim.mdeResponse.machineByName('srv-sql01.contoso.com');
    expect((await req('POST', `/api/machines/${m!.id}/runAntiVirusScan`, { Comment: 'x' })).json.error.code).to.equal('MissingRequiredParameter');
    expect((await req('POST', `/api/machines/${m!.id}/restrictCodeExecution`, {})).json.error.message).to.equal('Comment is required.');
    expect((await req('POST', `/api/machines/${m!.id}/StopAndQuarantineFile`, { Comment: 'x', Sha1: 'abc' })).json.error.code).to.equal('InvalidRequestBody');
    expect((await req('POST', `/api/machines/${m!.id}/isolate`, { comment: 'x' })).json.error.message).to.match(/unknown property 'comment'/);
    const stop = await req('POST', `/api/machines/${m!.id}/StopAndQuarantineFile`, { Comment: 'x', Sha1: SHA1 });
    expect(stop.json.relatedFileInfo).to.deep.equal({ fileIdentifier: SHA1, fileIdentifierType: 'Sha1' });
    const collect = await req('POST', `/api/machines/${m!.id}/collectInvestigationPackage`, { Comment: 'forensics' });
    const early = await req('GET', `/api/machineactions/${collect.json.id}/GetPackageUri`);
    expect([early.status, early.json.error.code]).to.deep.equal([404, 'ResourceNotFound']);
    clock.advance(3100);
    const uri = await req('GET', `/api/machineactions/${collect.json.id}/GetPackageUri`);
    expect(uri.status).to.equal(200);
    expect(uri.json.value).to.match(/^https:\/\/.+\.zip\?token=/);
  });

  it('adds and removes device tags', async () => {
    const [m] = sim.mdeResponse.machineByName('srv-sql01.contoso.com');
    const add = await req('POST', `/api/machines/${m!.id}/tags`, { Value: 'contained', Action: 'Add' });
    expect(add.json.machineTags).to.include('contained');
    const remove = await req('POST', `/api/machines/${m!.id}/tags`, { Value: 'contained', Action: 'Remove' });
    expect(remove.json.machineTags).to.not.include('contained');
    expect((await req('POST', `/api/machines/${m!.id}/tags`, { Value: 'x', Action: 'Toggle' })).status).to.equal(400);
  });

  it('answers 403 naming the roles an action needs when the app lacks them', async () => {
    const none = await token(sim, 'mde', 2);
    const [m] = sim.mdeResponse.machineByName('srv-sql01.contoso.com');
    const r = await req('POST', `/api/machines/${m!.id}/isolate`, { Comment: 'x' }, none);
    expect(r.status).to.equal(403);
    expect(r.json.error.message).to.match(/required application permissions \(Machine\.Isolate\)/);
    const ti = await req('POST', '/api/indicators/import', { Indicators: [] }, none);
    expect(ti.json.error.message).to.match(/\(Ti\.ReadWrite\.All\)/);
  });

  it('submits, updates, imports with per-item results, enforces the cap and deletes indicators', async () => {
    const base = { indicatorType: 'FileSha256', action: 'Block', title: 't', description: 'd', severity: 'High' };
    const one = await req('POST', '/api/indicators', { ...base, indicatorValue: 'b'.repeat(64) });
    expect(one.status).to.equal(200);
    const same = await req('POST', '/api/indicators', { ...base, indicatorValue: 'B'.repeat(64), action: 'Audit', generateAlert: true });
    expect(same.json.id).to.equal(one.json.id);
    expect(same.json.action).to.equal('Audit');
    const bad = await req('POST', '/api/indicators', { ...base, indicatorValue: '10.0.0.0/8', indicatorType: 'IpAddress' });
    expect([bad.status, bad.json.error.code]).to.deep.equal([400, 'InvalidRequestBody']);
    const items = [
      { ...base, indicatorValue: 'evil.example.com', indicatorType: 'DomainName' },
      { ...base, indicatorValue: 'not a url', indicatorType: 'Url' },
      { ...base, indicatorValue: '203.0.113.7', indicatorType: 'IpAddress', action: 'Audit' },
    ];
    const imp = await req('POST', '/api/indicators/import', { Indicators: items });
    expect(imp.json.value.map((v: any) => [v.indicator, v.isFailed])).to.deep.equal([['evil.example.com', false], ['not a url', true], ['203.0.113.7', true]]);
    expect(imp.json.value[2].failureReason).to.equal('generateAlert must be true when action is Audit.');
    const tooMany = await req('POST', '/api/indicators/import', { Indicators: Array.from({ length: 501 }, () => items[0]) });
    expect(tooMany.json.error).to.include({ code: 'MaximumBatchSizeExceeded', message: 'Maximum batch size exceeded. Received: 501, allowed: 500' });
    const fill = Array.from({ length: 45 }, (_, i) => ({ ...base, indicatorValue: i.toString(16).padStart(64, '0') }));
    const capped = (await req('POST', '/api/indicators/import', { Indicators: fill })).json.value as any[];
    expect(capped.filter((v) => v.isFailed)).to.have.length(45 - 38);
    expect(capped.at(-1).failureReason).to.match(/maximum of 40 active indicators/);
    const listed = await req('GET', `/api/indicators?$filter=${encodeURIComponent("indicatorValue eq 'evil.example.com'")}`);
    expect(listed.json.value).to.have.length(1);
    expect((await req('DELETE', `/api/indicators/${listed.json.value[0].id}`)).status).to.equal(204);
    expect((await req('DELETE', `/api/indicators/${listed.json.value[0].id}`)).status).to.equal(404);
    const ids = capped.filter((v) => !v.isFailed).map((v) => v.id);
    expect((await req('POST', '/api/indicators/BatchDelete', { IndicatorIds: ids })).status).to.equal(204);
    expect(sim.mdeResponse.indicators()).to.have.length(1);
  });

  it('limits import to 30 calls a minute in its own bucket and other calls to the MDE quota', async () => {
    const item = { indicatorValue: 'c'.repeat(40), indicatorType: 'FileSha1', action: 'Allowed', title: 't', description: 'd' };
    const statuses: number[] = [];
    for (let k = 0; k < 31; k++) statuses.push((await req('POST', '/api/indicators/import', { Indicators: [item] })).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).to.equal(true);
    const throttled = await req('POST', '/api/indicators/import', { Indicators: [item] });
    expect(throttled.status).to.equal(429);
    expect(throttled.json.error.message).to.equal('API calls quota exceeded! maximum allowed 30 per 00:01:00');
    expect(throttled.headers['retry-after']).to.equal('60');
    expect((await req('GET', '/api/indicators')).status).to.equal(200);
  });

  it('answers every MDE call as retired when switched (410 Gone or a bare 404), and works again when switched back', async () => {
    sim.mdeResponse.retire(410);
    const gone = await req('POST', '/api/indicators/import', { Indicators: [] });
    expect([gone.status, gone.json.error.code]).to.deep.equal([410, 'Gone']);
    expect((await req('GET', '/api/alerts')).status).to.equal(410);
    const control = await call(sim, 'POST', `${sim.controlUrl}/mde/retire`, { body: { status: 404 } });
    expect(control.status).to.equal(200);
    const notFound = await req('GET', '/api/machines');
    expect([notFound.status, notFound.json]).to.deep.equal([404, undefined]);
    sim.mdeResponse.retire(false);
    expect((await req('GET', '/api/machines')).status).to.equal(200);
  });
});
