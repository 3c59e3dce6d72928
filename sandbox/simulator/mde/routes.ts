// Defender for Endpoint (legacy) /api/alerts: list, get, PATCH and batchUpdate, with MDE's
// PascalCase values, flat evidence, case-sensitive body properties and its error shape.
import type { TokenClaims } from '../auth/access-tokens';
import { mdeClassification, mdeDeterminationInput, mdeSeverity, mdeStatus } from '../data/enums';
import type { MdeRecord } from '../data/mde-records';
import type { TenantData } from '../data/tenant-data';
import { MDE_JSON, jsonResponse, type SimResponse } from '../http/response';
import { FilterError } from '../odata/filter';
import { compileFilter, type FilterSchema } from '../odata/filter-compile';
import { nextLinkFor, parseListQuery, QueryError, type QueryRules } from '../odata/query-options';
import type { RateLimiter } from '../rate-limits';
import { mdeError, mdeMissingRoles, mdeThrottled } from './errors';

export const MDE_BAD_JSON = Symbol('bad JSON');

export interface MdeEnv {
  mdeUrl: string;
  tenantData(tenantId: string): TenantData | undefined;
  limiter: RateLimiter;
  nextLink: boolean;
  batchUpdateMax: number;
  pageSize: number;
  /** Machines, machine actions, indicators and the retirement switch (response-routes.ts); undefined: not theirs. */
  response?: (call: MdeCall) => SimResponse | undefined;
}

