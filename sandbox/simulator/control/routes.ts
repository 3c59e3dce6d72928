// The control API under /_control (JSON over the same HTTPS port): everything the in-process
// Simulator object offers — faults, token revocation, data changes, request log, stats, reset.
import type { DataApi } from '../data/data-api';
import type { FaultRegistry, FaultState } from '../faults';
import type { MdeResponseControl } from '../mde/response-world';
import { jsonResponse, type SimResponse } from '../http/response';
import type { RequestRecord, SimulatorStats } from '../request-log';

export interface ControlTarget {
  info(): unknown;
  faults: FaultRegistry;
  revokeTokens(): void;
  data: DataApi;
  mdeResponse: MdeResponseControl;
  requestLog: RequestRecord[];
  clearRequestLog(): void;
  stats(): SimulatorStats;
  reset(): void;
}

const ok = (body: unknown, status = 200): SimResponse => jsonResponse(status, body);
const bad = (message: string, status = 400): SimResponse => jsonResponse(status, { error: message });

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('the request body must be a JSON object');
  return body as Record<string, unknown>;
}

export const CONTROL_ROUTES = [
  'GET    /_control                      urls, tenants (ids, secrets, certificate thumbprints), options',
  'GET    /_control/stats                requests and 429s per API',
  'GET    /_control/requests?since=<seq> request log (no tokens, no secrets)',
  'DELETE /_control/requests             clear the request log',
  'GET    /_control/faults               scripted faults and how often they fired',
  'POST   /_control/faults               add a fault or an array of faults, e.g. {"api":"graph","kind":"status","status":429,"retryAfter":"2.128","count":3}',
  'DELETE /_control/faults               clear all faults',
  'POST   /_control/tokens/revoke        every token issued so far gets 401 from now on',
  'POST   /_control/data/mutate          {"kind":"incident|alert|mdeAlert","count":N} or {"kind":…,"ids":[…]}',
  'POST   /_control/data/create          {"kind":…,"count":N,"incidentId"?:…}',
  'POST   /_control/data/merge           {"from":"<incident id>","into":"<incident id>"}',
  'POST   /_control/data/schedule        {"afterRequests":N,"api"?:"graph","path"?:"/security/incidents","kind":…,"count":N}',
  'GET    /_control/data/<kind>/<id>     one record as stored (kind: incident, alert, mdeAlert)',
  'GET    /_control/mde/<machines|machineactions|indicators>?tenantId=  MDE response state',
  'POST   /_control/mde/retire           {"status":404|410|false}: the MDE API answers as retired (or works again)',
  'POST   /_control/mde/timing           {"pendingMs":N,"runningMs":N}: how long machine actions stay Pending and InProgress',
  'POST   /_control/reset                forget data changes, faults, request log and rate-limit windows',
];

export function handleControl(method: string, path: string, query: URLSearchParams, body: unknown, target: ControlTarget): SimResponse {
  const m = method.toUpperCase();
  const route = path.replace(/\/+$/, '') || '/_control';
  const tenantId = (b: Record<string, unknown>): string | undefined => (typeof b.tenantId === 'string' ? b.tenantId : undefined);
  try {
    if (route === '/_control' && m === 'GET') return ok(target.info());
    if (route === '/_control/stats' && m === 'GET') return ok(target.stats());
    if (route === '/_control/requests' && m === 'GET') {
      const since = Number(query.get('since') ?? 0);
      return ok({ value: target.requestLog.filter((r) => r.seq > since) });
    }
    if (route === '/_control/requests' && m === 'DELETE') { target.clearRequestLog(); return ok({ cleared: true }); }
    if (route === '/_control/faults' && m === 'GET') return ok({ value: target.faults.list() satisfies FaultState[] });
    if (route === '/_control/faults' && m === 'POST') {
      const specs = Array.isArray(body) ? body : [body];
      return ok({ ids: specs.map((s) => target.faults.add(s as never)) }, 201);
    }
    if (route === '/_control/faults' && m === 'DELETE') { target.faults.clear(); return ok({ cleared: true }); }
    if (route === '/_control/tokens/revoke' && m === 'POST') { target.revokeTokens(); return ok({ revoked: true }); }
    if (route === '/_control/data/mutate' && m === 'POST') {
      const b = asObject(body);
      return ok({ ids: target.data.mutate({ kind: b.kind as never, count: b.count as number | undefined, ids: b.ids as string[] | undefined, tenantId: tenantId(b) }) });
    }
    if (route === '/_control/data/create' && m === 'POST') {
      const b = asObject(body);
      return ok({ ids: target.data.create({ kind: b.kind as never, count: b.count as number | undefined, incidentId: b.incidentId as string | undefined, tenantId: tenantId(b) }) });
    }
    if (route === '/_control/data/merge' && m === 'POST') {
      const b = asObject(body);
      if (typeof b.from !== 'string' || typeof b.into !== 'string') return bad('merge needs {"from":"<incident id>","into":"<incident id>"}');
      target.data.merge(b.from, b.into, tenantId(b));
      return ok({ merged: true });
    }
    if (route === '/_control/data/schedule' && m === 'POST') {
      const b = asObject(body);
      target.data.scheduleMutation(b as never);
      return ok({ scheduled: true }, 201);
    }
    const rec = /^\/_control\/data\/(incident|alert|mdeAlert)\/(.+)$/.exec(route);
    if (rec && m === 'GET') {
      const r = target.data.get(rec[1] as never, decodeURIComponent(rec[2] as string), query.get('tenantId') ?? undefined);
      return r ? ok(r) : bad(`no ${rec[1]} with id ${rec[2]}`, 404);
    }
    const mde = /^\/_control\/mde\/(machines|machineactions|indicators)$/.exec(route);
    if (mde && m === 'GET') {
      const tid = query.get('tenantId') ?? undefined;
      const r = target.mdeResponse;
      return ok({ value: mde[1] === 'machines' ? r.machines(tid) : mde[1] === 'machineactions' ? r.machineActions(tid) : r.indicators(tid) });
    }
    if (route === '/_control/mde/retire' && m === 'POST') {
      const status = asObject(body).status;
      if (status !== false && status !== 404 && status !== 410) return bad('retire needs {"status":404|410|false}');
      target.mdeResponse.retire(status);
      return ok({ retired: status });
    }
    if (route === '/_control/mde/timing' && m === 'POST') {
      const b = asObject(body);
      target.mdeResponse.setTiming({
        ...(typeof b.pendingMs === 'number' ? { pendingMs: b.pendingMs } : {}),
        ...(typeof b.runningMs === 'number' ? { runningMs: b.runningMs } : {}),
      });
      return ok({ timing: true });
    }
    if (route === '/_control/reset' && m === 'POST') { target.reset(); return ok({ reset: true }); }
    return bad(`no control route ${m} ${route}. Routes:\n${CONTROL_ROUTES.join('\n')}`, 404);
  } catch (e) {
    return bad(e instanceof Error ? e.message : String(e));
  }
}
