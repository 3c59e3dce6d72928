// One tenant's Defender data: generated base records plus every change made since start
// (API writes, scripted mutations, creations, merges). All changes get a lastUpdate time
// strictly greater than every existing one, which keeps the store's ordering invariant.
import type { Clock } from '../clock';
import { hash32, Prng } from '../prng';
import { formatTicks, ticksFromMs, type Ticks } from '../time';
import { Collection } from './collection';
import {
  ALERT_FILTERABLE, graphAdapter, GraphDataset, INCIDENT_FILTERABLE, type GraphRecord,
} from './graph-records';
import { alertId, incidentId } from './ids';
import { mdeAdapter, MdeDataset, type MdeRecord } from './mde-records';
import { AWKWARD, USERS } from './vocabulary';

export type RecordKind = 'incident' | 'alert' | 'mdeAlert';

export interface TenantDataOptions {
  seed: number;
  tenantId: string;
  incidents: number;
  alertsPerIncident: { min: number; max: number };
  mdeAlerts: number;
  start: Ticks;
  span: Ticks;
  clock: Clock;
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

const clone = <T>(r: T): T => structuredClone(r);

export class TenantData {
  readonly graph: GraphDataset;
  readonly mde: MdeDataset;
  readonly incidents: Collection<GraphRecord>;
  readonly alerts: Collection<GraphRecord>;
  readonly mdeAlerts: Collection<MdeRecord>;
  private templates: GraphDataset | undefined;
  private mdeTemplates: MdeDataset | undefined;
  private membership = new Map<string, string[]>();
  private lastTicks: Ticks = -Infinity;
  private rng!: Prng;
  private created = { incident: 0, alert: 0, mdeAlert: 0 };

  constructor(readonly o: TenantDataOptions) {
    this.graph = new GraphDataset({
      seed: o.seed, tenantId: o.tenantId, incidents: o.incidents, alertsPerIncident: o.alertsPerIncident, start: o.start, span: o.span,
    });
    this.mde = new MdeDataset({ seed: o.seed, tenantId: o.tenantId, count: o.mdeAlerts, start: o.start, span: o.span });
    const names = { updated: 'lastUpdateDateTime', created: 'createdDateTime' };
    this.incidents = new Collection(this.graph.incidentSource(), graphAdapter(INCIDENT_FILTERABLE), names);
    this.alerts = new Collection(this.graph.alertSource(), graphAdapter(ALERT_FILTERABLE), names);
    this.mdeAlerts = new Collection(this.mde.source(), mdeAdapter, { updated: 'lastUpdateTime', created: 'alertCreationTime' });
    this.reset();
  }

  /** Drops every change; the data is as generated again. */
  reset(): void {
    this.incidents.reset();
    this.alerts.reset();
    this.mdeAlerts.reset();
    this.membership.clear();
    this.created = { incident: 0, alert: 0, mdeAlert: 0 };
    this.rng = Prng.for(this.o.seed, 0x7e57);
    this.lastTicks = Math.max(this.incidents.maxUpdated(), this.alerts.maxUpdated(), this.mdeAlerts.maxUpdated());
  }

  /** A fresh change time: now (from the clock, with sub-millisecond digits), never repeating. */
  private bump(): Ticks {
    const candidate = ticksFromMs(this.o.clock.now()) + this.rng.int(0, 9_999);
    this.lastTicks = Math.max(candidate, this.lastTicks + 1);
    return this.lastTicks;
  }

  private collection(kind: RecordKind): Collection<Record<string, unknown>> {
    return kind === 'incident' ? this.incidents : kind === 'alert' ? this.alerts : this.mdeAlerts;
  }

  get(kind: RecordKind, id: string): Record<string, unknown> | undefined {
    return this.collection(kind).get(id);
  }

  private must(kind: RecordKind, id: string): Record<string, unknown> {
    const r = this.get(kind, id);
    if (!r) throw new NotFoundError(`${kind} ${id} was not found`);
    return r;
  }