export interface MdeCall {
  method: string;
  /** Path below the MDE root, e.g. `/api/alerts`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  claims: TokenClaims;
  target: string;
}

const PROPERTIES = [
  'id', 'incidentId', 'investigationId', 'assignedTo', 'severity', 'status', 'classification', 'determination',
  'investigationState', 'detectionSource', 'detectorId', 'category', 'threatFamilyName', 'title', 'description',
  'alertCreationTime', 'firstEventTime', 'lastEventTime', 'lastUpdateTime', 'resolvedTime', 'machineId',
  'computerDnsName', 'rbacGroupName', 'aadTenantId', 'threatName', 'mitreTechniques', 'relatedUser', 'comments', 'evidence',
];

const FILTER: FilterSchema = {
  typeName: 'Alert',
  filterable: {
    lastUpdateTime: { kind: 'datetime' },
    alertCreationTime: { kind: 'datetime' },
    status: { kind: 'enum', members: mdeStatus },
    severity: { kind: 'enum', members: mdeSeverity },
    incidentId: { kind: 'number' },
    assignedTo: { kind: 'string' },
  },
  properties: PROPERTIES,
};

const LIST_RULES: QueryRules = { typeName: 'Alert', properties: PROPERTIES, allowed: ['$filter', '$top', '$skip', '$expand'], maxTop: 10_000, expandable: ['evidence'] };
const READ = ['Alert.Read.All', 'Alert.ReadWrite.All'];
const WRITE = ['Alert.ReadWrite.All'];

const STATUS_IN: readonly string[] = ['New', 'InProgress', 'Resolved'];
const UPDATE_KEYS = ['status', 'assignedTo', 'classification', 'determination', 'comment'];

type UpdateCheck = { ok: true; changes: Record<string, unknown>; comment?: string; alertIds?: string[] } | { ok: false; response: SimResponse };

class MdeFailure extends Error {
  constructor(readonly response: SimResponse) {
    super('mde failure');
  }
}

export class MdeApi {
  constructor(private readonly env: MdeEnv) {}

  private fail(call: MdeCall, status: number, code: string, message: string): never {
    throw new MdeFailure(mdeError(status, code, message, call.target));
  }

  private requireRoles(call: MdeCall, required: readonly string[]): void {
    const refused = mdeMissingRoles(call.claims.roles, required, call.target);
    if (refused) throw new MdeFailure(refused);
  }

  async handle(call: MdeCall): Promise<SimResponse> {
    const answered = this.env.response?.(call);
    if (answered) return answered;
    try {
      const m = /^\/api(?:\/v1\.0)?\/alerts(?:\/([^/]+))?\/?$/i.exec(call.path);
      if (!m) this.fail(call, 404, 'NotFound', `The resource '${call.path}' was not found. This simulator serves /api/alerts.`);
      const id = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
      const method = call.method.toUpperCase();
      const isBatch = id?.toLowerCase() === 'batchupdate';
      const limit = this.env.limiter.take(isBatch ? 'mdeBatchUpdate' : 'mde', `${call.claims.tenantId}|${call.claims.clientId}`);
      if (!limit.ok) return mdeThrottled(limit.window, call.target, limit.retryAfterHeader);
      const t = this.env.tenantData(call.claims.tenantId);
      if (!t) this.fail(call, 401, 'Unauthorized', 'Unknown tenant.');
      if (isBatch) return method === 'POST' ? this.batchUpdate(call, t) : this.fail(call, 405, 'BadRequest', `Use POST for /api/alerts/batchUpdate.`);
      if (id === undefined) return method === 'GET' ? this.list(call, t) : this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/alerts.`);
      if (method === 'GET') return this.get(call, t, id);
      if (method === 'PATCH') return this.patch(call, t, id);
      return this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/alerts/{id}.`);
    } catch (e) {
      if (e instanceof MdeFailure) return e.response;
      throw e;
    }
  }

  private ok(body: unknown): SimResponse {
    return jsonResponse(200, body, MDE_JSON);
  }

  private withEvidence(r: MdeRecord, expand: boolean): MdeRecord {
    return expand ? r : { ...r, evidence: [] };
  }

  private list(call: MdeCall, t: TenantData): SimResponse {
    this.requireRoles(call, READ);
    for (const key of call.query.keys()) {
      if (key.toLowerCase() === '$orderby') {
        this.fail(call, 400, 'ODataError', `$orderby is not supported on /api/alerts (it is not documented); results come newest alertCreationTime first.`);
      }
    }
    let q;
    let filter;
    try {
      q = parseListQuery(call.query, LIST_RULES);
      filter = q.filter ? compileFilter(q.filter, FILTER, true) : undefined;
    } catch (e) {
      if (e instanceof FilterError) this.fail(call, 400, 'ODataError', `Invalid filter clause: ${e.message}`);
      if (e instanceof QueryError) this.fail(call, 400, 'ODataError', e.message);
      throw e;
    }
    const top = q.top ?? this.env.pageSize;
    const res = t.mdeAlerts.query({ filter, order: { field: 'created', desc: true }, skip: q.skip, top });
    const expand = q.expand.includes('evidence');
    const body: Record<string, unknown> = { '@odata.context': `${this.env.mdeUrl}/api/$metadata#Alerts` };
    if (this.env.nextLink && res.more && top > 0) body['@odata.nextLink'] = nextLinkFor(`${this.env.mdeUrl}${call.path}`, call.query, q.skip + res.items.length);
    body.value = res.items.map((r) => this.withEvidence(r, expand));
    return this.ok(body);
  }

  private recordOr404(call: MdeCall, t: TenantData, id: string): MdeRecord {
    const r = t.mdeAlerts.get(id);
    if (!r) this.fail(call, 404, 'ResourceNotFound', `Alert ${id} was not found`);
    return r;
  }

  private get(call: MdeCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, READ);
    const expand = (call.query.get('$expand') ?? '').toLowerCase() === 'evidence';
    const r = this.recordOr404(call, t, id);
    return this.ok({ '@odata.context': `${this.env.mdeUrl}/api/$metadata#Alerts/$entity`, ...this.withEvidence(r, expand) });
  }

  /** Body properties are case-sensitive; a wrong name or value is InvalidRequestBody. */
  private checkUpdate(call: MdeCall, batch: boolean): UpdateCheck {
    const bad = (detail: string): UpdateCheck => ({ ok: false, response: mdeError(400, 'InvalidRequestBody', `Request body is incorrect: ${detail}`, call.target) });
    const body = call.body;
    if (body === MDE_BAD_JSON || typeof body !== 'object' || body === null || Array.isArray(body)) return bad('expected a JSON object.');
    const b = body as Record<string, unknown>;
    const allowed = batch ? [...UPDATE_KEYS, 'alertIds'] : UPDATE_KEYS;
    for (const key of Object.keys(b)) {
      if (!allowed.includes(key)) return bad(`unknown property '${key}' (names are case-sensitive: ${allowed.join(', ')}).`);
    }
    const changes: Record<string, unknown> = {};
    if (b.status !== undefined) {
      if (typeof b.status !== 'string' || !STATUS_IN.includes(b.status)) return bad(`status must be one of ${STATUS_IN.join(', ')}.`);
      changes.status = b.status;
    }
    if (b.assignedTo !== undefined) {
      if (typeof b.assignedTo !== 'string') return bad('assignedTo must be a string.');
      changes.assignedTo = b.assignedTo;
    }
    if (b.classification !== undefined) {
      if (typeof b.classification !== 'string' || !(mdeClassification as readonly string[]).includes(b.classification)) return bad(`classification must be one of ${mdeClassification.join(', ')}.`);
      changes.classification = b.classification;
    }
    if (b.determination !== undefined) {
      if (typeof b.determination !== 'string' || !(mdeDeterminationInput as readonly string[]).includes(b.determination)) return bad(`determination must be one of ${mdeDeterminationInput.join(', ')}.`);
      changes.determination = b.determination;
    }
    if (b.comment !== undefined && typeof b.comment !== 'string') return bad('comment must be a string.');
    const comment = b.comment as string | undefined;
    if (Object.keys(changes).length === 0 && comment === undefined) return bad(`nothing to update; send at least one of ${UPDATE_KEYS.join(', ')}.`);
    if (!batch) return { ok: true, changes, comment };
    if (!Array.isArray(b.alertIds) || b.alertIds.length === 0 || b.alertIds.some((x) => typeof x !== 'string')) {
      return { ok: false, response: mdeError(400, 'MissingRequiredParameter', 'alertIds is required: a non-empty array of alert ids.', call.target) };
    }
    return { ok: true, changes, comment, alertIds: b.alertIds as string[] };
  }

  private patch(call: MdeCall, t: TenantData, id: string): SimResponse {
    this.requireRoles(call, WRITE);
    this.recordOr404(call, t, id);
    const check = this.checkUpdate(call, false);
    if (!check.ok) return check.response;
    const updated = t.updateMdeAlert(id, check.changes, check.comment, call.claims.appName);
    return this.ok({ '@odata.context': `${this.env.mdeUrl}/api/$metadata#Alerts/$entity`, ...this.withEvidence(updated, false) });
  }

  private batchUpdate(call: MdeCall, t: TenantData): SimResponse {
    this.requireRoles(call, WRITE);
    const check = this.checkUpdate(call, true);
    if (!check.ok) return check.response;
    const ids = check.alertIds as string[];
    if (ids.length > this.env.batchUpdateMax) {
      return mdeError(400, 'MaximumBatchSizeExceeded', `Maximum batch size exceeded. Received: ${ids.length}, allowed: ${this.env.batchUpdateMax}`, call.target);
    }
    // Unknown ids are skipped: the documented answer is 200 with an empty body either way.
    for (const id of ids) if (t.mdeAlerts.has(id)) t.updateMdeAlert(id, check.changes, check.comment, call.claims.appName);
    return { status: 200, headers: {}, body: undefined };
  }
}
