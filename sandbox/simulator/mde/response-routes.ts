// Defender for Endpoint response endpoints (defender-response.md §1 table, §2): /api/machines (list,
// lookup by id or computer name, the machine actions and tags), /api/machineactions (status, package
// link) and /api/indicators (list, submit, import, BatchDelete, delete), with MDE's error shape, the
// application role each call needs (403 names them), its limits, and the retirement switch.
import { MDE_JSON, jsonResponse, type SimResponse } from '../http/response';
import { FilterError } from '../odata/filter';
import { compileFilter, type FilterSchema } from '../odata/filter-compile';
import { parseListQuery, QueryError, type QueryRules } from '../odata/query-options';
import type { RateLimiter } from '../rate-limits';
import { mdeError, mdeMissingRoles, mdeThrottled } from './errors';
import { IMPORT_MAX, INDICATOR_ACTIONS, INDICATOR_SEVERITIES, INDICATOR_TYPES } from './indicators';
import type { MachineActionType } from './machine-actions';
import type { Machine } from './machines';
import type { MdeResponseState, TenantResponse } from './response-world';
import type { MdeCall } from './routes';

const MACHINE_READ = ['Machine.Read.All', 'Machine.ReadWrite.All'];
const TI_READ = ['Ti.Read.All', 'Ti.ReadWrite.All'];
const TI_WRITE = ['Ti.ReadWrite.All'];

interface ActionRoute {
  type: MachineActionType;
  roles: string[];
  /** Body properties besides Comment, with their allowed values (undefined: any non-empty string). */
  body: Record<string, { required: boolean; values?: readonly string[]; pattern?: RegExp }>;
  commentRequired: boolean;
}

// Path segment (case-insensitive) → action; roles per Microsoft's pages.
const ACTIONS: Record<string, ActionRoute> = {
  isolate: { type: 'Isolate', roles: ['Machine.Isolate'], body: { IsolationType: { required: false, values: ['Full', 'Selective', 'UnManagedDevice'] } }, commentRequired: true },
  unisolate: { type: 'Unisolate', roles: ['Machine.Isolate'], body: {}, commentRequired: false },
  runantivirusscan: { type: 'RunAntiVirusScan', roles: ['Machine.Scan'], body: { ScanType: { required: true, values: ['Quick', 'Full'] } }, commentRequired: true },
  restrictcodeexecution: { type: 'RestrictCodeExecution', roles: ['Machine.RestrictExecution'], body: {}, commentRequired: true },
  unrestrictcodeexecution: { type: 'UnrestrictCodeExecution', roles: ['Machine.RestrictExecution'], body: {}, commentRequired: false },
  collectinvestigationpackage: { type: 'CollectInvestigationPackage', roles: ['Machine.CollectForensics'], body: {}, commentRequired: true },
  stopandquarantinefile: {
    type: 'StopAndQuarantineFile', roles: ['Machine.StopAndQuarantine', 'Machine.ReadWrite.All'],
    body: { Sha1: { required: true, pattern: /^[0-9a-fA-F]{40}$/ } }, commentRequired: true,
  },
};

const MACHINE_PROPS = ['id', 'computerDnsName', 'firstSeen', 'lastSeen', 'osPlatform', 'version', 'lastIpAddress', 'lastExternalIpAddress', 'healthStatus', 'rbacGroupId', 'rbacGroupName', 'riskScore', 'exposureLevel', 'isAadJoined', 'aadDeviceId', 'machineTags'];
const MACHINE_FILTER: FilterSchema = {
  typeName: 'Machine',
  filterable: { id: { kind: 'string' }, computerDnsName: { kind: 'string' }, healthStatus: { kind: 'enum', members: ['Active', 'Inactive', 'ImpairedCommunication', 'NoSensorData', 'NoSensorDataImpairedCommunication', 'Unknown'] }, rbacGroupName: { kind: 'string' }, lastIpAddress: { kind: 'string' } },
  properties: MACHINE_PROPS,
};
const ACTION_PROPS = ['id', 'type', 'requestor', 'requestorComment', 'status', 'machineId', 'computerDnsName', 'creationDateTimeUtc', 'lastUpdateDateTimeUtc', 'scope', 'relatedFileInfo'];
const ACTION_FILTER: FilterSchema = {
  typeName: 'MachineAction',
  filterable: {
    id: { kind: 'string' }, machineId: { kind: 'string' }, requestor: { kind: 'string' },
    type: { kind: 'enum', members: Object.values(ACTIONS).map((a) => a.type) },
    status: { kind: 'enum', members: ['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled'] },
  },
  properties: ACTION_PROPS,
};
const INDICATOR_PROPS = ['id', 'indicatorValue', 'indicatorType', 'action', 'application', 'source', 'sourceType', 'createdBy', 'severity', 'title', 'description', 'expirationTime', 'generateAlert', 'rbacGroupNames'];
const INDICATOR_FILTER: FilterSchema = {
  typeName: 'Indicator',
  filterable: {
    indicatorValue: { kind: 'string' }, createdBy: { kind: 'string' }, title: { kind: 'string' },
    indicatorType: { kind: 'enum', members: INDICATOR_TYPES }, action: { kind: 'enum', members: INDICATOR_ACTIONS }, severity: { kind: 'enum', members: INDICATOR_SEVERITIES },
  },
  properties: INDICATOR_PROPS,
};
const listRules = (typeName: string, properties: readonly string[]): QueryRules => ({ typeName, properties, allowed: ['$filter', '$top', '$skip'], maxTop: 10_000 });

