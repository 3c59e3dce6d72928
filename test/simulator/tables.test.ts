// Advanced-hunting tables of the simulator: documented schemas, deterministic rows in Timestamp order
// built from the tenant's own alerts (an incident's device is in the device tables), and the
// Streaming API envelope around a row.
import { expect } from 'chai';
import { manualClock } from '../../sandbox/simulator/clock';
import { TenantData } from '../../sandbox/simulator/data/tenant-data';
import {
  HUNTING_TABLES, huntingRows, huntingWorld, machineGroupOf, streamingRecord, UnknownTableError, type HuntingWorld,
} from '../../sandbox/simulator/tables';
import { strayColumns } from '../../sandbox/simulator/tables/rows';
import { parseTimestamp, ticksFromMs } from '../../sandbox/simulator/time';

const DAY = 864_000_000_000;
const TENANT = 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c';
const FROM = new Date(Date.UTC(2026, 10, 1));
const TO = new Date(Date.UTC(2026, 10, 2));

function tenant(seed = 1): TenantData {
  return new TenantData({
    seed, tenantId: TENANT, incidents: 200, alertsPerIncident: { min: 1, max: 4 }, mdeAlerts: 10,
    start: ticksFromMs(Date.UTC(2026, 9, 26)), span: 6 * DAY, clock: manualClock(Date.UTC(2026, 10, 1)),
  });
}

const STREAMED = [
  'AlertEvidence', 'AlertInfo', 'CloudAppEvents', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents', 'DeviceImageLoadEvents',
  'DeviceInfo', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceProcessEvents', 'DeviceRegistryEvents',
  'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents', 'EmailUrlInfo', 'IdentityDirectoryEvents', 'IdentityLogonEvents',
  'IdentityQueryEvents', 'UrlClickEvents',
];

function typeFits(type: string, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case 'datetime': return typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/.test(v);
    case 'int': case 'long': return Number.isSafeInteger(v);
    case 'real': return typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case 'dynamic': return typeof v === 'string' && (() => { try { JSON.parse(v); return true; } catch { return false; } })();
    default: return typeof v === 'string';
  }
}

