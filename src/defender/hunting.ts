// Graph advanced hunting: POST /v1.0/security/runHuntingQuery (defender-response.md §4). One call, paced to
// the tenant's hunting quota (45/min, session.hunting), whose failures become DefenderErrors that say what
// to do: fix the KQL at the position Microsoft names, grant ThreatHunting.Read.All, wait for the quota, narrow
// a query that timed out or returned the row cap.
import type { ApiClient } from './api-client';
import { DefenderError, huntingFailure, malformedResponse, type CallContext } from './errors';

export const HUNTING_ROLE = 'ThreatHunting.Read.All';
/** "Results can return up to 100,000 rows"; more are cut off without a marker, so a full result is suspect. */
export const HUNTING_ROW_CAP = 100_000;
/** The service gives up after 3 minutes; the client waits a little longer so the server's answer arrives. */
export const HUNTING_REQUEST_TIMEOUT_MS = 3 * 60_000 + 30_000;

export interface HuntingRequest {
  /** KQL. */
  query: string;
  /** ISO 8601 duration or interval ("P7D", "start/end", "P1D/end", "start/P1D", "start"); Microsoft's default is 30 days. */
  timespan?: string;
}

export interface HuntingColumn {
  name: string;
  /** As the service names it: .NET names (`DateTime`, `String`, `Int64`, `Int32`, `Double`, `Boolean`, `Object`, `Guid`); see huntingColumnKind. */
  type: string;
}

export interface HuntingResult {
  schema: HuntingColumn[];
  results: Array<Record<string, unknown>>;
}

export type HuntingColumnKind = 'datetime' | 'string' | 'int' | 'long' | 'real' | 'bool' | 'dynamic' | 'guid';

const KINDS: Record<string, HuntingColumnKind> = {
  datetime: 'datetime', date: 'datetime', 'system.datetime': 'datetime',
  string: 'string', 'system.string': 'string',
  int: 'int', int32: 'int', 'system.int32': 'int',
  long: 'long', int64: 'long', 'system.int64': 'long',
  real: 'real', double: 'real', decimal: 'real', 'system.double': 'real', 'system.decimal': 'real',
  bool: 'bool', boolean: 'bool', 'system.boolean': 'bool', 'system.sbyte': 'bool',
  dynamic: 'dynamic', object: 'dynamic', 'system.object': 'dynamic',
  guid: 'guid', 'system.guid': 'guid',
  timespan: 'string', 'system.timespan': 'string',
};

/** The Kusto kind of a schema type, whether the service spells it the .NET way (`Int64`) or Kusto's (`long`). */
export function huntingColumnKind(type: string): HuntingColumnKind {
  return KINDS[type.trim().toLowerCase()] ?? 'string';
}

/** Thrown when a result holds the row cap: Microsoft cut it off. `result` has the rows that did come back. */
export class HuntingRowCapError extends DefenderError {
  override name = 'HuntingRowCapError';
  constructor(
    context: CallContext,
    readonly result: HuntingResult,
    readonly cap: number,
  ) {
    super(
      'hunting_row_cap',
      'bad_request',
      context,
      `the query returned ${result.results.length.toLocaleString('en-US')} rows, the advanced hunting row cap, so rows past it were left out`,
      'Fix: narrow the timespan (or add filters, or summarize) so the query returns fewer rows than the cap, and run it again.',
      200,
    );
  }
}

/**
 * Whether a result of `rows` rows may have been cut off: it holds the cap and the query did not ask for
 * exactly that many rows itself (a final `take`/`limit` of n ≤ cap returning n rows is complete).
 */
export function hitsRowCap(query: string, rows: number, cap = HUNTING_ROW_CAP): boolean {
  if (rows < cap) return false;
  const take = /\|\s*(?:take|limit)\s+(\d+)\s*(?:\/\/[^\n]*)?\s*$/i.exec(query);
  return !(take && Number(take[1]) <= cap);
}

function normalise(data: unknown): HuntingResult | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const body = data as { schema?: unknown; Schema?: unknown; results?: unknown; Results?: unknown };
  const schema = body.schema ?? body.Schema;
  const results = body.results ?? body.Results;
  if (!Array.isArray(schema) || !Array.isArray(results)) return undefined;
  const columns: HuntingColumn[] = [];
  // Graph's CSDL says name/type; live answers and older samples show Name/Type: accept both.
  for (const item of schema as Array<Record<string, unknown>>) {
    const name = item?.name ?? item?.Name;
    const type = item?.type ?? item?.Type;
    if (typeof name !== 'string') return undefined;
    columns.push({ name, type: typeof type === 'string' ? type : 'String' });
  }
  return { schema: columns, results: results as Array<Record<string, unknown>> };
}

/** Where a client's calls go: `session.hunting` (paced to the tenant's hunting quota). */
export interface HuntingSession {
  hunting: ApiClient;
  endpoints: { graphUrl: string };
}

/**
 * Runs one advanced-hunting query. Rejects with a DefenderError (HuntingRowCapError when the result holds the
 * row cap; its `result` carries the rows), or with the signal's reason when `signal` aborts.
 */
export async function runHuntingQuery(
  session: HuntingSession,
  request: HuntingRequest,
  opts: { signal?: AbortSignal } = {},
): Promise<HuntingResult> {
  const url = `${session.endpoints.graphUrl.replace(/\/+$/, '')}/v1.0/security/runHuntingQuery`;
  // The CSDL names the parameters query/timespan; Microsoft's samples (and Splunk's own add-on) send
  // Query/Timespan, which the service accepts: send what Microsoft's own examples send.
  const body = { Query: request.query, ...(request.timespan ? { Timespan: request.timespan } : {}) };
  let data: unknown;
  try {
    ({ data } = await session.hunting.call<unknown>({
      method: 'POST',
      url,
      body,
      requiredRole: HUNTING_ROLE,
      timeoutMs: HUNTING_REQUEST_TIMEOUT_MS,
      ...(opts.signal ? { signal: opts.signal } : {}),
    }));
  } catch (err) {
    if (err instanceof DefenderError) throw huntingFailure(err, session.hunting.now(), HUNTING_REQUEST_TIMEOUT_MS);
    throw err;
  }
  const ctx = session.hunting.context('POST', new URL(url).pathname, HUNTING_ROLE);
  const result = normalise(data);
  if (!result) throw malformedResponse(ctx, 200);
  if (hitsRowCap(request.query, result.results.length)) throw new HuntingRowCapError(ctx, result, HUNTING_ROW_CAP);
  return result;
}