class Refusal extends Error {
  constructor(readonly response: SimResponse) {
    super('refused');
  }
}

export interface MdeResponseEnv {
  mdeUrl: string;
  state: MdeResponseState;
  limiter: RateLimiter;
  pageSize: number;
  knownTenant(tenantId: string): boolean;
}

export class MdeResponseApi {
  constructor(private readonly env: MdeResponseEnv) {}

  private fail(call: MdeCall, status: number, code: string, message: string): never {
    throw new Refusal(mdeError(status, code, message, call.target));
  }

  private requireRoles(call: MdeCall, required: readonly string[]): void {
    const refused = mdeMissingRoles(call.claims.roles, required, call.target);
    if (refused) throw new Refusal(refused);
  }

  /** The retirement answer for any /api call, else the response routes; undefined: not ours (alerts). */
  handle(call: MdeCall): SimResponse | undefined {
    const retired = this.env.state.retired();
    if (retired === 410) return mdeError(410, 'Gone', 'This API has been retired (MC1220762: the Defender for Endpoint API stopped working on 2027-02-01). Use the Microsoft Graph security API.', call.target);
    if (retired === 404) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>' };
    const m = /^\/api\/(machines|machineactions|indicators)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/i.exec(call.path);
    if (!m) return undefined;
    const [, collection, rawId, sub] = m;
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    try {
      const bucket = collection?.toLowerCase() === 'indicators' && (id?.toLowerCase() === 'import' || id?.toLowerCase() === 'batchdelete') ? 'mdeIndicatorBatch' : 'mde';
      const limit = this.env.limiter.take(bucket, `${call.claims.tenantId}|${call.claims.clientId}`);
      if (!limit.ok) return mdeThrottled(limit.window, call.target, limit.retryAfterHeader);
      if (!this.env.knownTenant(call.claims.tenantId)) this.fail(call, 401, 'Unauthorized', 'Unknown tenant.');
      const t = this.env.state.tenant(call.claims.tenantId);
      const method = call.method.toUpperCase();
      switch (collection?.toLowerCase()) {
        case 'machines': return this.machines(call, t, method, id, sub);
        case 'machineactions': return this.machineActions(call, t, method, id, sub);
        default: return this.indicators(call, t, method, id, sub);
      }
    } catch (e) {
      if (e instanceof Refusal) return e.response;
      throw e;
    }
  }

  private ok(status: number, body: unknown): SimResponse {
    return jsonResponse(status, body, MDE_JSON);
  }

  private list<T extends Record<string, unknown>>(call: MdeCall, items: T[], schema: FilterSchema, context: string): SimResponse {
    let matches: (r: T) => boolean = () => true;
    let q;
    try {
      q = parseListQuery(call.query, listRules(schema.typeName, schema.properties));
      if (q.filter) {
        const f = compileFilter(q.filter, schema, true);
        matches = (r) => f.matches(r);
      }
    } catch (e) {
      if (e instanceof FilterError) this.fail(call, 400, 'ODataError', `Invalid filter clause: ${e.message}`);
      if (e instanceof QueryError) this.fail(call, 400, 'ODataError', e.message);
      throw e;
    }
    const all = items.filter(matches);
    const value = all.slice(q.skip, q.skip + (q.top ?? this.env.pageSize));
    return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#${context}`, value });
  }

