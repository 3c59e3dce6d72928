// Result rows → devices, and following machine actions on a fake clock.
import { expect } from 'chai';
import { actionBody, requestedLabel } from '../../../src/actions/device-action/catalog';
import { followActions } from '../../../src/actions/device-action/follow';
import { nameFilter, parseDeviceRef, planDeviceRows } from '../../../src/actions/device-action/targets';
import { FakeClock } from '../../helpers/fake-clock';

const ID = 'ab'.repeat(20);
const rows = (list: Array<Record<string, string | string[]>>) => list.map((fields, rowIndex) => ({ rowIndex, fields }));

describe('device action planning', () => {
  it('takes an MDE device id or a device name from the first device field present, and refuses anything else', () => {
    expect(parseDeviceRef(ID.toUpperCase())).to.deep.equal({ kind: 'id', id: ID });
    expect(parseDeviceRef('ws-0042.contoso.com')).to.deep.equal({ kind: 'name', name: 'ws-0042.contoso.com' });
    expect(parseDeviceRef('ноутбук-7')).to.deep.equal({ kind: 'name', name: 'ноутбук-7' });
    const plans = planDeviceRows(rows([
      { machineId: ID },
      { computerDnsName: 'WS-0042.contoso.com' },
      { device_id: '../machines/x', machineId: ID },
      { dest: "x' or computerDnsName eq 'y" },
      { DeviceName: 'ws-0042.contoso.com' },
      { user: 'bob' },
      { device_id: [ID, 'cd'.repeat(20)] },
    ]), { action: 'isolate', deviceField: '', sha1Field: '' });
    expect(plans.map((p) => p.problem ?? p.key)).to.deep.equal([
      `id:${ID}`,
      'name:ws-0042.contoso.com',
      `device_id: "../machines/x" is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)`,
      `dest: "x' or computerDnsName eq 'y" is neither an MDE device id (40 hex digits) nor a device name (letters, digits, '-', '_' and dots)`,
      'name:ws-0042.contoso.com',
      'the row names no device: add one of device_id, machineId, mdeDeviceId, DeviceId, deviceId, computerDnsName, deviceDnsName, DeviceName, device_name, device, dest, host to the results, or set device_field',
      "field 'device_id' has 2 values; one per row is needed (use mvexpand device_id)",
    ]);
    expect(plans[4]?.duplicateOf).to.equal(1);
  });

  it('needs a SHA-1 for stop and quarantine, one request per device and file', () => {
    const plans = planDeviceRows(rows([
      { machineId: ID, sha1: 'F'.repeat(40) },
      { machineId: ID, sha1: 'e'.repeat(40) },
      { machineId: ID, sha256: 'a'.repeat(64) },
      { machineId: ID, sha1: 'a'.repeat(64) },
    ]), { action: 'stop_and_quarantine_file', deviceField: '', sha1Field: '' });
    expect(plans.map((p) => p.problem ?? p.sha1)).to.deep.equal([
      'f'.repeat(40),
      'e'.repeat(40),
      "stop_and_quarantine_file needs the file's SHA-1: add one of sha1, SHA1, fileSha1, file_hash to the results, or set sha1_field",
      `sha1 "${'a'.repeat(64)}" is not a SHA-1 (40 hex digits); Defender stops and quarantines files by SHA-1 only`,
    ]);
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
      async (id) => {
        reads.push(id);
        return { id, status: clock.now() >= (finishAt[id] as number) ? (id === 'a' ? 'Succeeded' : 'Failed') : 'InProgress' };
      },
      { clock, deadline: 20_000 },
    );
    expect(clock.sleeps).to.deep.equal([1_000, 2_000, 4_000, 8_000]);
    expect(result.get('a')?.action.status).to.equal('Succeeded');
    expect(result.get('b')?.action.status).to.equal('InProgress');
    expect(reads.filter((r) => r === 'a')).to.have.length(2);
    const failing = await followActions([{ id: 'c', status: 'Pending' }], async () => { throw new Error('403'); }, { clock: new FakeClock(0), deadline: 10_000 });
    expect(failing.get('c')).to.deep.include({ action: { id: 'c', status: 'Pending' } });
    expect(String(failing.get('c')?.readError)).to.equal('Error: 403');
  });
});
