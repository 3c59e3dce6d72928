// defender_sync_device_action and defender_sync_indicator (legacy MDE API) through their packaged launchers,
// as splunkd's sendmodalert runs them, against the Defender simulator: success, pending duplicate, failure,
// missing permission, retired endpoint, throttling, hostile ids, the per-run cap, dry run, capability
// refused, and the canary secret absent everywhere.
import { expect } from 'chai';
import type { Machine } from '../../sandbox/simulator';
import { expectCanaryAbsent, outcomes, summaryOf, type Rec } from '../helpers/response-actions';
import { addAccount, startWorld, type World } from '../helpers/world';

const CANARY = 'canary-Secret-mde-4b1d-do-not-leak';

describe('response actions on the legacy MDE API (packaged, against the simulator)', function () {
  this.timeout(240_000);
  let w: World;
  let byName: (name: string) => Machine;
  const mdeRequests = (from: number) => w.sim.requestLog.slice(from).filter((q) => q.api === 'mde');
  const device = (rows: Rec[], configuration: Record<string, string>, user = 'admin') =>
    w.splunkd.runAlertAction({ action: 'defender_sync_device_action', user, searchName: 'EDR triage', rows: rows as never, configuration: { account: 'prod', ...configuration } });
  const indicator = (rows: Rec[], configuration: Record<string, string> = {}, user = 'admin') =>
    w.splunkd.runAlertAction({ action: 'defender_sync_indicator', user, searchName: 'IoC feed', rows: rows as never, configuration: { account: 'prod', ...configuration } });

  before(async () => {
    w = await startWorld({ simulator: { incidents: 5, mdeAlerts: 0, mdeResponse: { timing: { pendingMs: 200, runningMs: 300 } } } });
    await addAccount(w, 'prod');
    await addAccount(w, 'limited', { app: { tenant: 0, app: 2 } });
    byName = (name) => w.sim.mdeResponse.machineByName(name)[0] as Machine;
  });
  after(async () => w?.stop());
  beforeEach(() => {
    w.splunkd.events.clear();
    w.sim.faults.clear();
  });

  describe('defender_sync_device_action', () => {
    it('isolates by id and by name, follows each action to its end, refuses ambiguous names and hostile ids before any call', async () => {
      const [ws, sql, off] = [byName('ws-0042.contoso.com'), byName('srv-sql01.contoso.com'), byName('ws-offline.contoso.com')];
      const hostile = ['../machines/x', '%2e%2e%2f', "a' or 'b", 'a b', '٣٣'];
      const from = w.sim.requestLog.length;
      const r = await device(
        [{ machineId: ws.id }, { computerDnsName: sql.computerDnsName }, { DeviceName: 'dup-host.contoso.com' }, { device_id: off.id }, { machineId: ws.id }, ...hostile.map((device_id) => ({ device_id }))],
        { device_action: 'isolate', isolation_type: 'selective', index: 'defender' },
      );
      expect(r.exitCode, JSON.stringify(r.stderr.slice(-3))).to.equal(4);
      const out = outcomes(w);
      expect(out.map((o) => o.result)).to.deep.equal(['succeeded', 'succeeded', 'refused', 'failed', 'succeeded', ...hostile.map(() => 'invalid')]);
      const actions = w.sim.mdeResponse.machineActions();
      expect(out[0]).to.deep.include({
        action: 'defender_sync_device_action', requested: 'isolate:selective', target_type: 'device_id', target: ws.id, http_status: 201, error: null,
        api: 'mde-legacy', user: 'admin', search_name: 'EDR triage', device_name: 'ws-0042.contoso.com', defender_status: 'Succeeded',
        defender_action_id: actions.find((a) => a.machineId === ws.id)?.id,
      });
      expect(out[1]).to.deep.include({ target_type: 'device_name', target: sql.computerDnsName, device_id: sql.id, defender_status: 'Succeeded' });
      expect(out[2]?.error).to.match(/^device name 'dup-host.contoso.com' is ambiguous: 2 devices have it/);
      expect(out[3]).to.deep.include({ defender_status: 'Failed' });
      expect(String(out[3]?.error)).to.match(/^Defender reports the Isolate action \S+ as Failed: The device did not respond/);
      expect(out[4]).to.deep.include({ duplicate_of: 0 });
      expect(out[5]?.error).to.equal("device_id: '../machines/x' is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)");
      expect(w.splunkd.events.search({ sourcetype: 'defender_sync:action' })[0]?.index).to.equal('defender');
      expect(w.sim.mdeResponse.deviceState(ws.id)).to.deep.include({ isolated: true, isolationScope: 'Selective' });
      const posts = mdeRequests(from).filter((q) => q.method === 'POST').map((q) => q.path);
      expect(posts.sort()).to.deep.equal([`/mde/api/machines/${ws.id}/isolate`, `/mde/api/machines/${sql.id}/isolate`, `/mde/api/machines/${off.id}/isolate`].sort());
      for (const id of hostile) expect(mdeRequests(from).some((q) => q.path.includes(id) || q.path.includes(encodeURIComponent(id)))).to.equal(false);
      expect(summaryOf(r.stderr)).to.match(/ rows=10 targets=4 succeeded=3 failed=1 invalid=5 refused=1 /);

      // Release is as easy: the same rows, the other action.
      const back = await device([{ machineId: ws.id }], { device_action: 'release' });
      expect(back.exitCode).to.equal(0);
      expect(w.sim.mdeResponse.deviceState(ws.id).isolated).to.equal(false);
    });

    it('reports a still-running action in_progress, the same action pending again as pending_duplicate (not re-sent), and the package link', async () => {
      const sql = byName('srv-sql01.contoso.com');
      w.sim.mdeResponse.setTiming({ pendingMs: 600_000 });
      const first = await device([{ machineId: sql.id }], { device_action: 'antivirus_scan', scan_type: 'full', wait_seconds: '0' });
      expect(first.exitCode).to.equal(4);
      const [running] = outcomes(w);
      expect(running).to.deep.include({ result: 'in_progress', defender_status: 'Pending', requested: 'antivirus_scan:full' });
      expect(String(running?.error)).to.match(/^still Pending when the action's time ran out; Defender carries on: follow action \S+ in the Defender portal$/);
      w.splunkd.events.clear();
      const from = w.sim.requestLog.length;
      const again = await device([{ machineId: sql.id }], { device_action: 'antivirus_scan', scan_type: 'full' });
      expect(again.exitCode).to.equal(0);
      const [dup] = outcomes(w);
      expect(dup).to.deep.include({ result: 'pending_duplicate', http_status: 400, defender_action_id: running?.defender_action_id });
      expect(mdeRequests(from).filter((q) => q.method === 'POST')).to.have.length(1);
      w.sim.mdeResponse.setTiming({ pendingMs: 200 });

      w.splunkd.events.clear();
      const pkg = await device([{ machineId: byName('ws-0042.contoso.com').id }], { device_action: 'collect_investigation_package' });
      expect(pkg.exitCode).to.equal(0);
      expect(String(outcomes(w)[0]?.package_uri)).to.match(/^https:\/\/.+WDATP_Investigation_Package\.zip\?token=/);
    });

    it('names the missing permission, waits out a 429, and reports a retired API on every row', async () => {
      const ws = byName('ws-0042.contoso.com');
      const denied = await w.splunkd.runAlertAction({ action: 'defender_sync_device_action', user: 'admin', rows: [{ machineId: ws.id }], configuration: { account: 'limited', device_action: 'restrict_app_execution' } });
      expect(denied.exitCode).to.equal(4);
      expect(outcomes(w)[0]).to.deep.include({ result: 'failed', http_status: 403 });
      expect(String(outcomes(w)[0]?.error)).to.match(/required application permissions \(Machine\.RestrictExecution\).*Fix: grant app \S+ the WindowsDefenderATP application permission Machine\.RestrictExecution/);

      w.splunkd.events.clear();
      w.sim.faults.add({ api: 'mde', kind: 'status', status: 429, retryAfter: '1', path: '/tags' });
      const tagged = await device([{ machineId: ws.id }], { device_action: 'add_tag', tag: 'contained' });
      expect(tagged.exitCode).to.equal(0);
      expect(outcomes(w)[0]).to.deep.include({ result: 'succeeded', http_status: 200, requested: 'add_tag:contained' });
      expect(outcomes(w)[0]?.machine_tags).to.include('contained');
      expect(summaryOf(tagged.stderr)).to.match(/ throttled=1 retries=1 /);

      w.splunkd.events.clear();
      w.sim.mdeResponse.retire(410);
      const gone = await device([{ machineId: ws.id }, { computerDnsName: 'srv-sql01.contoso.com' }], { device_action: 'remove_tag', tag: 'contained' });
      w.sim.mdeResponse.retire(false);
      expect(gone.exitCode).to.equal(4);
      for (const o of outcomes(w)) {
        expect(o).to.deep.include({ result: 'failed', http_status: 410 });
        expect(String(o.error)).to.match(/the endpoint is gone\. Microsoft retired the MDE API on 2027-02-01 \(MC1220762\)/);
      }
    });

    it('refuses the run above max_targets, plans without calling in a dry run, and refuses users without the capability', async () => {
      const ids = w.sim.mdeResponse.machines().slice(0, 11).map((m) => ({ machineId: m.id }));
      const from = w.sim.requestLog.length;
      const over = await device(ids, { device_action: 'isolate' });
      expect(over.exitCode).to.equal(8);
      expect(outcomes(w).map((o) => o.result)).to.deep.equal(ids.map(() => 'refused'));
      expect(outcomes(w)[0]?.error).to.match(/^the results name 11 distinct devices, more than max_targets=10: nothing was sent\./);
      w.splunkd.events.clear();
      const dry = await device(ids, { device_action: 'isolate', max_targets: '20', dry_run: '1' });
      expect(dry.exitCode).to.equal(0);
      expect(outcomes(w).map((o) => [o.result, o.requested, o.target])).to.deep.equal(ids.map((d) => ['dry_run', 'isolate:full', d.machineId]));
      const refused = await device(ids.slice(0, 1), { device_action: 'isolate' }, 'analyst');
      expect(refused.exitCode).to.equal(7);
      expect(summaryOf(refused.stderr)).to.match(/ user=analyst rows=1 targets=0 .* refused=1 /);
      expect(mdeRequests(from)).to.deep.equal([]);
    });
  });

  describe('defender_sync_indicator', () => {
    const hash = (i: number) => i.toString(16).padStart(64, 'f');

    it('submits a lookup of IoCs in one import call, with per-row columns, per-item failures and refusals', async () => {
      const from = w.sim.requestLog.length;
      const rows = [
        { indicator: hash(1) },
        { indicator: '203.0.113.7', indicator_action: 'Warn', indicator_expiration: '2w' },
        { indicator: 'evil.example.com', indicator_action: 'Audit', indicator_title: 'C2' },
        { indicator: 'https://evil.example.com/dl', indicator_device_groups: 'NoSuchGroup' },
        { indicator: hash(1) },
        { indicator: '10.0.0.0/8', indicator_type: 'IpAddress' },
        { indicator: 'A'.repeat(40), indicator_type: 'CertificateThumbprint', indicator_action: 'Allowed' },
      ];
      const r = await indicator(rows, { indicator_severity: 'High' });
      expect(r.exitCode, JSON.stringify(r.stderr.slice(-3))).to.equal(4);
      const out = outcomes(w);
      expect(out.map((o) => o.result)).to.deep.equal(['succeeded', 'succeeded', 'succeeded', 'failed', 'succeeded', 'invalid', 'succeeded']);
      expect(out[0]).to.deep.include({ action: 'defender_sync_indicator', api: 'mde-legacy', requested: 'submit:Block', target_type: 'FileSha256', target: hash(1), http_status: 200, indicator_action: 'Block' });
      expect(out[3]?.error).to.equal('Defender refused the indicator: Device group(s) not found: NoSuchGroup.');
      expect(out[4]?.duplicate_of).to.equal(0);
      expect(out[5]?.error).to.equal('"10.0.0.0/8" is not a valid IpAddress: an IP is one IPv4 or IPv6 address (Defender takes no CIDR ranges)');
      const stored = new Map(w.sim.mdeResponse.indicators().map((i) => [i.indicatorValue, i]));
      expect(stored.get('203.0.113.7')).to.deep.include({ action: 'Warn', indicatorType: 'IpAddress', severity: 'High', title: 'Splunk: IoC feed' });
      expect(stored.get('evil.example.com')).to.deep.include({ action: 'Audit', generateAlert: true, title: 'C2' });
      expect(stored.get('a'.repeat(40))).to.deep.include({ indicatorType: 'CertificateThumbprint', action: 'Allowed' });
      expect(out[0]?.defender_action_id).to.equal(stored.get(hash(1))?.id);
      expect(mdeRequests(from).map((q) => `${q.method} ${q.path}`)).to.deep.equal(['POST /mde/api/indicators/import']);
    });

    it('deletes by value or id (hostile ids refused) and lists the tenant\'s indicators into Splunk', async () => {
      const existing = w.sim.mdeResponse.indicators();
      const byId = existing.find((i) => i.indicatorValue === '203.0.113.7');
      const from = w.sim.requestLog.length;
      const del = await indicator([{ indicator: hash(1) }, { indicator_id: String(byId?.id) }, { indicator_id: '../1' }, { indicator: 'gone.example.com' }], { operation: 'delete' });
      expect(del.exitCode).to.equal(3);
      expect(outcomes(w).map((o) => o.result)).to.deep.equal(['succeeded', 'succeeded', 'invalid', 'succeeded']);
      expect(outcomes(w)[3]?.note).to.equal("not in the tenant's indicators: nothing to delete");
      expect(mdeRequests(from).map((q) => `${q.method} ${q.path}`)).to.deep.equal(['GET /mde/api/indicators', 'POST /mde/api/indicators/BatchDelete']);
      expect(w.sim.mdeResponse.indicators().map((i) => i.indicatorValue).sort()).to.deep.equal(['a'.repeat(40), 'evil.example.com']);

      w.splunkd.events.clear();
      const list = await indicator([{ any: 'row' }], { operation: 'list', index: 'defender' });
      expect(list.exitCode).to.equal(0);
      expect(outcomes(w)[0]).to.deep.include({ result: 'succeeded', requested: 'list', indicators: 2 });
      const listed = w.splunkd.events.search({ sourcetype: 'defender_sync:indicator' });
      expect(listed.map((e) => (JSON.parse(e._raw) as Rec).indicatorValue).sort()).to.deep.equal(['a'.repeat(40), 'evil.example.com']);
      expect(listed[0]).to.deep.include({ index: 'defender', source: `defender_sync_indicator:${w.tenantId}` });
      expect(JSON.parse(listed[0]!._raw)).to.have.property('expirationTime');
    });

    it('names Ti.ReadWrite.All when missing, waits out a 429 on import, and reports a retired (bare 404) API', async () => {
      const denied = await w.splunkd.runAlertAction({ action: 'defender_sync_indicator', user: 'admin', rows: [{ indicator: hash(7) }], configuration: { account: 'limited' } });
      expect(denied.exitCode).to.equal(4);
      expect(String(outcomes(w)[0]?.error)).to.match(/application permission Ti\.ReadWrite\.All/);

      w.splunkd.events.clear();
      w.sim.faults.add({ api: 'mde', kind: 'status', status: 429, retryAfter: '1', path: '/indicators/import' });
      const throttled = await indicator([{ indicator: hash(8) }]);
      expect(throttled.exitCode).to.equal(0);
      expect(summaryOf(throttled.stderr)).to.match(/ throttled=1 retries=1 /);

      w.splunkd.events.clear();
      w.sim.mdeResponse.retire(404);
      const gone = await indicator([{ indicator: hash(9) }, { indicator: '198.51.100.1' }]);
      w.sim.mdeResponse.retire(false);
      expect(gone.exitCode).to.equal(4);
      for (const o of outcomes(w)) expect(String(o.error)).to.match(/answered 404 to POST \/mde\/api\/indicators\/import: the endpoint is gone/);
    });

    it('cap, dry run and capability: nothing submitted', async () => {
      const before = w.sim.mdeResponse.indicators().length;
      const from = w.sim.requestLog.length;
      const rows = [1, 2, 3, 4].map((i) => ({ indicator: hash(100 + i) }));
      expect((await indicator(rows, { max_targets: '3' })).exitCode).to.equal(8);
      expect(outcomes(w)[0]?.error).to.match(/^the results name 4 distinct indicators, more than max_targets=3/);
      w.splunkd.events.clear();
      expect((await indicator(rows, { dry_run: '1' })).exitCode).to.equal(0);
      expect(outcomes(w).map((o) => o.result)).to.deep.equal(['dry_run', 'dry_run', 'dry_run', 'dry_run']);
      expect((await indicator(rows, {}, 'analyst')).exitCode).to.equal(7);
      expect(mdeRequests(from)).to.deep.equal([]);
      expect(w.sim.mdeResponse.indicators()).to.have.length(before);
    });
  });

  it('the account secret never leaves storage/passwords (canary)', async () => {
    await addAccount(w, 'canary', { secret: CANARY });
    const d = await w.splunkd.runAlertAction({ action: 'defender_sync_device_action', user: 'admin', rows: [{ machineId: byName('ws-0042.contoso.com').id }], configuration: { account: 'canary', device_action: 'isolate' } });
    const i = await w.splunkd.runAlertAction({ action: 'defender_sync_indicator', user: 'admin', rows: [{ indicator: 'canary.example.com' }], configuration: { account: 'canary' } });
    expect([d.exitCode, i.exitCode]).to.deep.equal([4, 4]); // Entra refuses the canary secret
    expect(String(outcomes(w)[0]?.error)).to.contain('AADSTS7000215');
    expectCanaryAbsent(w, CANARY, [d, i]);
  });
});
