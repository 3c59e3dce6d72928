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

export function streamingRecord(tenantId: string, table: string, row: Record<string, unknown>): StreamingRecord {
  const timestamp = typeof row.Timestamp === 'string' ? row.Timestamp : '';
  const t = parseTimestamp(timestamp) ?? ticksFromMs(0);
  const h = hashString(`${table}|${timestamp}|${String(row.ReportId ?? '')}`);
  const exported = t + (2 + (h % 118)) * SECOND + (h % SECOND);
  const deviceId = typeof row.DeviceId === 'string' ? row.DeviceId : undefined;
  const machineGroup = 'MachineGroup' in row ? row.MachineGroup : deviceId ? machineGroupOf(deviceId) : null;
  const record: StreamingRecord = {
    time: formatTicks(exported),
    tenantId,
    operationName: 'Publish',
    category: `AdvancedHunting-${table}`,
    properties: { ...row, MachineGroup: machineGroup },
    Tenant: 'DefaultTenant',
  };
  // Seen on some captured records only: consumers must not depend on it.
  if (h % 3 === 0) return { time: record.time, tenantId, operationName: 'Publish', category: record.category, _TimeReceivedBySvc: formatTicks(t + SECOND + (h % SECOND)), properties: record.properties, Tenant: record.Tenant };
  return record;
}
