// The hunting route's rows by default: the tenant's advanced-hunting tables (sandbox/simulator/tables/, one
// world with the tenant's incidents, so an incident's device is in its DeviceProcessEvents), built once per
// tenant on first use from the simulator's seed.
import type { TenantData } from '../data/tenant-data';
import { HUNTING_TABLES, huntingRows, huntingWorld, type HuntingWorld } from '../tables';
import type { HuntingSource } from './kql/evaluate';

export function tablesSource(world: HuntingWorld): HuntingSource {
  return {
    table: (name) => (Object.hasOwn(HUNTING_TABLES, name) ? HUNTING_TABLES[name] : undefined),
    rows: (table, fromMs, toMs) => huntingRows(world, table, new Date(fromMs), new Date(toMs)),
  };
}

/** tenantId → its tables, worlds built lazily (a tenant nobody hunts in costs nothing). */
export function tenantTables(data: (tenantId: string) => TenantData | undefined, seed: number, rowsPerHour?: number): (tenantId: string) => HuntingSource | undefined {
  const sources = new Map<string, HuntingSource>();
  return (tenantId) => {
    const tenant = data(tenantId);
    if (!tenant) return undefined;
    const key = tenant.o.tenantId;
    let source = sources.get(key);
    if (!source) {
      source = tablesSource(huntingWorld(tenant, { seed, ...(rowsPerHour !== undefined ? { rowsPerHour } : {}) }));
      sources.set(key, source);
    }
    return source;
  };
}
