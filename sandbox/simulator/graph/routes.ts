// Graph v1.0 security endpoints: incidents, alerts_v2, their PATCH and comments, and $batch.
// One call = one request (or one $batch item); each is counted against the rate limit here.
import type { TokenClaims } from '../auth/access-tokens';
import type { Clock } from '../clock';
import type { SortField } from '../data/collection';
import type { GraphRecord } from '../data/graph-records';
import { NotFoundError, type TenantData } from '../data/tenant-data';
import { GRAPH_JSON, jsonResponse, type SimResponse } from '../http/response';
import { FilterError } from '../odata/filter';
import { compileFilter, type FilterSchema } from '../odata/filter-compile';
import { nextLinkFor, parseListQuery, QueryError, type QueryRules } from '../odata/query-options';
import type { RateLimiter } from '../rate-limits';
import { runHuntingQuery, type HuntingEnv } from '../hunting/route';
import { graphError, graphThrottled, missingRoles, type GraphRequestIds } from './errors';
import type { GraphExtension, GraphTools, GraphVersion } from './extensions';
import { checkAlertPatch, checkCommentBody, checkIncidentPatch } from './patch';
import { presentAlert, presentIncident, selectProperties, wantsUnknownEnums } from './present';
import {
  ALERT_FILTER, ALERT_PROPERTIES, ALERT_TYPE, INCIDENT_FILTER, INCIDENT_PROPERTIES, INCIDENT_TYPE, ROLES,
} from './schema';

export const BAD_JSON = Symbol('bad JSON');

export interface GraphEnv {
  graphUrl: string;
  tenantData(tenantId: string): TenantData | undefined;
  limiter: RateLimiter;
  clock: Clock;
  pageSize: { incidents: number; alerts: number };
  nextLink: boolean;
  newRequestId(): string;
  hunting?: HuntingEnv;
  /** Endpoints in their own folders (identity actions, beta createAlert); tried before the built-in routes. */
  extensions?: readonly GraphExtension[];
}

export interface GraphCall {
  method: string;
  /** Path below the Graph root, e.g. `/v1.0/security/incidents`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: unknown;
  claims: TokenClaims;
  ids: GraphRequestIds;
}

const LIST_OPTIONS = ['$filter', '$top', '$skip', '$count', '$orderby', '$expand', '$select'];
const INCIDENT_RULES: QueryRules = {
  typeName: INCIDENT_TYPE, properties: INCIDENT_PROPERTIES, allowed: LIST_OPTIONS, maxTop: 50,
  orderable: ['lastUpdateDateTime', 'createdDateTime'], expandable: ['alerts'],
};
const ALERT_RULES: QueryRules = {
  typeName: ALERT_TYPE, properties: ALERT_PROPERTIES, allowed: LIST_OPTIONS, maxTop: 2000,
  orderable: ['lastUpdateDateTime', 'createdDateTime'], expandable: [],
};
const GET_INCIDENT_RULES: QueryRules = { ...INCIDENT_RULES, allowed: ['$expand', '$select'] };
const GET_ALERT_RULES: QueryRules = { ...ALERT_RULES, allowed: ['$select'] };

class GraphFailure extends Error {
  constructor(readonly response: SimResponse) {
    super('graph failure');
  }
}

/** Splits `/v1.0/security/incidents('1')/alerts` into ['security','incidents','1','alerts']. */
function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    const seg = decodeURIComponent(raw);
    const key = /^([^(]+)\('?([^')]*)'?\)$/.exec(seg);
    if (key) out.push(key[1] as string, key[2] as string); else out.push(seg);
  }
  return out;
}

export class GraphApi {
  constructor(private readonly env: GraphEnv) {}

  private badRequest(call: GraphCall, message: string): never {
    throw new GraphFailure(graphError(400, 'BadRequest', message, call.ids));
  }

  private requireRoles(call: GraphCall, required: readonly string[]): void {
    if (!call.claims.roles.some((r) => required.includes(r))) {
      throw new GraphFailure(missingRoles(required, call.claims.roles, call.ids));
    }
  }

  private json(call: GraphCall, status: number, body: unknown): SimResponse {
    return jsonResponse(status, body, GRAPH_JSON, {
      'request-id': call.ids.requestId, 'client-request-id': call.ids.clientRequestId, 'OData-Version': '4.0',
    });
  }

  private context(fragment: string): string {
    return `${this.env.graphUrl}/v1.0/$metadata#${fragment}`;
  }

  private query(call: GraphCall, rules: QueryRules) {
    try {
      return parseListQuery(call.query, rules);
    } catch (e) {
      if (e instanceof FilterError) this.badRequest(call, `Invalid filter clause: ${e.message}`);
      if (e instanceof QueryError) this.badRequest(call, e.message);
      throw e;
    }
  }

  private compile(call: GraphCall, q: ReturnType<GraphApi['query']>, schema: FilterSchema, includeUnknown: boolean) {
    if (!q.filter) return undefined;
    try {
      return compileFilter(q.filter, schema, includeUnknown);
    } catch (e) {
      if (e instanceof FilterError) this.badRequest(call, `Invalid filter clause: ${e.message}`);
      throw e;
    }
  }

