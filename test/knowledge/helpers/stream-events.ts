// TEST HELPER: Streaming API records (sourcetype ms:defender:eventhub) as Defender sends them through
// Event Hubs: the simulator tenant's advanced-hunting rows, wrapped by the tables module's streamingRecord.
import { manualClock } from '../../../sandbox/simulator/clock';
import { TenantData } from '../../../sandbox/simulator/data/tenant-data';
import { HUNTING_TABLES, huntingRows, huntingWorld, streamingRecord } from '../../../sandbox/simulator/tables';
import { ticksFromMs } from '../../../sandbox/simulator/time';

export const STREAM_SOURCETYPE = 'ms:defender:eventhub';

/** Table → twelve hours of its records for one tenant (deterministic). */
export function streamRecords(): Record<string, Array<Record<string, unknown>>> {
  const data = new TenantData({
    seed: 3, tenantId: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c', incidents: 120, alertsPerIncident: { min: 1, max: 4 }, mdeAlerts: 10,
    start: ticksFromMs(Date.UTC(2026, 9, 26)), span: 6 * 864_000_000_000, clock: manualClock(Date.UTC(2026, 10, 1)),
  });
  const world = huntingWorld(data, { seed: 3 });
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of Object.keys(HUNTING_TABLES)) {
    out[table] = [...huntingRows(world, table, new Date(Date.UTC(2026, 10, 1)), new Date(Date.UTC(2026, 10, 1, 12)))]
      .map((row) => streamingRecord(world.tenantId, table, row) as unknown as Record<string, unknown>);
  }
  return out;
}