  private machineOr404(call: MdeCall, t: TenantResponse, id: string, byName: boolean): Machine {
    const lower = id.toLowerCase();
    const found = t.machines.find((m) => m.id === lower)
      // By computer name: the most recently seen device of that name.
      ?? (byName ? t.machines.filter((m) => m.computerDnsName.toLowerCase() === lower).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))[0] : undefined);
    if (!found) this.fail(call, 404, 'ResourceNotFound', `Machine ${id} was not found`);
    return found;
  }

  private machines(call: MdeCall, t: TenantResponse, method: string, id: string | undefined, sub: string | undefined): SimResponse {
    if (id === undefined) {
      if (method !== 'GET') this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/machines.`);
      this.requireRoles(call, MACHINE_READ);
      return this.list(call, t.machines as unknown as Array<Record<string, unknown>>, MACHINE_FILTER, 'Machines');
    }
    if (sub === undefined) {
      if (method !== 'GET') this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/machines/{id}.`);
      this.requireRoles(call, MACHINE_READ);
      return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#Machines/$entity`, ...this.machineOr404(call, t, id, true) });
    }
    if (method !== 'POST') this.fail(call, 405, 'BadRequest', `Use POST for /api/machines/{id}/${sub}.`);
    if (sub.toLowerCase() === 'tags') return this.tags(call, t, id);
    const route = ACTIONS[sub.toLowerCase()];
    if (!route) this.fail(call, 404, 'NotFound', `No machine action '${sub}'.`);
    this.requireRoles(call, route.roles);
    const machine = this.machineOr404(call, t, id, false);
    const body = this.bodyObject(call);
    const allowed = ['Comment', ...Object.keys(route.body)];
    for (const k of Object.keys(body)) if (!allowed.includes(k)) this.fail(call, 400, 'InvalidRequestBody', `Request body is incorrect: unknown property '${k}' (names are case-sensitive: ${allowed.join(', ')}).`);
    if (body.Comment !== undefined && typeof body.Comment !== 'string') this.fail(call, 400, 'InvalidRequestBody', 'Request body is incorrect: Comment must be a string.');
    if (route.commentRequired && !(typeof body.Comment === 'string' && body.Comment.trim())) this.fail(call, 400, 'MissingRequiredParameter', 'Comment is required.');
    for (const [k, rule] of Object.entries(route.body)) {
      const v = body[k];
      if (v === undefined) {
        if (rule.required) this.fail(call, 400, 'MissingRequiredParameter', `${k} is required.`);
        continue;
      }
      if (typeof v !== 'string' || (rule.values && !rule.values.includes(v)) || (rule.pattern && !rule.pattern.test(v))) {
        this.fail(call, 400, 'InvalidRequestBody', `Request body is incorrect: ${k} '${String(v)}' is not valid${rule.values ? ` (one of ${rule.values.join(', ')})` : ''}.`);
      }
    }
    if (t.actions.active(machine.id, route.type)) {
      this.fail(call, 400, 'ActiveRequestAlreadyExists', `An active ${route.type} request already exists for machine ${machine.id}.`);
    }
    const scope = route.type === 'Isolate' ? String(body.IsolationType ?? 'Full') : route.type === 'RunAntiVirusScan' ? String(body.ScanType) : undefined;
    const action = t.actions.create(machine, route.type, {
      requestor: call.claims.clientId,
      comment: typeof body.Comment === 'string' ? body.Comment : '',
      ...(scope ? { scope } : {}),
      ...(typeof body.Sha1 === 'string' ? { sha1: body.Sha1.toLowerCase() } : {}),
    });
    return this.ok(201, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#MachineActions/$entity`, ...t.actions.view(action) });
  }

  private bodyObject(call: MdeCall): Record<string, unknown> {
    const b = call.body;
    if (b === undefined) return {};
    if (typeof b !== 'object' || b === null || Array.isArray(b)) this.fail(call, 400, 'InvalidRequestBody', 'Request body is incorrect: expected a JSON object.');
    return b as Record<string, unknown>;
  }

  private tags(call: MdeCall, t: TenantResponse, id: string): SimResponse {
    this.requireRoles(call, ['Machine.ReadWrite.All']);
    const machine = this.machineOr404(call, t, id, false);
    const b = this.bodyObject(call);
    for (const k of Object.keys(b)) if (k !== 'Value' && k !== 'Action') this.fail(call, 400, 'InvalidRequestBody', `Request body is incorrect: unknown property '${k}' (names are case-sensitive: Value, Action).`);
    if (typeof b.Value !== 'string' || !b.Value.trim()) this.fail(call, 400, 'MissingRequiredParameter', 'Value is required.');
    if (b.Action !== 'Add' && b.Action !== 'Remove') this.fail(call, 400, 'InvalidRequestBody', `Request body is incorrect: Action '${String(b.Action)}' is not valid (one of Add, Remove).`);
    const tags = machine.machineTags.filter((x) => x !== b.Value);
    if (b.Action === 'Add') tags.push(b.Value);
    machine.machineTags = tags;
    return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#Machines/$entity`, ...machine });
  }

  private machineActions(call: MdeCall, t: TenantResponse, method: string, id: string | undefined, sub: string | undefined): SimResponse {
    if (method !== 'GET') this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/machineactions.`);
    if (id === undefined) {
      this.requireRoles(call, MACHINE_READ);
      return this.list(call, t.actions.all().map((a) => t.actions.view(a)), ACTION_FILTER, 'MachineActions');
    }
    const action = t.actions.get(id);
    if (sub === undefined) {
      this.requireRoles(call, MACHINE_READ);
      if (!action) this.fail(call, 404, 'ResourceNotFound', `MachineAction ${id} was not found`);
      return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#MachineActions/$entity`, ...t.actions.view(action) });
    }
    if (sub.toLowerCase() !== 'getpackageuri') this.fail(call, 404, 'NotFound', `No machine action resource '${sub}'.`);
    this.requireRoles(call, ['Machine.CollectForensics', ...MACHINE_READ]);
    if (!action) this.fail(call, 404, 'ResourceNotFound', `MachineAction ${id} was not found`);
    if (action.type !== 'CollectInvestigationPackage') this.fail(call, 400, 'BadRequest', `MachineAction ${id} is a ${action.type} action, not CollectInvestigationPackage.`);
    const status = t.actions.statusOf(action).status;
    if (status !== 'Succeeded') this.fail(call, 404, 'ResourceNotFound', `The investigation package of MachineAction ${id} is not available (status ${status}).`);
    // A short-lived download link, like the real one (a SAS-style token in the query).
    return this.ok(200, {
      '@odata.context': `${this.env.mdeUrl}/api/$metadata#Edm.String`,
      value: `https://userrequests-us.securitycenter.windows.com:443/safedownload/WDATP_Investigation_Package.zip?token=sim-${action.id}`,
    });
  }

  private indicators(call: MdeCall, t: TenantResponse, method: string, id: string | undefined, sub: string | undefined): SimResponse {
    if (sub !== undefined) this.fail(call, 404, 'NotFound', `No indicator resource '${sub}'.`);
    const by = { appId: call.claims.clientId, appName: call.claims.appName };
    if (id === undefined) {
      if (method === 'GET') {
        this.requireRoles(call, TI_READ);
        return this.list(call, t.indicators.all(), INDICATOR_FILTER, 'Indicators');
      }
      if (method !== 'POST') this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/indicators.`);
      this.requireRoles(call, TI_WRITE);
      const r = t.indicators.upsert(this.bodyObject(call), by);
      if ('error' in r) this.fail(call, 400, r.cap ? 'BadRequest' : 'InvalidRequestBody', r.error);
      return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#Indicators/$entity`, ...r.indicator });
    }
    const lower = id.toLowerCase();
    if (lower === 'import' || lower === 'batchdelete') {
      if (method !== 'POST') this.fail(call, 405, 'BadRequest', `Use POST for /api/indicators/${id}.`);
      this.requireRoles(call, TI_WRITE);
      const b = this.bodyObject(call);
      const listKey = lower === 'import' ? 'Indicators' : 'IndicatorIds';
      const items = b[listKey];
      if (!Array.isArray(items) || items.length === 0) this.fail(call, 400, 'MissingRequiredParameter', `${listKey} is required: a non-empty array.`);
      if (items.length > IMPORT_MAX) this.fail(call, 400, 'MaximumBatchSizeExceeded', `Maximum batch size exceeded. Received: ${items.length}, allowed: ${IMPORT_MAX}`);
      if (lower === 'batchdelete') {
        for (const x of items) if (typeof x === 'string' || typeof x === 'number') t.indicators.delete(String(x));
        return { status: 204, headers: {}, body: undefined };
      }
      const value = items.map((item) => {
        const r = t.indicators.upsert(typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {}, by);
        const indicator = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).indicatorValue ?? null : null;
        return 'error' in r ? { id: null, indicator, isFailed: true, failureReason: r.error } : { id: r.indicator.id, indicator, isFailed: false, failureReason: null };
      });
      return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#Collection(microsoft.windowsDefenderATP.api.ImportIndicatorResult)`, value });
    }
    if (method === 'DELETE') {
      this.requireRoles(call, TI_WRITE);
      if (!t.indicators.delete(id)) this.fail(call, 404, 'ResourceNotFound', `Indicator ${id} was not found`);
      return { status: 204, headers: {}, body: undefined };
    }
    if (method !== 'GET') this.fail(call, 405, 'BadRequest', `The HTTP method '${method}' is not allowed on /api/indicators/{id}.`);
    this.requireRoles(call, TI_READ);
    const indicator = t.indicators.get(id);
    if (!indicator) this.fail(call, 404, 'ResourceNotFound', `Indicator ${id} was not found`);
    return this.ok(200, { '@odata.context': `${this.env.mdeUrl}/api/$metadata#Indicators/$entity`, ...indicator });
  }
}