describe('simulator advanced-hunting tables', () => {
  const data = tenant();
  const world: HuntingWorld = huntingWorld(data, { seed: 7 });
  const day = (w: HuntingWorld, table: string) => [...huntingRows(w, table, FROM, TO)];

  it('declares the 21 Streaming API tables with Timestamp first and unique, typed columns', () => {
    expect(Object.keys(HUNTING_TABLES).sort()).to.deep.equal(STREAMED);
    for (const [name, t] of Object.entries(HUNTING_TABLES)) {
      expect(t.name).to.equal(name);
      expect(t.columns[0]).to.deep.equal({ name: 'Timestamp', type: 'datetime' });
      expect(new Set(t.columns.map((c) => c.name)).size, name).to.equal(t.columns.length);
      for (const c of t.columns) expect(['datetime', 'string', 'int', 'long', 'real', 'bool', 'dynamic', 'guid'], `${name}.${c.name}`).to.include(c.type);
    }
    const process = Object.fromEntries(HUNTING_TABLES.DeviceProcessEvents!.columns.map((c) => [c.name, c.type]));
    expect(process).to.include({ DeviceId: 'string', FileSize: 'long', ProcessId: 'long', ProcessCommandLine: 'string', InitiatingProcessCreationTime: 'datetime', ReportId: 'long', AdditionalFields: 'dynamic' });
    expect(Object.fromEntries(HUNTING_TABLES.DeviceNetworkEvents!.columns.map((c) => [c.name, c.type]))).to.include({ RemotePort: 'int', LocalPort: 'int' });
    expect(Object.fromEntries(HUNTING_TABLES.EmailEvents!.columns.map((c) => [c.name, c.type]))).to.include({ ReportId: 'string', AttachmentCount: 'int' });
  });

  it('gives every table rows with exactly its columns, in order, each value of its Kusto type, in Timestamp order inside the window', () => {
    const wrong: string[] = [];
    for (const name of STREAMED) {
      const rows = day(world, name);
      expect(rows.length, name).to.be.greaterThan(0);
      expect(strayColumns(world, name, 500_000), name).to.deep.equal([]);
      const columns = HUNTING_TABLES[name]!.columns;
      const order = columns.map((c) => c.name).join();
      let previous = -Infinity;
      for (const row of rows) {
        if (Object.keys(row).join() !== order) wrong.push(`${name}: columns ${Object.keys(row).join()}`);
        for (const c of columns) if (!typeFits(c.type, row[c.name])) wrong.push(`${name}.${c.name} = ${JSON.stringify(row[c.name])}`);
        const t = parseTimestamp(row.Timestamp as string)!;
        if (t < previous || t < ticksFromMs(FROM.getTime()) || t >= ticksFromMs(TO.getTime())) wrong.push(`${name}: ${row.Timestamp as string} out of order or window`);
        previous = t;
      }
    }
    expect(wrong.slice(0, 5)).to.deep.equal([]);
  });

  it('is deterministic per seed and independent of the window asked for', () => {
    const again = huntingWorld(tenant(), { seed: 7 });
    expect(JSON.stringify(day(again, 'DeviceProcessEvents'))).to.equal(JSON.stringify(day(world, 'DeviceProcessEvents')));
    expect(JSON.stringify(day(huntingWorld(data, { seed: 8 }), 'DeviceProcessEvents'))).to.not.equal(JSON.stringify(day(world, 'DeviceProcessEvents')));
    const from = new Date(Date.UTC(2026, 10, 1, 5, 17, 3, 250));
    const to = new Date(Date.UTC(2026, 10, 1, 9, 2));
    const narrow = [...huntingRows(world, 'DeviceNetworkEvents', from, to)];
    const inside = day(world, 'DeviceNetworkEvents').filter((r) => {
      const t = parseTimestamp(r.Timestamp as string)!;
      return t >= ticksFromMs(from.getTime()) && t < ticksFromMs(to.getTime());
    });
    expect(narrow.length).to.be.greaterThan(100);
    expect(narrow).to.deep.equal(inside);
  });

  it('scales with rowsPerHour, heavier for endpoint telemetry than for inventory', () => {
    const busy = huntingWorld(data, { seed: 7, rowsPerHour: 600 });
    expect(day(world, 'DeviceProcessEvents').length).to.be.within(24 * 120 - 1, 24 * 120 + 1);
    expect([...huntingRows(busy, 'DeviceProcessEvents', FROM, new Date(FROM.getTime() + 2 * 3_600_000))].length).to.equal(2 * 1200);
    expect(day(world, 'DeviceInfo').length).to.equal(24 * 15);
  });

  it('takes devices, files, users, mails and alerts from the tenant, so an incident joins to its raw events', () => {
    const linked = world.devices.filter((d) => d.incidentIds.length > 0);
    expect(linked.length).to.be.greaterThan(10);
    const device = linked[0]!;
    const incident = data.incidents.get(device.incidentIds[0]!)!;
    expect(incident).to.not.equal(undefined);
    const evidenceIds = data.alertsOf(incident.id as string).flatMap((a) => (a.evidence as Array<Record<string, unknown>>).map((e) => e.mdeDeviceId));
    expect(evidenceIds).to.include(device.id);
    for (const table of ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents']) {
      expect(day(world, table).some((r) => r.DeviceId === device.id && r.DeviceName === device.name), table).to.equal(true);
    }
    const alertRows = day(world, 'AlertInfo');
    for (const row of alertRows) expect(data.alerts.get(row.AlertId as string), row.AlertId as string).to.not.equal(undefined);
    const evidence = day(world, 'AlertEvidence').filter((r) => r.DeviceId !== null);
    expect(evidence.length).to.be.greaterThan(0);
    for (const row of evidence) expect(world.devices.map((d) => d.id)).to.include(row.DeviceId);
    const processFiles = new Set(day(world, 'DeviceProcessEvents').map((r) => r.SHA1));
    expect(world.files.filter((f) => processFiles.has(f.sha1)).length).to.be.greaterThan(world.files.length / 2);
    expect(day(world, 'EmailEvents').every((r) => world.messages.some((m) => m.networkMessageId === r.NetworkMessageId))).to.equal(true);
  });

  it('wraps a row as the Streaming API record: envelope, category, MachineGroup, every digit of Timestamp', () => {
    const row = day(world, 'DeviceProcessEvents')[3]!;
    const record = streamingRecord(TENANT, 'DeviceProcessEvents', row);
    expect(record).to.include({ tenantId: TENANT, operationName: 'Publish', category: 'AdvancedHunting-DeviceProcessEvents', Tenant: 'DefaultTenant' });
    expect(record.properties).to.deep.equal({ ...row, MachineGroup: machineGroupOf(row.DeviceId as string) });
    expect(record.time).to.match(/\.\d{7}Z$/);
    expect(parseTimestamp(record.time)! - parseTimestamp(row.Timestamp as string)!).to.be.within(2e7, 120e7);
    const mail = streamingRecord(TENANT, 'EmailEvents', day(world, 'EmailEvents')[0]!);
    expect(mail.properties.MachineGroup).to.equal(null);
    const info = day(world, 'DeviceInfo')[0]!;
    expect(streamingRecord(TENANT, 'DeviceInfo', info).properties.MachineGroup).to.equal(info.MachineGroup);
    const withReceived = day(world, 'DeviceFileEvents').slice(0, 30).map((r) => streamingRecord(TENANT, 'DeviceFileEvents', r));
    expect(withReceived.some((r) => r._TimeReceivedBySvc !== undefined)).to.equal(true);
    expect(withReceived.some((r) => r._TimeReceivedBySvc === undefined)).to.equal(true);
    expect(Object.keys(withReceived.find((r) => r._TimeReceivedBySvc)!)).to.deep.equal(['time', 'tenantId', 'operationName', 'category', '_TimeReceivedBySvc', 'properties', 'Tenant']);
  });

  it('refuses a table it does not have, naming the ones it has', () => {
    expect(() => [...huntingRows(world, 'DeviceProcessEvent', FROM, TO)]).to.throw(UnknownTableError, /'DeviceProcessEvent' is not an advanced-hunting table.*DeviceProcessEvents/);
  });
});
