// streamingRecord: an advanced-hunting row as the Streaming API sends it to Event Hubs (streaming.md
// §1.1): the envelope Defender adds (`time` = when Defender received it, some seconds to minutes after
// the event; `operationName: "Publish"`; `Tenant: "DefaultTenant"` as in captured records) around the
// row, which every record gets decorated with the device's MachineGroup (null when there is no device).
import { hashString } from '../prng';
import { formatTicks, parseTimestamp, ticksFromMs } from '../time';
import { machineGroupOf } from './world';

const SECOND = 10_000_000;

export interface StreamingRecord {
  time: string;
  tenantId: string;
  operationName: 'Publish';
  category: string;
  _TimeReceivedBySvc?: string;
  properties: Record<string, unknown>;
  Tenant: string;
}

type Copier = (row: Record<string, unknown>, machineGroup: unknown) => Record<string, unknown>;
const copiers = new Map<string, Copier>();

/**
 * The row plus MachineGroup, as a new object. `{ ...row, MachineGroup }` of a ~100-column row lands in V8's
 * dictionary mode (about 50 µs a record, the bulk of publishing); a literal per row shape costs ~2 µs.
 */
function withMachineGroup(row: Record<string, unknown>, machineGroup: unknown): Record<string, unknown> {
  const keys = Object.keys(row);
  const shape = keys.join(',');
  let copy = copiers.get(shape);
  if (!copy) {
    if (copiers.size >= 256 || !keys.every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))) return Object.assign({}, row, 'MachineGroup' in row ? {} : { MachineGroup: machineGroup });
    const fields = keys.map((k) => `${k}: r.${k}`);
    if (!keys.includes('MachineGroup')) fields.push('MachineGroup: m');
    copy = new Function('r', 'm', `return { ${fields.join(', ')} };`) as Copier;
    copiers.set(shape, copy);
  }
  return copy(row, machineGroup);
}

export function streamingRecord(tenantId: string, table: string, row: Record<string, unknown>): StreamingRecord {
  const timestamp = typeof row.Timestamp === 'string' ? row.Timestamp : '';
  const t = parseTimestamp(timestamp) ?? ticksFromMs(0);
  const h = hashString(`${table}|${timestamp}|${String(row.ReportId ?? '')}`);
  const exported = t + (2 + (h % 118)) * SECOND + (h % SECOND);
  const deviceId = typeof row.DeviceId === 'string' ? row.DeviceId : undefined;
  const machineGroup = deviceId ? machineGroupOf(deviceId) : null;
  const record: StreamingRecord = {
    time: formatTicks(exported),
    tenantId,
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    properties: withMachineGroup(row, machineGroup),
    Tenant: 'DefaultTenant',
  };
  // Seen on some captured records only: consumers must not depend on it.
  if (h % 3 === 0) return { time: record.time, tenantId, operationName: 'Publish', category: record.category, _TimeReceivedBySvc: formatTicks(t + SECOND + (h % SECOND)), properties: record.properties, Tenant: record.Tenant };
  return record;
}
