// Results for the Dashboard Studio panels the stand-in renders. There is no search language here: each
// panel's result is computed by a small SPL-free evaluation of the same rules its query states (the query is
// the contract; docs/soc.md and test/knowledge/soc-searches.test.ts check its fields against real events),
// over what the splunkd stand-in holds: its indexed events (every index but _internal, as
// `defender_sync_index` would name them), its capture of the add-on's log, and a latest state computed from
// the events by the rules of the saved search "Defender Sync - Latest state" (the stand-in has no KV store).
// Why not recorded result sets: recordings would have to come from a real Splunk we do not have, and would
// not follow the demo's data; this evaluation always shows what the sandbox really ingested.
import { inputStatus, logLines } from '../../splunkd/endpoints-search';
import type { Splunkd } from '../../splunkd/index';
import { HEALTH_LABEL, inputHealth } from '../../../src/health/states';
import { statusOf } from '../../../src/health/status-rows';

export type Cell = string | number | null;
export interface Table {
  fields: string[];
  rows: Cell[][];
}

type Rec = Record<string, unknown> & { _time: number; _indextime: number };

interface StateDoc {
  kind: 'incident' | 'alert';
  id: string;
  title: string;
  status: string;
  severity: string;
  assigned_to: string | null;
  created_time: number;
  assigned_time: number | null;
  resolved_time: number | null;
  url: string;
}

export interface SocData {
  now: number;
  incidents: Rec[];
  alerts: Rec[];
  actions: Rec[];
  state: StateDoc[];
  splunkd: Pick<Splunkd, 'splunkHome' | 'events'>;
}

const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'];
/** props.conf's EVAL-severity. */
export const severityOf = (r: Record<string, unknown>): string => (SEVERITIES.includes(String(r.severity).toLowerCase()) ? String(r.severity).toLowerCase() : 'unknown');
const isoSeconds = (t: unknown): number => Date.parse(String(t).replace(/(\.\d+)?Z$/, 'Z')) / 1000;
const fmt = (t: number | null | undefined) => (t === null || t === undefined || Number.isNaN(t) ? null : new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' '));
const open = (d: StateDoc) => d.status !== 'resolved' && d.status !== 'redirected';
const count = <T>(items: T[], key: (t: T) => string | string[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const i of items) for (const k of [key(i)].flat()) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
};
const table = (fields: string[], rows: Cell[][]): Table => ({ fields, rows });
const pairs = (m: Map<string, number>, fields: [string, string], sortByCount = true): Table =>
  table(fields, [...m].sort((a, b) => (sortByCount ? b[1] - a[1] : a[0].localeCompare(b[0]))).map(([k, v]) => [k, v]));
