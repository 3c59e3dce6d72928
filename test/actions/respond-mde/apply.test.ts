// The device-action and indicator adapters against the simulator, in process, on one virtual clock.
import { expect } from 'chai';
import { planRows } from '../../../src/actions/common/plan';
import { applyDeviceAction } from '../../../src/actions/device-action/apply';
import { planDeviceRow } from '../../../src/actions/device-action/targets';
import { deleteIndicators, listIndicators, submitIndicators } from '../../../src/actions/indicator/apply';
import { planIndicatorRow } from '../../../src/actions/indicator/plan';
import { simWorld, type SimWorld } from './sim-session';

const rows = (list: Array<Record<string, string>>) => list.map((fields, rowIndex) => ({ rowIndex, fields }));
type Config = Record<string, string>;
const REQ: Config = { device_action: 'isolate', comment: 'from Splunk' };

describe('MDE response adapters against the simulator', function () {
  this.timeout(60_000);
  let w: SimWorld;
  before(async () => {
    w = await simWorld({ mdeResponse: { timing: { pendingMs: 1_500, runningMs: 4_000 }, indicatorCap: 1_200 } });
  });
  after(() => w.stop());
  beforeEach(() => {
    w.sim.reset();
    w.simClock.advance(3_600_000);
  });

  /** Plans the rows, acts, and answers each row's outcome (by row number). */
  const run = async (list: Array<Record<string, string>>, config: Config = REQ, app = 0, waitMs = 600_000) => {
    const plans = planRows(rows(list), config, planDeviceRow, { nowMs: w.clock.now(), user: 'analyst', searchName: 's' });
    const todo = plans.flatMap((p) => (p.planned && p.duplicateOf === undefined ? [{ key: p.planned.requestKey, input: p.planned.input }] : []));
    const done = await applyDeviceAction(w.session(app), todo, { clock: w.clock, deadline: w.clock.now() + waitMs });
    return new Map(plans.map((p) => [p.row, p.planned ? done.get(p.planned.requestKey) : undefined]));
  };

  it('isolates by id and by name, follows to Succeeded, refuses an ambiguous name, reports a pending duplicate', async () => {
    const [ws] = w.sim.mdeResponse.machineByName('ws-0042.contoso.com');
    const [sql] = w.sim.mdeResponse.machineByName('srv-sql01.contoso.com');
    const [off] = w.sim.mdeResponse.machineByName('ws-offline.contoso.com');
    const first = await run([{ machineId: ws!.id }, { computerDnsName: 'srv-sql01.contoso.com' }, { computerDnsName: 'dup-host.contoso.com' }, { machineId: off!.id }, { DeviceName: 'nope.contoso.com' }]);
    expect(first.get(0)).to.deep.include({ result: 'succeeded', defenderStatus: 'Succeeded', deviceId: ws!.id, deviceName: 'ws-0042.contoso.com', httpStatus: 201 });
    expect(first.get(1)).to.deep.include({ result: 'succeeded', deviceId: sql!.id });
    expect(first.get(2)?.result).to.equal('refused');
    expect(first.get(2)?.error).to.match(/^device name 'dup-host.contoso.com' is ambiguous: 2 devices have it \(ids [0-9a-f]{40}, [0-9a-f]{40}\); nothing was done/);
    expect(first.get(3)).to.deep.include({ result: 'failed', defenderStatus: 'Failed' });
    expect(first.get(3)?.error).to.match(/^Defender reports the Isolate action .+ as Failed: The device did not respond/);
    expect(first.get(4)?.error).to.match(/^no device named 'nope.contoso.com'/);
    expect(w.sim.mdeResponse.deviceState(ws!.id).isolated).to.equal(true);

    // Still pending on the device: reported with the pending action's id, not sent again.
    w.sim.mdeResponse.setTiming({ pendingMs: 600_000 });
    const pending = await run([{ machineId: sql!.id }], { ...REQ, device_action: 'release' }, 0, 3_000);
    expect(pending.get(0)).to.deep.include({ result: 'in_progress', defenderStatus: 'Pending' });
    const posts = w.sim.requestLog.filter((r) => r.method === 'POST' && r.path.endsWith('/unisolate')).length;
    const dup = await run([{ machineId: sql!.id }], { ...REQ, device_action: 'release' }, 0, 3_000);
    expect(dup.get(0)).to.deep.include({ result: 'pending_duplicate', httpStatus: 400, defenderActionId: pending.get(0)?.defenderActionId });
    expect(w.sim.requestLog.filter((r) => r.method === 'POST' && r.path.endsWith('/unisolate')).length).to.equal(posts + 1);
  });

  it('collects an investigation package with its link, tags a device, and names the missing role', async () => {
    const [ws] = w.sim.mdeResponse.machineByName('ws-0042.contoso.com');
    const collected = await run([{ machineId: ws!.id }], { ...REQ, device_action: 'collect_investigation_package' });
    expect(collected.get(0)?.packageUri).to.match(/^https:\/\/.+WDATP_Investigation_Package\.zip\?token=/);
    const tagged = await run([{ machineId: ws!.id }], { ...REQ, device_action: 'add_tag', tag: 'contained' });
    expect(tagged.get(0)).to.deep.include({ result: 'succeeded', httpStatus: 200 });
    expect(tagged.get(0)?.machineTags).to.include('contained');
    const denied = await run([{ machineId: ws!.id }], { ...REQ, device_action: 'antivirus_scan' }, 2);
    expect(denied.get(0)).to.deep.include({ result: 'failed', httpStatus: 403 });
    expect(denied.get(0)?.error).to.match(/WindowsDefenderATP application permission Machine\.Scan/);
  });

  it('reports a retired MDE API (410 or bare 404) on every row as retirement, not as a missing device', async () => {
    const [ws] = w.sim.mdeResponse.machineByName('ws-0042.contoso.com');
    for (const status of [410, 404] as const) {
      w.sim.mdeResponse.retire(status);
      const r = await run([{ machineId: ws!.id }, { computerDnsName: 'srv-sql01.contoso.com' }]);
      for (const row of [0, 1]) {
        expect(r.get(row)).to.deep.include({ result: 'failed', httpStatus: status });
        expect(r.get(row)?.error).to.match(/the endpoint is gone\. Microsoft retired the MDE API on 2027-02-01/);
      }
    }
    w.sim.mdeResponse.retire(false);
    const missing = await run([{ machineId: 'ef'.repeat(20) }]);
    expect(missing.get(0)?.error).to.match(/returned 404: Machine e+f.* was not found/);
  });

  const P: Config = { operation: 'submit', indicator_expiration: '30d' };
  const iplan = (list: Array<Record<string, string>>, config: Config) =>
    planRows(rows(list), config, planIndicatorRow, { nowMs: w.clock.now(), searchName: 'feed', user: 'analyst' });
  const submits = (list: Array<Record<string, string>>) =>
    iplan(list, P).flatMap((p) => (p.planned?.input.operation === 'submit' ? [{ ref: String(p.row), item: p.planned.input.item }] : []));

  it('imports 1,000 indicators in two calls with per-item results, then deletes them by value in one list and two BatchDeletes', async () => {
    const values: Array<Record<string, string>> = Array.from({ length: 1000 }, (_, i) => ({ indicator: i.toString(16).padStart(64, '0') }));
    values[3] = { indicator: 'evil.example.com', indicator_device_groups: 'NoSuchGroup' };
    const before = w.sim.requestLog.length;
    const out = await submitIndicators(w.session(), submits(values));
    const calls = w.sim.requestLog.slice(before).filter((r) => r.api === 'mde' && r.status !== 401);
    expect(calls.map((c) => c.path)).to.deep.equal(['/mde/api/indicators/import', '/mde/api/indicators/import']);
    expect([...out.values()].filter((o) => o.result === 'succeeded')).to.have.length(999);
    expect(out.get('3')).to.deep.equal({ result: 'failed', httpStatus: 200, error: 'Defender refused the indicator: Device group(s) not found: NoSuchGroup.' });
    expect(out.get('0')?.defenderId).to.match(/^\d+$/);
    expect(await listIndicators(w.session())).to.have.length(999);

    const del = iplan([...values.slice(0, 600), { indicator: 'absent.example.com' }], { ...P, operation: 'delete' })
      .flatMap((p) => (p.planned?.input.operation === 'delete' ? [{ ref: String(p.row), key: p.planned.input.key }] : []));
    const start = w.sim.requestLog.length;
    const deleted = await deleteIndicators(w.session(), del);
    expect(w.sim.requestLog.slice(start).filter((r) => r.api === 'mde' && r.status !== 401).map((c) => `${c.method} ${c.path}`)).to.deep.equal([
      'GET /mde/api/indicators', 'POST /mde/api/indicators/BatchDelete', 'POST /mde/api/indicators/BatchDelete',
    ]);
    expect(deleted.get('0')?.result).to.equal('succeeded');
    expect(deleted.get('600')).to.deep.equal({ result: 'succeeded', httpStatus: 200, note: "not in the tenant's indicators: nothing to delete" });
    expect(deleted.get('3')?.note).to.equal("not in the tenant's indicators: nothing to delete");
    expect(w.sim.mdeResponse.indicators()).to.have.length(400);
  });

  it('reports the tenant cap per item and a retired import endpoint on every row', async () => {
    const values = Array.from({ length: 1300 }, (_, i) => ({ indicator: `${i}.bad.example.com` }));
    const out = await submitIndicators(w.session(), submits(values));
    const failed = [...out.values()].filter((o) => o.result === 'failed');
    expect(failed).to.have.length(100);
    expect(failed[0]?.error).to.match(/maximum of 1200 active indicators/);
    w.sim.mdeResponse.retire(410);
    const gone = await submitIndicators(w.session(), submits(values.slice(0, 2)));
    expect(gone.get('1')?.error).to.match(/answered 410 to POST \/mde\/api\/indicators\/import: the endpoint is gone/);
  });
});