  alertIdsOf(incident: string): string[] {
    const override = this.membership.get(incident);
    if (override) return override;
    const i = this.graph.incidentSource().indexOf(incident);
    if (i < 0) return [];
    const [a, b] = this.graph.alertRange(i);
    const ids: string[] = [];
    for (let j = a; j < b; j++) ids.push(this.graph.alertIdOf(j));
    return ids;
  }

  alertsOf(incident: string): GraphRecord[] {
    return this.alertIdsOf(incident).map((id) => this.alerts.get(id)).filter((a): a is GraphRecord => a !== undefined);
  }

  // ---- writes used by the APIs ----

  updateIncident(id: string, changes: Record<string, unknown>, by: string, t = this.bump()): GraphRecord {
    const next = { ...clone(this.must('incident', id)), ...changes, lastUpdateDateTime: formatTicks(t), lastModifiedBy: `API-App:${by}` };
    this.incidents.put(next);
    return next;
  }

  /** Alerts have no lastModifiedBy; the change also bumps the alert's incident. */
  updateAlert(id: string, changes: Record<string, unknown>, t = this.bump()): GraphRecord {
    const current = this.must('alert', id);
    const next: GraphRecord = { ...clone(current), ...changes, lastUpdateDateTime: formatTicks(t) };
    if (changes.status !== undefined && changes.status !== current.status) {
      next.resolvedDateTime = changes.status === 'resolved' ? formatTicks(t) : null;
    }
    this.alerts.put(next);
    const parent = this.incidents.get(next.incidentId as string);
    if (parent) this.incidents.put({ ...clone(parent), lastUpdateDateTime: formatTicks(t) });
    return next;
  }

  addComment(kind: 'incident' | 'alert', id: string, comment: string, by: string): Record<string, unknown>[] {
    const t = this.bump();
    const current = this.must(kind, id);
    const comments = [...(current.comments as Record<string, unknown>[]), { comment, createdByDisplayName: by, createdDateTime: formatTicks(t) }];
    const updated = kind === 'incident'
      ? this.updateIncident(id, { comments }, by, t)
      : this.updateAlert(id, { comments }, t);
    return updated.comments as Record<string, unknown>[];
  }

  updateMdeAlert(id: string, changes: Record<string, unknown>, comment: string | undefined, by: string): MdeRecord {
    const t = this.bump();
    const current = this.must('mdeAlert', id);
    const next: MdeRecord = { ...clone(current), ...changes, lastUpdateTime: formatTicks(t) };
    if (changes.status !== undefined && changes.status !== current.status) {
      next.resolvedTime = changes.status === 'Resolved' ? formatTicks(t) : null;
    }
    if (comment !== undefined) {
      next.comments = [...(current.comments as unknown[]), { comment, createdBy: by, createdTime: formatTicks(t) }];
    }
    this.mdeAlerts.put(next);
    return next;
  }

  // ---- live change (control API, tests, demo) ----

  private pickIds(kind: RecordKind, count: number): string[] {
    const c = this.collection(kind);
    const ids = new Set<string>();
    const size = c.size();
    for (let guard = 0; ids.size < Math.min(count, size) && guard < count * 20; guard++) ids.add(c.idAt(this.rng.int(0, size - 1)));
    return [...ids];
  }