/** `chart count OVER a BY b`: one row per a, one column per b. */
function chart<T>(items: T[], over: (t: T) => string, by: (t: T) => string, overField: string): Table {
  const columns = [...new Set(items.map(by))].sort((a, b) => SEVERITIES.indexOf(b) - SEVERITIES.indexOf(a) || a.localeCompare(b));
  const rows = [...new Set(items.map(over))].sort().map((o) => [o, ...columns.map((c) => items.filter((i) => over(i) === o && by(i) === c).length)]);
  return table([overField, ...columns], rows);
}
const dedupNewest = (records: Rec[]): Rec[] => {
  const seen = new Map<string, Rec>();
  for (const r of [...records].sort((a, b) => b._time - a._time)) {
    const key = `${String(r.tenantId)}|${String(r.id)}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
};

/** The rules of `defender_sync_state_versions` + the rebuild search, over every event. */
function latestState(incidents: Rec[], alerts: Rec[]): StateDoc[] {
  const out: StateDoc[] = [];
  for (const [kind, records] of [['incident', incidents], ['alert', alerts]] as const) {
    const byKey = new Map<string, Rec[]>();
    for (const r of records) byKey.set(`${String(r.tenantId)}|${String(r.id)}`, [...(byKey.get(`${String(r.tenantId)}|${String(r.id)}`) ?? []), r]);
    for (const versions of byKey.values()) {
      versions.sort((a, b) => a._time - b._time);
      const newest = versions.at(-1) as Rec;
      const assigned = versions.find((v) => v.assignedTo);
      const resolved = versions.find((v) => v.status === 'resolved');
      out.push({
        kind,
        id: String(newest.id),
        title: String(newest.displayName ?? newest.title ?? ''),
        status: String(newest.status),
        severity: severityOf(newest),
        assigned_to: (newest.assignedTo as string | null) ?? null,
        created_time: isoSeconds(newest.createdDateTime),
        assigned_time: assigned ? assigned._time : null,
        resolved_time: newest.status === 'resolved' && resolved ? resolved._time : null,
        url: String(newest.incidentWebUrl ?? newest.alertWebUrl ?? ''),
      });
    }
  }
  return out;
}

export function socData(splunkd: Pick<Splunkd, 'splunkHome' | 'events'>, now: number): SocData {
  const records = (sourcetypes: string[]) =>
    splunkd.events
      .search({})
      .filter((e) => e.index !== '_internal' && sourcetypes.includes(e.sourcetype))
      .map((e) => ({ ...(JSON.parse(e._raw) as Record<string, unknown>), _time: e._time, _indextime: e._indextime ?? e._time, sourcetype: e.sourcetype }) as Rec);
  const incidents = records(['ms365:defender:incident']);
  const alerts = records(['ms365:defender:incident:alerts', 'ms365:defender:alert']);
  return { now, incidents, alerts, actions: records(['defender_sync:action']), state: latestState(incidents, alerts), splunkd };
}

const SLA_ASSIGN: Record<string, number> = { high: 30, medium: 240, low: 1440, informational: 2880 };
const SLA_RESOLVE: Record<string, number> = { high: 480, medium: 2880, low: 10080, informational: 20160 };
function sla(d: SocData) {
  return d.state
    .filter((s) => s.kind === 'incident')
    .map((s) => {
      const assign = Math.round(((s.assigned_time ?? d.now) - s.created_time) / 60);
      const resolve = Math.round(((s.resolved_time ?? d.now) - s.created_time) / 60);
      const at = SLA_ASSIGN[s.severity];
      const rt = SLA_RESOLVE[s.severity];
      return { ...s, assign, resolve, at, rt, pastAssign: at !== undefined && assign > at ? 1 : 0, pastResolve: rt !== undefined && resolve > rt ? 1 : 0 };
    });
}
function reassignments(d: SocData) {
  const out: Array<{ id: string; from: string; to: string; title: string }> = [];
  const byId = new Map<string, Rec[]>();
  for (const r of d.incidents) byId.set(String(r.id), [...(byId.get(String(r.id)) ?? []), r]);
  for (const versions of byId.values()) {
    versions.sort((a, b) => a._time - b._time);
    for (let i = 1; i < versions.length; i++) {
      const [prev, cur] = [versions[i - 1]?.assignedTo, versions[i]?.assignedTo];
      if (prev && cur && prev !== cur) out.push({ id: String(versions[i]?.id), from: String(prev), to: String(cur), title: String(versions[i]?.displayName) });
    }
  }
  return out;
}
const outcome = (a: Rec) => ({
  who: String(a.user ?? ''),
  action: String(a.action ?? a.action_name ?? ''),
  what: String(a.requested && typeof a.requested === 'string' ? a.requested : ((a.requested as Record<string, unknown> | undefined)?.status ?? (a.requested as Record<string, unknown> | undefined)?.classification ?? 'update')),
  objectType: String(a.target_type ?? a.target ?? ''),
  objectId: String(a.target_type !== undefined ? a.target : (a.id ?? '')),
  result: String(a.result ?? ''),
});

type Panel = (d: SocData) => Table;
const openIncidents = (d: SocData) => d.state.filter((s) => s.kind === 'incident' && open(s));

/** `<view>/<data source id>` → its evaluation. */
export const PANELS: Record<string, Panel> = {
  'defender_sync_soc_overview/ds_open_total': (d) => table(['open_incidents'], [[openIncidents(d).length]]),
  'defender_sync_soc_overview/ds_open_high': (d) => table(['open_high'], [[openIncidents(d).filter((s) => s.severity === 'high').length]]),
  'defender_sync_soc_overview/ds_open_unassigned': (d) => table(['unassigned'], [[openIncidents(d).filter((s) => !s.assigned_to).length]]),
  'defender_sync_soc_overview/ds_alerts_total': (d) => table(['alerts'], [[dedupNewest(d.alerts).length]]),
  'defender_sync_soc_overview/ds_open_by_severity_age': (d) =>
    chart(openIncidents(d), (s) => { const days = (d.now - s.created_time) / 86_400; return days < 1 ? '1. under 1 day' : days < 7 ? '2. 1-7 days' : days < 30 ? '3. 7-30 days' : '4. 30 days or more'; }, (s) => s.severity, 'age'),
  'defender_sync_soc_overview/ds_new_resolved': (d) => {
    const since = d.now - 30 * 86_400;
    const days = new Map<string, [number, number]>();
    const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
    for (let t = since; t <= d.now; t += 86_400) days.set(day(t), [0, 0]);
    for (const s of d.state.filter((x) => x.kind === 'incident')) {
      if (s.created_time >= since) (days.get(day(s.created_time)) ?? [0, 0])[0]++;
      if (s.resolved_time !== null && s.resolved_time >= since) (days.get(day(s.resolved_time)) ?? [0, 0])[1]++;
    }
    return table(['_time', 'new', 'resolved'], [...days].map(([k, [n, r]]) => [k, n, r]));
  },
  'defender_sync_soc_overview/ds_mtta_mttr': (d) => {
    const recent = d.state.filter((s) => s.kind === 'incident' && s.created_time >= d.now - 30 * 86_400);
    const bySev = [...new Set(recent.map((s) => s.severity))].sort((a, b) => SEVERITIES.indexOf(b) - SEVERITIES.indexOf(a));
    const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);
    return table(['severity', 'incidents', 'mtta_minutes', 'mttr_hours'], bySev.map((sev) => {
      const of = recent.filter((s) => s.severity === sev);
      return [sev, of.length, avg(of.filter((s) => s.assigned_time !== null).map((s) => ((s.assigned_time as number) - s.created_time) / 60)), avg(of.filter((s) => s.resolved_time !== null).map((s) => ((s.resolved_time as number) - s.created_time) / 3600))];
    }));
  },
  'defender_sync_soc_overview/ds_alerts_by_source': (d) => pairs(count(dedupNewest(d.alerts), (a) => String(a.serviceSource)), ['service_source', 'count']),
  'defender_sync_soc_overview/ds_alerts_by_mitre': (d) => {
    const t = pairs(count(dedupNewest(d.alerts).filter((a) => Array.isArray(a.mitreTechniques) && a.mitreTechniques.length), (a) => (a.mitreTechniques as string[]).map(String)), ['mitre_technique_id', 'count']);
    return { ...t, rows: t.rows.slice(0, 15) };
  },
  'defender_sync_sla/ds_past_assign_open': (d) => table(['past_assign_target'], [[sla(d).filter((s) => open(s) && s.pastAssign).length]]),
  'defender_sync_sla/ds_past_resolve_open': (d) => table(['past_resolve_target'], [[sla(d).filter((s) => open(s) && s.pastResolve).length]]),
  'defender_sync_sla/ds_within_resolve': (d) => {
    const resolved = sla(d).filter((s) => s.resolved_time !== null && s.resolved_time >= d.now - 30 * 86_400);
    return table(['within_target_percent'], [[resolved.length ? Math.round((1000 * resolved.filter((s) => !s.pastResolve).length) / resolved.length) / 10 : null]]);
  },
  'defender_sync_sla/ds_breaches_by_severity': (d) => {
    const rows = sla(d);
    const sevs = [...new Set(rows.map((s) => s.severity))].sort((a, b) => SEVERITIES.indexOf(b) - SEVERITIES.indexOf(a));
    return table(['severity', 'past_assign_target', 'past_resolve_target', 'incidents'], sevs.map((sev) => {
      const of = rows.filter((s) => s.severity === sev);
      return [sev, of.reduce((a, s) => a + s.pastAssign, 0), of.reduce((a, s) => a + s.pastResolve, 0), of.length];
    }));
  },
  'defender_sync_sla/ds_breach_table': (d) =>
    table(['id', 'title', 'severity', 'status', 'assignee', 'assign_minutes', 'assign_target_minutes', 'resolve_minutes', 'resolve_target_minutes'],
      sla(d).filter((s) => open(s) && (s.pastAssign || s.pastResolve)).sort((a, b) => b.resolve - a.resolve).slice(0, 12)
        .map((s) => [s.id, s.title, s.severity, s.status, s.assigned_to ?? '(unassigned)', s.assign, s.at ?? null, s.resolve, s.rt ?? null])),
  'defender_sync_workload/ds_open_per_assignee': (d) => chart(openIncidents(d), (s) => s.assigned_to ?? '(unassigned)', (s) => s.severity, 'assignee'),
  'defender_sync_workload/ds_resolved_per_analyst': (d) =>
    pairs(count(dedupNewest(d.incidents.filter((i) => i.status === 'resolved')), (i) => String(i.assignedTo ?? '(unassigned)')), ['analyst', 'resolved']),
  'defender_sync_workload/ds_reassignments_per_analyst': (d) => {
    const m = new Map<string, { n: number; ids: Set<string> }>();
    for (const r of reassignments(d)) {
      const k = `${r.from}\0${r.to}`;
      const e = m.get(k) ?? { n: 0, ids: new Set() };
      e.n++;
      e.ids.add(r.id);
      m.set(k, e);
    }
    return table(['previous_assignee', 'new_assignee', 'reassignments', 'incidents'], [...m].sort((a, b) => b[1].n - a[1].n).map(([k, v]) => [...k.split('\0'), v.n, v.ids.size]));
  },
  'defender_sync_workload/ds_reassigned_incidents': (d) => {
    const m = new Map<string, { n: number; to: Set<string>; title: string }>();
    for (const r of reassignments(d)) {
      const e = m.get(r.id) ?? { n: 0, to: new Set(), title: r.title };
      e.n++;
      e.to.add(r.to);
      m.set(r.id, e);
    }
    return table(['id', 'reassignments', 'assignees', 'title'], [...m].sort((a, b) => b[1].n - a[1].n).slice(0, 20).map(([id, v]) => [id, v.n, [...v.to].join(', '), v.title]));
  },
  'defender_sync_response_audit/ds_outcomes_by_action': (d) => chart(d.actions.map(outcome), (o) => o.action, (o) => o.result, 'alert_action'),
  'defender_sync_response_audit/ds_outcomes_by_user': (d) => {
    const users = [...new Set(d.actions.map((a) => String(a.user)))];
    return table(['who', 'actions', 'succeeded', 'actions_used', 'last_action'], users.map((u) => {
      const of = d.actions.filter((a) => String(a.user) === u);
      return [u, of.length, of.filter((a) => a.result === 'success' || a.result === 'succeeded').length, [...new Set(of.map((a) => outcome(a).action))].join(', '), fmt(Math.max(...of.map((a) => a._time)))];
    }));
  },
  'defender_sync_response_audit/ds_audit_trail': (d) =>
    table(['time', 'who', 'alert_action', 'what', 'object_type', 'object_id', 'result', 'http_status', 'error', 'search_name'],
      [...d.actions].sort((a, b) => b._time - a._time).slice(0, 14).map((a) => {
        const o = outcome(a);
        return [fmt(a._time), o.who, o.action, o.what, o.objectType, o.objectId, o.result, (a.http_status as number | null) ?? null, (a.error as string | null) ?? null, String(a.search_name ?? '')];
      })),
  'defender_sync_health/ds_input_health': (d) => {
    const rows = inputStatus(d.splunkd, d.now - 7 * 86_400, d.now);
    return table(['health', 'component', 'input', 'partition', 'last_success', 'last_event', 'last_error', 'last_error_code', 'last_error_message'],
      rows.map((r) => {
        const { status, lastEvent } = statusOf(r);
        const interval = Number(r.interval) || (r.component === 'defender_sync_stream' ? 60 : 300);
        const h = inputHealth({ intervalSeconds: interval, now: d.now * 1000, status, ...(lastEvent !== undefined ? { lastEvent } : {}) });
        return [HEALTH_LABEL[h.state], r.component ?? '', r.input ?? '', r.partition ?? '', fmt(Number(r.last_success)), fmt(Number(r.last_event)), fmt(Number(r.last_error)), r.last_error_code ?? null, r.last_error_message ?? null] as Cell[];
      }).sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[2]).localeCompare(String(b[2]))));
  },
  'defender_sync_health/ds_runs': (d) => {
    const runs = logLines(d.splunkd.splunkHome).filter((l) => l.fields.action === 'run_complete');
    const keys = [...new Set(runs.map((l) => `${l.fields.component}\0${l.fields.input}\0${l.fields.account ?? ''}\0${l.fields.tenant ?? ''}`))];
    return table(['input_type', 'input', 'account', 'runs', 'events', 'requests', 'throttled', 'failed_runs', 'last_status', 'last_run'], keys.map((k) => {
      const of = runs.filter((l) => `${l.fields.component}\0${l.fields.input}\0${l.fields.account ?? ''}\0${l.fields.tenant ?? ''}` === k);
      const sum = (f: string) => of.reduce((a, l) => a + (Number(l.fields[f]) || 0), 0);
      const [component, input, account] = k.split('\0');
      return [component ?? '', input ?? '', account ?? '', of.length, sum('events'), sum('requests'), sum('throttled'), of.filter((l) => l.fields.status === 'failed').length, of.at(-1)?.fields.status ?? '', fmt(of.at(-1)?.time)];
    }));
  },
  'defender_sync_health/ds_errors': (d) =>
    table(['time', 'component', 'input', 'error_code', 'message'], logLines(d.splunkd.splunkHome).filter((l) => l.fields.level === 'ERROR' || l.fields.level === 'FATAL').sort((a, b) => b.time - a.time).slice(0, 8)
      .map((l) => [fmt(l.time), l.fields.component ?? '', l.fields.input ?? null, l.fields.error_code ?? null, l.fields.message ?? ''])),
  'defender_sync_health/ds_ingested': (d) => {
    const events = d.splunkd.events.search({}).filter((e) => e.index !== '_internal' && e.sourcetype !== 'defender_sync:action');
    // timechart over _time (Defender's last-update time), one bucket per day as the time range suggests.
    const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
    const types = [...new Set(events.map((e) => e.sourcetype))].sort();
    const days = [...new Set(events.map((e) => day(e._time)))].sort().slice(-14);
    return table(['_time', ...types], days.map((h) => [h, ...types.map((t) => events.filter((e) => e.sourcetype === t && day(e._time) === h).length)]));
  },
  'defender_sync_health/ds_requests': (d) => {
    const runs = logLines(d.splunkd.splunkHome).filter((l) => l.fields.action === 'run_complete').sort((a, b) => a.time - b.time);
    return table(['_time', 'requests', 'throttled', 'retries'], runs.map((l) => [fmt(l.time), Number(l.fields.requests) || 0, Number(l.fields.throttled) || 0, Number(l.fields.retries) || 0]));
  },
};
