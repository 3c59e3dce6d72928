// Live data control for tests, the demo and the control API: change, create and merge records
// in any tenant, now, after N more requests, or on a timer.
import type { RecordKind, TenantData } from './tenant-data';

export interface ScheduledMutation {
  /** Fires right after this many more matching API requests have been answered. */
  afterRequests: number;
  api?: 'graph' | 'mde' | 'token';
  /** Substring of the request path that counts, e.g. `/security/incidents`. */
  path?: string;
  kind: RecordKind;
  count?: number;
  ids?: string[];
  tenantId?: string;
  /** Called with the changed ids when it fires. */
  onFired?: (ids: string[]) => void;
}

export interface DataApi {
  /** Changes status/assignee (sometimes adds a comment) now; returns the changed ids. */
  mutate(req: { kind: RecordKind; count?: number; ids?: string[]; tenantId?: string }): string[];
  create(req: { kind: RecordKind; count?: number; incidentId?: string; tenantId?: string }): string[];
  merge(fromIncidentId: string, intoIncidentId: string, tenantId?: string): void;
  get(kind: RecordKind, id: string, tenantId?: string): Record<string, unknown> | undefined;
  alertIdsOf(incidentId: string, tenantId?: string): string[];
  counts(tenantId?: string): { incidents: number; alerts: number; mdeAlerts: number };
  scheduleMutation(m: ScheduledMutation): void;
  startAutoMutate(o: { everyMs: number; count?: number; kinds?: RecordKind[] }): void;
  stopAutoMutate(): void;
  /** The tenant's store itself (generated datasets, collections) for tests that need more. */
  tenant(tenantId?: string): TenantData;
  /** Forgets every change and pending schedule. */
  reset(): void;
}

export class DataControl implements DataApi {
  private schedules: ScheduledMutation[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tenants: Map<string, TenantData>, private readonly firstTenant: string) {}

  tenant(tenantId?: string): TenantData {
    const id = tenantId ?? this.firstTenant;
    const t = [...this.tenants.entries()].find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1];
    if (!t) throw new Error(`unknown tenant '${id}'; known: ${[...this.tenants.keys()].join(', ')}`);
    return t;
  }

  mutate(req: { kind: RecordKind; count?: number; ids?: string[]; tenantId?: string }): string[] {
    checkKind(req.kind);
    return this.tenant(req.tenantId).mutate(req.kind, req);
  }

  create(req: { kind: RecordKind; count?: number; incidentId?: string; tenantId?: string }): string[] {
    checkKind(req.kind);
    return this.tenant(req.tenantId).create(req.kind, req);
  }

  merge(fromIncidentId: string, intoIncidentId: string, tenantId?: string): void {
    this.tenant(tenantId).merge(fromIncidentId, intoIncidentId);
  }

  get(kind: RecordKind, id: string, tenantId?: string): Record<string, unknown> | undefined {
    checkKind(kind);
    return this.tenant(tenantId).get(kind, id);
  }

  alertIdsOf(incidentId: string, tenantId?: string): string[] {
    return this.tenant(tenantId).alertIdsOf(incidentId);
  }

  counts(tenantId?: string): { incidents: number; alerts: number; mdeAlerts: number } {
    return this.tenant(tenantId).counts();
  }

  scheduleMutation(m: ScheduledMutation): void {
    checkKind(m.kind);
    if (!Number.isInteger(m.afterRequests) || m.afterRequests < 1) throw new Error('afterRequests must be a positive integer');
    this.tenant(m.tenantId);
    this.schedules.push({ ...m });
  }

  /** Called by the server after each API request has been answered. */
  afterRequest(api: 'graph' | 'mde' | 'token' | 'unknown', path: string): void {
    for (const s of [...this.schedules]) {
      if ((s.api && s.api !== api) || (s.path && !path.includes(s.path))) continue;
      if (--s.afterRequests > 0) continue;
      this.schedules.splice(this.schedules.indexOf(s), 1);
      const ids = this.mutate({ kind: s.kind, count: s.count, ids: s.ids, tenantId: s.tenantId });
      s.onFired?.(ids);
    }
  }

  startAutoMutate(o: { everyMs: number; count?: number; kinds?: RecordKind[] }): void {
    this.stopAutoMutate();
    const kinds = o.kinds ?? ['incident', 'alert', 'mdeAlert'];
    this.timer = setInterval(() => {
      for (const t of this.tenants.values()) {
        for (const kind of kinds) {
          if (t.counts()[kind === 'incident' ? 'incidents' : kind === 'alert' ? 'alerts' : 'mdeAlerts'] > 0) t.mutate(kind, { count: o.count ?? 1 });
        }
      }
    }, o.everyMs);
    this.timer.unref();
  }

  stopAutoMutate(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  reset(): void {
    this.schedules = [];
    for (const t of this.tenants.values()) t.reset();
  }
}

function checkKind(kind: unknown): asserts kind is RecordKind {
  if (kind !== 'incident' && kind !== 'alert' && kind !== 'mdeAlert') {
    throw new Error(`kind must be 'incident', 'alert' or 'mdeAlert'; got ${JSON.stringify(kind)}`);
  }
}