  /** Changes status/assignee (and sometimes adds a comment) on existing records, now. */
  mutate(kind: RecordKind, req: { count?: number; ids?: string[] }): string[] {
    const ids = req.ids ?? this.pickIds(kind, req.count ?? 1);
    for (const id of ids) this.must(kind, id);
    const by = 'Defender simulator';
    for (const id of ids) {
      const current = this.must(kind, id);
      const assignedTo = this.rng.chance(0.3) ? null : this.rng.pick(USERS.filter((u) => u !== current.assignedTo));
      const comment = this.rng.chance(0.5) ? (this.rng.chance(0.3) ? this.rng.pick(AWKWARD) : 'Updated during investigation') : undefined;
      if (kind === 'incident') {
        const cycle: Record<string, string> = { active: 'inProgress', inProgress: 'resolved', resolved: 'active', awaitingAction: 'active', redirected: 'redirected' };
        const status = this.rng.chance(0.1) && current.status !== 'redirected' ? 'awaitingAction' : cycle[current.status as string] ?? 'active';
        const changes: Record<string, unknown> = { status, assignedTo };
        const t = this.bump();
        if (comment) changes.comments = [...(current.comments as unknown[]), { comment, createdByDisplayName: by, createdDateTime: formatTicks(t) }];
        this.updateIncident(id, changes, by, t);
      } else if (kind === 'alert') {
        const cycle: Record<string, string> = { new: 'inProgress', inProgress: 'resolved', resolved: 'new', unknown: 'new' };
        const changes: Record<string, unknown> = { status: cycle[current.status as string] ?? 'new', assignedTo };
        const t = this.bump();
        if (comment) changes.comments = [...(current.comments as unknown[]), { comment, createdByDisplayName: by, createdDateTime: formatTicks(t) }];
        this.updateAlert(id, changes, t);
      } else {
        const cycle: Record<string, string> = { New: 'InProgress', InProgress: 'Resolved', Resolved: 'New', Unknown: 'New' };
        this.updateMdeAlert(id, { status: cycle[current.status as string] ?? 'New', assignedTo }, comment, by);
      }
    }
    return ids;
  }

  private template(): GraphDataset {
    this.templates ??= new GraphDataset({
      ...this.graph.o, seed: hash32(this.o.seed, 0x5a5a), incidents: 16, alertsPerIncident: { min: 1, max: 3 },
    });
    return this.templates;
  }

  private newAlert(incident: string, t: Ticks, k: number): GraphRecord {
    const tpl = this.template();
    const base = tpl.alert(k % tpl.alertCount);
    const index = this.graph.alertCount + this.created.alert++;
    const id = alertId(GraphDataset.prefixFor(base.serviceSource as string), index, this.o.seed);
    return {
      ...base, id, providerAlertId: id, incidentId: incident, status: 'new', classification: 'unknown', determination: 'unknown',
      assignedTo: null, resolvedDateTime: null, comments: [],
      createdDateTime: formatTicks(t), lastUpdateDateTime: formatTicks(t),
      alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${this.o.tenantId}`,
      incidentWebUrl: `https://security.microsoft.com/incidents/${incident}?tid=${this.o.tenantId}`,
    };
  }

  /** Creates new records now. Incidents come with 1–3 new alerts; alerts join `incidentId` or a random incident. */
  create(kind: RecordKind, req: { count?: number; incidentId?: string }): string[] {
    const count = req.count ?? 1;
    const ids: string[] = [];
    for (let k = 0; k < count; k++) {
      const t = this.bump();
      if (kind === 'incident') {
        const tpl = this.template();
        const id = incidentId(this.graph.o.incidents + this.created.incident++);
        const base = tpl.incident(k % 16);
        const alerts = Array.from({ length: this.rng.int(1, 3) }, (_, n) => this.newAlert(id, t, k * 3 + n));
        for (const a of alerts) this.alerts.put(a);
        this.membership.set(id, alerts.map((a) => a.id as string));
        this.incidents.put({
          ...base, id, status: 'active', classification: 'unknown', determination: 'unknown', assignedTo: null, redirectIncidentId: null,
          comments: [], resolvingComment: null, createdDateTime: formatTicks(t), lastUpdateDateTime: formatTicks(t),
          incidentWebUrl: `https://security.microsoft.com/incidents/${id}?tid=${this.o.tenantId}`,
        });
        ids.push(id);
      } else if (kind === 'alert') {
        const parentId = req.incidentId ?? this.incidents.idAt(this.rng.int(0, this.incidents.size() - 1));
        const parent = this.must('incident', parentId);
        const alert = this.newAlert(parentId, t, k);
        this.alerts.put(alert);
        this.membership.set(parentId, [...this.alertIdsOf(parentId), alert.id as string]);
        this.incidents.put({ ...clone(parent), lastUpdateDateTime: formatTicks(t) });
        ids.push(alert.id as string);
      } else {
        const index = this.mde.o.count + this.created.mdeAlert++;
        this.mdeTemplates ??= new MdeDataset({ ...this.mde.o, seed: hash32(this.o.seed, 0x5a5b), count: 16 });
        const tpl = this.mdeTemplates;
        const id = alertId('da', index, this.mde.o.seed ^ 303);
        this.mdeAlerts.put({
          ...tpl.alert(k % 16), id, status: 'New', classification: null, determination: null, assignedTo: null, resolvedTime: null,
          comments: [], alertCreationTime: formatTicks(t), lastUpdateTime: formatTicks(t),
        });
        ids.push(id);
      }
    }
    return ids;
  }

