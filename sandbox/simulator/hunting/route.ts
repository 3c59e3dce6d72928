// POST /v1.0/security/runHuntingQuery (defender-response.md §4): body {"Query": "<KQL>", "Timespan": "<ISO 8601>"}
// answered {"schema":[{name,type}], "results":[…]} from the tenant's generated hunting tables, with the
// documented limits: ThreatHunting.Read.All, 45 calls per minute per tenant (429, the body says which
// quota), at most 100,000 rows (more are cut off: see README "Hunting"), 400 with Kusto's message and
// position for a query that does not parse or names an unknown table or column.
import type { GraphCall } from '../graph/routes';
import { graphError, missingRoles, type GraphRequestIds } from '../graph/errors';
import { GRAPH_JSON, jsonResponse, type SimResponse } from '../http/response';
import type { Clock } from '../clock';
import { timeSpan, type RateLimiter } from '../rate-limits';
import { KqlError } from './kql/errors';
import { runQuery, type HuntingSource, type KustoType, type Row } from './kql/evaluate';
import { parseQuery } from './kql/parser';
import { resolveTimespan, TimespanError } from './timespan';

export const HUNTING_ROLE = 'ThreatHunting.Read.All';
/** "Results can return up to 100,000 rows." */
export const HUNTING_ROW_CAP = 100_000;

/** How the service names column types in `schema` (the .NET names Kusto reports, as in Microsoft's samples). */
export const SCHEMA_TYPE: Record<KustoType, string> = {
  datetime: 'DateTime',
  string: 'String',
  int: 'Int32',
  long: 'Int64',
  real: 'Double',
  bool: 'Boolean',
  dynamic: 'Object',
  guid: 'Guid',
};

export interface HuntingOptions {
  /** Rows per tenant; default: the tenant's generated advanced-hunting tables (sandbox/simulator/tables). */
  source?: (tenantId: string) => HuntingSource | undefined;
  /** Row cap (default 100,000); smaller values let tests hit it with little data. */
  rowCap: number;
  /** `schema` item property names: 'camel' (`name`/`type`, the CSDL) or 'pascal' (`Name`/`Type`, seen live). */
  schemaCase: 'camel' | 'pascal';
  /** Generated tables: average rows per table per hour (sandbox/simulator/tables; default 60). */
  rowsPerHour?: number;
}

export interface HuntingEnv extends HuntingOptions {
  graphUrl: string;
  limiter: RateLimiter;
  clock: Clock;
}

const PARAMETERS = ['query', 'timespan'];

function json(call: GraphCall, status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, body, GRAPH_JSON, {
    'request-id': call.ids.requestId,
    'client-request-id': call.ids.clientRequestId,
    ...headers,
  });
}

/** The request-quota 429: the body names the quota, in the words MDE's hunting API used. */
export function huntingThrottled(ids: GraphRequestIds, limit: number, windowMs: number, retryAfter: string | undefined): SimResponse {
  return graphError(429, 'TooManyRequests', `API calls quota exceeded! maximum allowed ${limit} per ${timeSpan(windowMs)}`, ids, retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
}

/** The scripted CPU-quota 429: blocked until the next 15-minute cycle. */
export function huntingCpuQuota(ids: GraphRequestIds): SimResponse {
  const nowMs = ids.nowMs;
  const cycle = 15 * 60_000;
  const seconds = Math.max(1, Math.ceil((cycle - (nowMs % cycle)) / 1000));
  return graphError(429, 'TooManyRequests', `CPU resources quota exceeded! Tenant has used 100% of its allocated CPU resources; queries are blocked until the next cycle (${timeSpan(cycle)}).`, ids, { 'Retry-After': String(seconds) });
}

/** The scripted 3-minute timeout. */
export function huntingTimeout(ids: GraphRequestIds): SimResponse {
  return graphError(400, 'BadRequest', 'Query exceeded the timeout period. Optimize the query (narrow the timespan, filter early) and try again.', ids);
}

function parameters(call: GraphCall): { query: string; timespan?: string } | SimResponse {
  const body = call.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return graphError(400, 'BadRequest', 'The request body must be a JSON object such as {"Query": "DeviceProcessEvents | take 10"}.', call.ids);
  const values: Record<string, unknown> = {};
  // Microsoft's samples send "Query"/"Timespan", the CSDL names them "query"/"timespan": both are accepted.
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.')) continue;
    const name = key.toLowerCase();
    if (!PARAMETERS.includes(name))
      return graphError(400, 'BadRequest', `The parameter '${key}' in the request payload is not a valid parameter for the operation 'runHuntingQuery'.`, call.ids);
    values[name] = value;
  }
  if (typeof values.query !== 'string' || values.query.trim() === '')
    return graphError(400, 'BadRequest', "The parameter 'Query' is required and must be a non-empty string.", call.ids);
  if (values.timespan !== undefined && values.timespan !== null && typeof values.timespan !== 'string')
    return graphError(400, 'BadRequest', "The parameter 'Timespan' must be a string such as 'P7D'.", call.ids);
  return { query: values.query, ...(typeof values.timespan === 'string' ? { timespan: values.timespan } : {}) };
}

const EMPTY_SOURCE: HuntingSource = { table: () => undefined, rows: () => [] };

export function runHuntingQuery(call: GraphCall, env: HuntingEnv): SimResponse {
  if (call.method.toUpperCase() !== 'POST')
    return graphError(405, 'Request_BadRequest', `The HTTP method '${call.method.toUpperCase()}' is not allowed for the requested resource.`, call.ids);
  if (!call.claims.roles.includes(HUNTING_ROLE)) return missingRoles([HUNTING_ROLE], call.claims.roles, call.ids);
  const limit = env.limiter.take('hunting', call.claims.tenantId);
  if (!limit.ok) return huntingThrottled(call.ids, limit.window.limit, limit.window.windowMs, limit.retryAfterHeader);
  const params = parameters(call);
  if ('status' in params) return params;
  const nowMs = env.clock.now();
  try {
    const window = resolveTimespan(params.timespan, nowMs);
    const source = env.source?.(call.claims.tenantId) ?? EMPTY_SOURCE;
    const output = runQuery(parseQuery(params.query), source, { nowMs, ...window });
    const results: Row[] = [];
    // Over the cap the service returns the first rows and nothing says more existed (documented only as
    // "up to 100,000 rows"); the add-on treats a full result as possibly cut off.
    for (const row of output.rows) {
      if (results.length >= env.rowCap) break;
      results.push(row);
    }
    const schema = output.columns.map((c) =>
      env.schemaCase === 'pascal' ? { Name: c.name, Type: SCHEMA_TYPE[c.type] } : { name: c.name, type: SCHEMA_TYPE[c.type] },
    );
    return json(call, 200, {
      '@odata.context': `${env.graphUrl}/v1.0/$metadata#microsoft.graph.security.huntingQueryResults`,
      schema,
      results,
    });
  } catch (e) {
    if (e instanceof KqlError || e instanceof TimespanError) return graphError(400, 'BadRequest', e.message, call.ids);
    throw e;
  }
}