  /** Handles one request or $batch item (rate-limited unless it is the $batch envelope). */
  async handle(call: GraphCall, countAgainstLimit = true): Promise<SimResponse> {
    try {
      const segs = segmentsOf(call.path);
      const version = segs[0];
      if (version !== 'v1.0' && version !== 'beta') this.badRequest(call, `Resource not found for the segment '${segs[0] ?? ''}'.`);
      if (countAgainstLimit) {
        const limit = this.env.limiter.take('graph', `${call.claims.tenantId}|${call.claims.clientId}`);
        if (!limit.ok) return graphThrottled(call.ids, limit.retryAfterHeader);
      }
      const t = this.env.tenantData(call.claims.tenantId);
      if (!t) throw new GraphFailure(graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.', call.ids));
      for (const x of this.env.extensions ?? []) {
        const answer = x.route(call, version, segs.slice(1), t, this.tools(call));
        if (answer) return answer;
      }
      // Beta serves only what an extension models.
      if (version === 'beta') this.badRequest(call, `Resource not found for the segment '${segs.slice(1).join('/')}'.`);
      return this.route(call, segs.slice(1), t);
    } catch (e) {
      if (e instanceof GraphFailure) return e.response;
      if (e instanceof NotFoundError) return graphError(404, 'NotFound', 'Resource not found.', call.ids);
      throw e;
    }
  }

  private tools(call: GraphCall): GraphTools {
    return {
      json: (status, body) => this.json(call, status, body),
      fail: (status, code, message) => {
        throw new GraphFailure(graphError(status, code, message, call.ids));
      },
      requireRoles: (required) => this.requireRoles(call, required),
      body: () => this.body(call),
      context: (version: GraphVersion, fragment) => `${this.env.graphUrl}/${version}/$metadata#${fragment}`,
      newRequestId: () => this.env.newRequestId(),
    };
  }

  private route(call: GraphCall, segs: string[], t: TenantData): SimResponse {
    const [root, collection, id, sub, ...rest] = segs;
    const method = call.method.toUpperCase();
    const notAllowed = (): never => {
      throw new GraphFailure(graphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for the requested resource.`, call.ids));
    };
    if (root !== 'security' || rest.length > 0) this.badRequest(call, `Resource not found for the segment '${root === 'security' ? rest[0] : root ?? ''}'.`);
    const col = collection?.toLowerCase();
    if (col === 'incidents') {
      if (id === undefined) return method === 'GET' ? this.listIncidents(call, t) : notAllowed();
      if (!/^\d{1,15}$/.test(id)) this.badRequest(call, `Invalid incident id '${id}': incident ids are numeric strings such as '2972395'.`);
      if (sub === undefined) {
        if (method === 'GET') return this.getIncident(call, t, id);
        if (method === 'PATCH') return this.patchIncident(call, t, id);
        return notAllowed();
      }
      if (sub.toLowerCase() === 'alerts') return method === 'GET' ? this.incidentAlerts(call, t, id) : notAllowed();
      if (sub.toLowerCase() === 'comments') return method === 'POST' ? this.postComment(call, t, 'incident', id) : notAllowed();
      this.badRequest(call, `Resource not found for the segment '${sub}'.`);
    }
    if (col === 'alerts_v2') {
      if (id === undefined) return method === 'GET' ? this.listAlerts(call, t) : notAllowed();
      if (sub === undefined) {
        if (method === 'GET') return this.getAlert(call, t, id);
        if (method === 'PATCH') return this.patchAlert(call, t, id);
        return notAllowed();
      }
      if (sub.toLowerCase() === 'comments') return method === 'POST' ? this.postComment(call, t, 'alert', id) : notAllowed();
      this.badRequest(call, `Resource not found for the segment '${sub}'.`);
    }
    if (col === 'runhuntingquery' && id === undefined && this.env.hunting) return runHuntingQuery(call, this.env.hunting);
    return this.badRequest(call, `Resource not found for the segment '${collection ?? 'security'}'.`);
  }

  private order(q: { orderby?: { field: string; desc: boolean } }): { field: SortField; desc: boolean } {
    // Default: most recent first by createdDateTime ("most recent incidents at the top").
    if (!q.orderby) return { field: 'created', desc: true };
    return { field: q.orderby.field === 'lastUpdateDateTime' ? 'updated' : 'created', desc: q.orderby.desc };
  }

  private listBody(call: GraphCall, contextFragment: string, q: { count: boolean; skip: number }, pageSize: number,
    res: { items: unknown[]; total?: number; more: boolean }): SimResponse {
    const body: Record<string, unknown> = { '@odata.context': this.context(contextFragment) };
    if (q.count) body['@odata.count'] = res.total;
    if (res.more && pageSize > 0 && this.env.nextLink) {
      body['@odata.nextLink'] = nextLinkFor(`${this.env.graphUrl}${call.path}`, call.query, q.skip + res.items.length);
    }
    body.value = res.items;
    return this.json(call, 200, body);
  }

  private listIncidents(call: GraphCall, t: TenantData): SimResponse {
    this.requireRoles(call, ROLES.incidentRead);
    const incl = wantsUnknownEnums(call.headers.prefer);
    const q = this.query(call, INCIDENT_RULES);
    const filter = this.compile(call, q, INCIDENT_FILTER, incl);
    const pageSize = q.top ?? this.env.pageSize.incidents;
    const res = t.incidents.query({ filter, order: this.order(q), skip: q.skip, top: pageSize, count: q.count });
    const expand = q.expand.includes('alerts');
    const items = res.items.map((r) => selectProperties(presentIncident(r, incl, expand ? t.alertsOf(r.id as string) : undefined), q.select));
    return this.listBody(call, expand ? 'security/incidents(alerts())' : 'security/incidents', q, pageSize, { ...res, items });
  }

  private listAlerts(call: GraphCall, t: TenantData): SimResponse {
    this.requireRoles(call, ROLES.alertRead);
    const incl = wantsUnknownEnums(call.headers.prefer);
    const q = this.query(call, ALERT_RULES);
    const filter = this.compile(call, q, ALERT_FILTER, incl);
    const pageSize = q.top ?? this.env.pageSize.alerts;
    const res = t.alerts.query({ filter, order: this.order(q), skip: q.skip, top: pageSize, count: q.count });
    const items = res.items.map((r) => selectProperties(presentAlert(r, incl), q.select));
    return this.listBody(call, 'security/alerts_v2', q, pageSize, { ...res, items });
  }

  private incidentOr404(t: TenantData, id: string): GraphRecord {
    const r = t.incidents.get(id);
    if (!r) throw new NotFoundError(id);
    return r;
  }

  private alertOr404(t: TenantData, id: string): GraphRecord {
    const r = t.alerts.get(id);
    if (!r) throw new NotFoundError(id);
    return r;
  }

  private getIncident(call: GraphCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, ROLES.incidentRead);
    const q = this.query(call, GET_INCIDENT_RULES);
    const r = this.incidentOr404(t, id);
    const incl = wantsUnknownEnums(call.headers.prefer);
    const expand = q.expand.includes('alerts');
    const body = selectProperties(presentIncident(r, incl, expand ? t.alertsOf(id) : undefined), q.select);
    return this.json(call, 200, { '@odata.context': this.context(expand ? 'security/incidents(alerts())/$entity' : 'security/incidents/$entity'), ...body });
  }

  private incidentAlerts(call: GraphCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, ROLES.incidentRead);
    const q = this.query(call, { ...ALERT_RULES, allowed: ['$select'] });
    this.incidentOr404(t, id);
    const incl = wantsUnknownEnums(call.headers.prefer);
    const value = t.alertsOf(id).map((a) => selectProperties(presentAlert(a, incl), q.select));
    return this.json(call, 200, { '@odata.context': this.context(`security/incidents('${id}')/alerts`), value });
  }

  private getAlert(call: GraphCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, ROLES.alertRead);
    const q = this.query(call, GET_ALERT_RULES);
    const r = this.alertOr404(t, id);
    const body = selectProperties(presentAlert(r, wantsUnknownEnums(call.headers.prefer)), q.select);
    return this.json(call, 200, { '@odata.context': this.context('security/alerts_v2/$entity'), ...body });
  }

  private body(call: GraphCall): unknown {
    if (call.body === BAD_JSON || call.body === undefined) {
      this.badRequest(call, 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    return call.body;
  }

  private patchIncident(call: GraphCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, ROLES.incidentWrite);
    const current = this.incidentOr404(t, id);
    const check = checkIncidentPatch(this.body(call), current);
    if (!check.ok) this.badRequest(call, check.message);
    const updated = t.updateIncident(id, check.changes, call.claims.appName);
    return this.json(call, 200, {
      '@odata.context': this.context('security/incidents/$entity'),
      ...presentIncident(updated, wantsUnknownEnums(call.headers.prefer), undefined, false),
    });
  }

  private patchAlert(call: GraphCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, ROLES.alertWrite);
    const current = this.alertOr404(t, id);
    const check = checkAlertPatch(this.body(call), current);
    if (!check.ok) this.badRequest(call, check.message);
    const updated = t.updateAlert(id, check.changes);
    return this.json(call, 200, {
      '@odata.context': this.context('security/alerts_v2/$entity'),
      ...presentAlert(updated, wantsUnknownEnums(call.headers.prefer), false),
    });
  }

  private postComment(call: GraphCall, t: TenantData, kind: 'incident' | 'alert', id: string): SimResponse {
    this.requireRoles(call, kind === 'incident' ? ROLES.incidentWrite : ROLES.alertWrite);
    if (kind === 'incident') this.incidentOr404(t, id); else this.alertOr404(t, id);
    const check = checkCommentBody(this.body(call));
    if (!check.ok) this.badRequest(call, check.message);
    const value = t.addComment(kind, id, check.comment, call.claims.appName);
    return this.json(call, 200, {
      '@odata.context': this.context(`security/${kind === 'incident' ? 'incidents' : 'alerts_v2'}('${id}')/comments`),
      value,
    });
  }
}