  /**
   * An alert created through Graph beta `alerts_v2/createAlert` (defender-response.md §3): `fields` are the
   * alert's own (title, severity, evidence…); it joins incident `joinIncident`, or opens a new incident holding
   * only it. Both show up in the incident and alert lists at once.
   */
  createManualAlert(fields: Record<string, unknown>, joinIncident?: string): GraphRecord {
    const t = this.bump();
    const now = formatTicks(t);
    const id = alertId('ma', this.graph.alertCount + this.created.alert++, this.o.seed);
    let parentId = joinIncident;
    if (parentId !== undefined) {
      this.incidents.put({ ...clone(this.must('incident', parentId)), lastUpdateDateTime: now });
    } else {
      parentId = incidentId(this.graph.o.incidents + this.created.incident++);
      this.incidents.put({
        ...this.template().incident(0), id: parentId, displayName: fields.title, severity: fields.severity, status: 'active',
        classification: 'unknown', determination: 'unknown', assignedTo: null, redirectIncidentId: null, customTags: [], systemTags: [],
        comments: [], resolvingComment: null, description: fields.description, createdDateTime: now, lastUpdateDateTime: now,
        incidentWebUrl: `https://security.microsoft.com/incidents/${parentId}?tid=${this.o.tenantId}`,
      });
    }
    const alert: GraphRecord = {
      ...this.template().alert(0), ...fields, id, providerAlertId: `manual_${id}`, incidentId: parentId, status: 'new',
      classification: 'unknown', determination: 'unknown', assignedTo: null, resolvedDateTime: null, comments: [],
      detectionSource: 'manual', serviceSource: 'microsoft365Defender', detectorId: null, tenantId: this.o.tenantId,
      createdDateTime: now, lastUpdateDateTime: now, firstActivityDateTime: now, lastActivityDateTime: now,
      alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${this.o.tenantId}`,
      incidentWebUrl: `https://security.microsoft.com/incidents/${parentId}?tid=${this.o.tenantId}`,
    };
    this.alerts.put(alert);
    this.membership.set(parentId, [...this.alertIdsOf(parentId), id]);
    return clone(alert);
  }

  /** Merges incident `from` into `into`: `from` becomes redirected and its alerts move. */
  merge(from: string, into: string): void {
    if (from === into) throw new Error(`cannot merge incident ${from} into itself`);
    const source = this.must('incident', from);
    const target = this.must('incident', into);
    const t = this.bump();
    const moved = this.alertIdsOf(from);
    for (const id of moved) {
      const a = this.alerts.get(id);
      if (!a) continue;
      this.alerts.put({
        ...clone(a), incidentId: into, lastUpdateDateTime: formatTicks(t),
        incidentWebUrl: `https://security.microsoft.com/incidents/${into}?tid=${this.o.tenantId}`,
      });
    }
    this.membership.set(into, [...this.alertIdsOf(into), ...moved]);
    this.membership.set(from, []);
    this.incidents.put({ ...clone(source), status: 'redirected', redirectIncidentId: into, lastUpdateDateTime: formatTicks(t) });
    this.incidents.put({ ...clone(target), lastUpdateDateTime: formatTicks(t) });
  }

  counts(): { incidents: number; alerts: number; mdeAlerts: number } {
    return { incidents: this.incidents.size(), alerts: this.alerts.size(), mdeAlerts: this.mdeAlerts.size() };
  }
}
