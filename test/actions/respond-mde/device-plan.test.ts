// Result rows → devices, and following machine actions on a fake clock.
import { expect } from 'chai';
import { actionBody, requestedLabel } from '../../../src/actions/device-action/catalog';
import { followActions } from '../../../src/actions/device-action/follow';
import { nameFilter, parseDeviceRef, planDeviceRow } from '../../../src/actions/device-action/targets';
import { planRows } from '../../../src/actions/common/plan';
import { FakeClock } from '../../helpers/fake-clock';

const ID = 'ab'.repeat(20);
const CTX = { nowMs: 0, user: 'analyst', searchName: 'EDR triage' };
const plan = (list: Array<Record<string, string | string[]>>, config: Record<string, string> = { device_action: 'isolate' }) =>
  planRows(list.map((fields, rowIndex) => ({ rowIndex, fields })), config, planDeviceRow, CTX);

describe('device action planning', () => {
  it('takes an MDE device id or a device name from the first device field present, and refuses anything else', () => {
    expect(parseDeviceRef(ID.toUpperCase())).to.deep.equal({ kind: 'id', id: ID });
    expect(parseDeviceRef('ws-0042.contoso.com')).to.deep.equal({ kind: 'name', name: 'ws-0042.contoso.com' });
    expect(parseDeviceRef('ноутбук-7')).to.deep.equal({ kind: 'name', name: 'ноутбук-7' });
    const plans = plan([
      { machineId: ID },
      { computerDnsName: 'WS-0042.contoso.com' },
      { device_id: '../machines/x', machineId: ID },
      { dest: "x' or computerDnsName eq 'y" },
      { DeviceName: 'ws-0042.contoso.com' },
      { user: 'bob' },
      { device_id: [ID, 'cd'.repeat(20)] },
    ]);
    expect(plans.map((p) => p.invalid?.problem ?? p.planned?.targetKey)).to.deep.equal([
      `id:${ID}`,
      'name:ws-0042.contoso.com',
      `device_id: '../machines/x' is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)`,
      `dest: 'x' or computerDnsName eq 'y' is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)`,
      'name:ws-0042.contoso.com',
      'the row names no device: add one of device_id, machineId, mdeDeviceId, DeviceId, deviceId, computerDnsName, deviceDnsName, DeviceName, device_name, device, dest, host to the results, or set device_field',
      "field 'device_id' has 2 values; one per row is needed",
    ]);
    expect(plans[4]?.duplicateOf).to.equal(1);
    expect(plans[0]?.planned).to.deep.include({ targetType: 'device_id', target: ID, requested: 'isolate:full' });
    expect(plans[0]?.planned?.input.request.comment).to.equal("From Splunk by analyst (search 'EDR triage')");
  });

  it('checks the action and its options per row, and needs a SHA-1 for stop and quarantine', () => {
    const bad = (config: Record<string, string>) => plan([{ machineId: ID }], config)[0]?.invalid?.problem;
    expect(bad({})).to.equal('device_action is required: one of isolate, release, antivirus_scan, restrict_app_execution, unrestrict_app_execution, collect_investigation_package, stop_and_quarantine_file, add_tag, remove_tag');
    expect(bad({ device_action: 'wipe' })).to.match(/^device_action 'wipe' is not one of isolate, release/);
    expect(bad({ device_action: 'isolate', isolation_type: 'partial' })).to.equal("isolation_type 'partial' is not one of full, selective");
    expect(bad({ device_action: 'add_tag' })).to.equal('add_tag needs the tag: set tag');
    expect(bad({ device_action: 'release', wait_seconds: 'soon' })).to.equal("wait_seconds 'soon' must be a whole number of seconds");
    const plans = plan([
      { machineId: ID, sha1: 'F'.repeat(40) },
      { machineId: ID, sha1: 'e'.repeat(40) },
      { machineId: ID, sha256: 'a'.repeat(64) },
      { machineId: ID, sha1: 'a'.repeat(64) },
    ], { device_action: 'stop_and_quarantine_file' });
    expect(plans.map((p) => p.invalid?.problem ?? p.planned?.input.sha1)).to.deep.equal([
      'f'.repeat(40),
      'e'.repeat(40),
      "stop_and_quarantine_file needs the file's SHA-1: add one of sha1, SHA1, fileSha1, file_hash to the results, or set sha1_field",
      `sha1 '${'a'.repeat(64)}' is not a SHA-1 (40 hex digits); Defender stops and quarantines files by SHA-1 only`,
    ]);
    expect(plans[1]?.duplicateOf).to.equal(undefined);
  });

  it('builds the documented bodies and one $filter for several names', () => {
    const base = { isolationType: 'selective', scanType: 'full', comment: 'from Splunk' } as const;
    expect(actionBody({ ...base, action: 'isolate' })).to.deep.equal({ Comment: 'from Splunk', IsolationType: 'Selective' });
    expect(actionBody({ ...base, action: 'antivirus_scan' })).to.deep.equal({ Comment: 'from Splunk', ScanType: 'Full' });
    expect(actionBody({ ...base, action: 'stop_and_quarantine_file' }, 'a'.repeat(40))).to.deep.equal({ Comment: 'from Splunk', Sha1: 'a'.repeat(40) });
    expect(actionBody({ ...base, action: 'remove_tag', tag: 'VIP' })).to.deep.equal({ Value: 'VIP', Action: 'Remove' });
    expect(actionBody({ ...base, action: 'release' })).to.deep.equal({ Comment: 'from Splunk' });
    expect(requestedLabel({ ...base, action: 'isolate' })).to.equal('isolate:selective');
    expect(nameFilter(['a.contoso.com', 'b'])).to.equal("computerDnsName eq 'a.contoso.com' or computerDnsName eq 'b'");
  });

  it('follows machine actions until final, backing off, and stops when time would run out', async () => {
    const clock = new FakeClock(0);
    const finishAt: Record<string, number> = { a: 2_500, b: 60_000 };
    const reads: string[] = [];
    const result = await followActions(
      [{ id: 'a', status: 'Pending' }, { id: 'b', status: 'Pending' }],
      async (ids) => {
        reads.push(...ids);
        return ids.map((id) => ({ id, status: clock.now() >= (finishAt[id] as number) ? (id === 'a' ? 'Succeeded' : 'Failed') : 'InProgress' }));
      },
      { clock, deadline: 20_000 },
    );
    expect(clock.sleeps).to.deep.equal([1_000, 2_000, 4_000, 8_000]);
    expect(result.get('a')?.action.status).to.equal('Succeeded');
    expect(result.get('b')?.action.status).to.equal('InProgress');
    expect(reads.filter((r) => r === 'a')).to.have.length(2);
    const failing = await followActions([{ id: 'c', status: 'Pending' }], async () => { throw new Error('403'); }, { clock: new FakeClock(0), deadline: 10_000 });
    // 45 open actions: read 20 at a time (3 calls a round).
    const calls: number[] = [];
    const many = Array.from({ length: 45 }, (_, i) => ({ id: `m${i}`, status: 'Pending' }));
    const done = await followActions(many, async (ids) => (calls.push(ids.length), ids.map((id) => ({ id, status: 'Succeeded' }))), { clock: new FakeClock(0), deadline: 10_000 });
    expect(calls).to.deep.equal([20, 20, 5]);
    expect([...done.values()].every((f) => f.action.status === 'Succeeded')).to.equal(true);
    expect(failing.get('c')).to.deep.include({ action: { id: 'c', status: 'Pending' } });
    expect(String(failing.get('c')?.readError)).to.equal('Error: 403');
  });
});
