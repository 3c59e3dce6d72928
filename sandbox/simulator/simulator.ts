// Assembles the simulator: one HTTPS port with three roots (login, /graph, /mde) and /_control,
// and the per-request pipeline: hooks → faults → auth → API → log → scheduled mutations.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenAuthority, type ApiName, type TokenCheck } from './auth/access-tokens';
import { entraErrorResponse, entraErrors } from './auth/entra-errors';
import { buildApps, defaultApps, type TenantInfo } from './auth/tenants';
import { handleTokenRequest, openIdConfiguration, type LoginContext } from './auth/token-endpoint';
import type { Clock } from './clock';
import { CONTROL_ROUTES, handleControl } from './control/routes';
import { DataControl, type DataApi } from './data/data-api';
import { TenantData } from './data/tenant-data';
import { FaultRegistry, type FaultSpec, type FaultState } from './faults';
import { handleBatch } from './graph/batch';
import { GRAPH_401, graphError, graphStatusError } from './graph/errors';
import { BAD_JSON, GraphApi, type GraphCall } from './graph/routes';
import { huntingCpuQuota, huntingTimeout } from './hunting/route';
import { tenantTables } from './hunting/tables-source';
import { IdentityDirectory } from './identity/directory';
import { IdentityRoutes } from './identity/routes';
import { CreateAlertRoute } from './push-alert/create-alert';
import { listenHttps, type HttpsListener, type IncomingRequest, type Outcome } from './http/server';
import { jsonResponse, type SimResponse } from './http/response';
import { mdeError, mdeStatusError } from './mde/errors';
import { MDE_BAD_JSON, MdeApi } from './mde/routes';
import { MdeResponseApi } from './mde/response-routes';
import { MdeResponseState, type MdeResponseControl } from './mde/response-world';
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from './options';
import { hash32, Prng } from './prng';
import { RateLimiter } from './rate-limits';
import { emptyStats, type ApiKind, type RequestRecord, type SimulatorStats } from './request-log';
import { ticksFromMs } from './time';
import { createServerTls } from './tls';

const DAY_TICKS = 864_000_000_000;

/** Real resource URIs accepted as token audiences when acceptRealAudiences is on. */
export const REAL_AUDIENCES: Record<ApiName, readonly string[]> = {
  graph: ['https://graph.microsoft.com', 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us'],
  mde: [
    'https://api.securitycenter.microsoft.com', 'https://securitycenter.onmicrosoft.com/windowsatpservice',
    'https://api.security.microsoft.com', 'https://api-gcc.securitycenter.microsoft.us', 'https://api-gov.securitycenter.microsoft.us',
    'https://securitycenter.onmicrosoft.us/windowsatpservice',
  ],
};

/**
 * Audience of Entra tokens for Event Hubs in every cloud (the Event Hubs client asks for
 * `https://eventhubs.azure.net//.default`); the Event Hubs stand-in (sandbox/eventhubs) checks them.
 */
export const EVENT_HUBS_AUDIENCE = 'https://eventhubs.azure.net';

export interface RequestInfo {
  api: ApiKind;
  method: string;
  path: string;
  query: URLSearchParams;
}

export type RequestHook = (info: RequestInfo) => void | Promise<void>;

export interface FaultApi {
  /** Adds a fault; returns its id. */
  add(spec: FaultSpec): string;
  list(): FaultState[];
  clear(): void;
  /** Every token issued so far is refused (401) from now on; new tokens work. */
  revokeTokens(): void;
}

export interface Simulator {
  readonly port: number;
  /** Entra authority root: `${loginUrl}/${tenantId}`. */
  readonly loginUrl: string;
  readonly graphUrl: string;
  readonly mdeUrl: string;
  readonly controlUrl: string;
  readonly caFile: string;
  readonly caPem: string;
  readonly tenants: readonly TenantInfo[];
  /** Live array of answered API requests (oldest first). */
  readonly requestLog: RequestRecord[];
  readonly faults: FaultApi;
  readonly data: DataApi;
  /** Defender for Identity's identity accounts per tenant, and every identity action invoked. */
  readonly identities: IdentityDirectory;
  readonly clock: Clock;
  /** MDE devices, machine actions, indicators and the retirement switch. */
  readonly mdeResponse: MdeResponseControl;
  /** `.default` scopes for the simulator's own Graph and MDE roots. */
  readonly scopes: { graph: string; mde: string };
  /** The data seed: with it, other stand-ins (Event Hubs) build the same hunting worlds as the hunting API. */
  readonly seed: number;
  stats(): SimulatorStats;
  /** Runs before each API request is answered (after it was read); returns an unsubscribe function. */
  onRequest(hook: RequestHook): () => void;
  /** Forgets data changes, faults, request log, stats and rate-limit windows. */
  reset(): void;
  stop(): Promise<void>;
}

function parseJson(body: Buffer, bad: symbol): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return bad;
  }
}

function queryRecord(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of q) out[k] = v;
  return out;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const o: ResolvedOptions = resolveOptions(options);
  const clock = o.clock;
  const ownDir = o.caDir === undefined;
  const dir = o.caDir ?? await mkdtemp(join(tmpdir(), 'defender-sync-simulator-'));
  if (!ownDir) await mkdir(dir, { recursive: true });

  const tenantSpecs = o.tenants;
  const [tls, authority, tenants] = await Promise.all([
    createServerTls(dir, !ownDir, clock.now()),
    TokenAuthority.create(clock, o.tokenLifetimeSeconds),
    Promise.all(tenantSpecs.map(async (spec, i): Promise<TenantInfo> => {
      const r = Prng.for(o.seed, 0x7e4a, i);
      const tenantId = spec.tenantId ?? r.guid();
      return {
        tenantId,
        displayName: spec.displayName ?? `Contoso ${i === 0 ? '' : `${i + 1} `}(simulated)`.replace('  ', ' '),
        apps: await buildApps(spec.apps ?? defaultApps(i), r, clock.now()),
      };
    })),
  ]);

  const end = ticksFromMs(o.dataEndMs);
  const span = o.dataSpanDays * DAY_TICKS;
  const data = new Map<string, TenantData>();
  tenantSpecs.forEach((spec, i) => {
    const info = tenants[i] as TenantInfo;
    data.set(info.tenantId, new TenantData({
      seed: hash32(o.seed, spec.seedOffset ?? i),
      tenantId: info.tenantId,
      incidents: spec.incidents ?? o.incidents,
      alertsPerIncident: spec.alertsPerIncident ?? o.alertsPerIncident,
      mdeAlerts: spec.mdeAlerts ?? o.mdeAlerts,
      start: end - span,
      span,
      clock,
    }));
  });
  const dataControl = new DataControl(data, (tenants[0] as TenantInfo).tenantId);
  const tenantData = (tid: string): TenantData | undefined => data.get(tid) ?? [...data.entries()].find(([k]) => k.toLowerCase() === tid.toLowerCase())?.[1];

  const mdeResponse = new MdeResponseState(clock, o.seed, (tenants[0] as TenantInfo).tenantId, o.mdeResponse);
  const faults = new FaultRegistry();
  const limiter = new RateLimiter(o.rateLimits, clock);
  const requestLog: RequestRecord[] = [];
  let stats = emptyStats();
  let seq = 0;
  const hooks = new Set<RequestHook>();
  const batchRng = Prng.for(o.seed, 0xba7c);

  // The port is known only after listening; the dispatcher reads these once set.
  let urls = { login: '', graph: '', mde: '', audiences: { graph: [] as string[], mde: [] as string[] }, tokenHosts: [] as string[] };
  let graph: GraphApi;
  let mde: MdeApi;
  let login: LoginContext;

  const tokenCheck = (h: Record<string, string | undefined>, api: ApiName): Promise<TokenCheck> => authority.verify(h.authorization, urls.audiences[api]);

  const classify = (path: string): ApiKind | 'control' => {
    if (path === '/_control' || path.startsWith('/_control/')) return 'control';
    if (path.startsWith('/graph/')) return 'graph';
    if (path.startsWith('/mde/')) return 'mde';
    if (/^\/[^/]+\/(oauth2\/(v2\.0\/)?token|v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/(v2\.0\/)?keys|discovery\/instance)$/.test(path)) return 'token';
    return 'unknown';
  };

  const faultResponse = (api: 'graph' | 'mde' | 'token', spec: FaultSpec, ids: { requestId: string; clientRequestId: string; nowMs: number }, correlation?: string): SimResponse | undefined => {
    if (spec.kind === 'hunting') return spec.error === 'timeout' ? huntingTimeout(ids) : huntingCpuQuota(ids);
    const status = spec.kind === 'nextLinkNotFound' ? 404 : spec.kind === 'status' ? spec.status : undefined;
    if (status === undefined) return undefined;
    const retryAfter = spec.kind === 'status' ? spec.retryAfter : undefined;
    if (api === 'graph') return graphStatusError(status, ids, retryAfter);
    if (api === 'mde') {
      return spec.kind === 'nextLinkNotFound' ? mdeError(404, 'NotFound', 'Resource not found', ids.requestId) : mdeStatusError(status, ids.requestId, retryAfter);
    }
    const r = entraErrorResponse(status === 401 ? entraErrors.invalidSecret('(fault)') : entraErrors.transient(status), ids.nowMs, correlation);
    if (retryAfter !== undefined) r.headers['Retry-After'] = retryAfter;
    return r;
  };

  async function answer(req: IncomingRequest, api: ApiKind, record: RequestRecord): Promise<Outcome> {
    const path = req.url.pathname;
    const nowMs = clock.now();
    const ids = { requestId: randomUUID(), clientRequestId: req.headers['client-request-id'] ?? '', nowMs };
    ids.clientRequestId ||= ids.requestId;
    if (api === 'unknown') {
      return { response: jsonResponse(404, { error: 'not_found', message: `No simulator endpoint at ${path}. Roots: ${urls.login}/<tenant>/oauth2/v2.0/token, ${urls.graph}/v1.0/security/…, ${urls.mde}/api/alerts, ${urls.login}/_control` }) };
    }
    const hasSkip = [...req.url.searchParams.keys()].some((k) => k.toLowerCase() === '$skip');
    const fault = faults.take(api, path, hasSkip);
    let transport: Outcome['fault'];
    if (fault) {
      stats.faultsFired++;
      record.fault = fault.kind === 'status' ? `status ${fault.status}` : fault.kind;
      const fixed = faultResponse(api, fault, ids, req.headers['client-request-id']);
      if (fixed && fault.kind === 'hunting' && fault.ms) return { response: fixed, fault: { kind: 'stall', ms: fault.ms } };
      if (fixed) return { response: fixed };
      transport = fault.kind === 'stall' ? { kind: 'stall', ms: fault.ms } : fault.kind === 'reset' ? { kind: 'reset', bytes: fault.bytes } : { kind: 'malformed' };
    }

    if (api === 'token') {
      const tenantPath = path.split('/')[1] as string;
      if (req.method === 'GET' && path.endsWith('openid-configuration')) return { response: openIdConfiguration(urls.login, tenantPath, login, req.headers['client-request-id']), fault: transport };
      if (req.method === 'GET' && /\/keys$/.test(path)) return { response: jsonResponse(200, authority.jwks()), fault: transport };
      if (req.method === 'GET' && path.endsWith('/discovery/instance')) {
        const host = new URL(urls.login).host;
        return {
          response: jsonResponse(200, {
            tenant_discovery_endpoint: `${urls.login}/${tenantPath}/v2.0/.well-known/openid-configuration`,
            'api-version': '1.1',
            metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
          }),
          fault: transport,
        };
      }
      if (req.method !== 'POST' || !/\/token$/.test(path)) return { response: jsonResponse(405, { error: 'invalid_request', error_description: 'Use POST for the token endpoint.' }) };
      const form = new URLSearchParams(req.body.toString('utf8'));
      // v1 endpoint: `resource=` instead of `scope=`.
      if (/\/oauth2\/token$/.test(path) && !form.has('scope') && form.has('resource')) form.set('scope', `${form.get('resource')}/.default`);
      record.tenantId = tenantPath;
      record.clientId = form.get('client_id') ?? undefined;
      return { response: await handleTokenRequest(tenantPath, form, req.headers, login, record), fault: transport };
    }

    const check = await tokenCheck(req.headers, api);
    if (!check.ok) {
      const response = api === 'graph'
        ? graphError(401, 'InvalidAuthenticationToken', GRAPH_401[check.reason] as string, ids, {
          'WWW-Authenticate': `Bearer realm="", authorization_uri="${urls.login}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
        })
        : mdeError(401, 'Unauthorized', check.reason === 'missing' ? 'Authorization header is missing or is not a Bearer token.' : check.reason === 'audience' ? 'Invalid audience: the token was issued for another resource.' : 'Lifetime validation failed, the token is expired or invalid.', ids.requestId);
      return { response, fault: transport };
    }
    record.tenantId = check.claims.tenantId;
    record.clientId = check.claims.clientId;

    if (api === 'graph') {
      const call: GraphCall = {
        method: req.method, path: path.slice('/graph'.length), query: req.url.searchParams, headers: req.headers,
        body: parseJson(req.body, BAD_JSON), claims: check.claims, ids,
      };
      if (/^\/v1\.0\/\$batch\/?$/i.test(call.path)) {
        const out = await handleBatch(call, graph, o.batchResponseOrder, batchRng, () => randomUUID());
        record.batchItems = out.items;
        stats.batchItems += out.items;
        stats.throttled.graph += out.throttled;
        return { response: out.response, fault: transport };
      }
      return { response: await graph.handle(call), fault: transport };
    }
    return {
      response: await mde.handle({ method: req.method, path: path.slice('/mde'.length), query: req.url.searchParams, body: parseJson(req.body, MDE_BAD_JSON), claims: check.claims, target: ids.requestId }),
      fault: transport,
    };
  }

  const revokeTokens = (): void => authority.revokeAll();
  const faultApi: FaultApi = { add: (s) => faults.add(s), list: () => faults.list(), clear: () => faults.clear(), revokeTokens };

  const identities = new IdentityDirectory(o.seed);
  const reset = (): void => {
    dataControl.reset();
    identities.reset();
    mdeResponse.reset();
    faults.clear();
    limiter.reset();
    requestLog.length = 0;
    stats = emptyStats();
  };

  const info = (): unknown => ({
    loginUrl: urls.login, graphUrl: urls.graph, mdeUrl: urls.mde, controlUrl: `${urls.login}/_control`, caFile: tls.caFile,
    scopes: { graph: `${urls.graph}/.default`, mde: `${urls.mde}/.default` },
    tenants: tenants.map((t) => ({
      ...t,
      apps: t.apps.map((a) => ({ ...a, certificates: a.certificates.map(({ privateKeyPem: _omit, ...c }) => c) })),
    })),
    counts: Object.fromEntries([...data.entries()].map(([k, v]) => [k, v.counts()])),
    options: {
      seed: o.seed, incidents: o.incidents, mdeAlerts: o.mdeAlerts, rateLimits: o.rateLimits, graphNextLink: o.graphNextLink,
      mdeNextLink: o.mdeNextLink, mdeBatchUpdateMax: o.mdeBatchUpdateMax, acceptRealAudiences: o.acceptRealAudiences,
    },
    routes: CONTROL_ROUTES,
  });

  const dispatch = async (req: IncomingRequest): Promise<Outcome> => {
    const path = req.url.pathname;
    const api = classify(path);
    if (api === 'control') {
      return {
        response: handleControl(req.method, path, req.url.searchParams, parseJson(req.body, BAD_JSON), {
          info, faults, revokeTokens, data: dataControl, mdeResponse, requestLog, clearRequestLog: () => { requestLog.length = 0; }, stats: () => structuredClone(stats), reset,
        }),
      };
    }
    for (const hook of hooks) await hook({ api, method: req.method, path, query: req.url.searchParams });
    const record: RequestRecord = {
      seq: ++seq, time: new Date(clock.now()).toISOString(), method: req.method, api, path, query: queryRecord(req.url.searchParams), status: 0,
      userAgent: req.headers['user-agent'], prefer: req.headers.prefer,
    };
    const outcome = await answer(req, api, record);
    return {
      ...outcome,
      done: (status) => {
        record.status = status;
        stats.requests[api]++;
        if (status === 429) stats.throttled[api]++;
        requestLog.push(record);
        if (requestLog.length > o.requestLogLimit) requestLog.splice(0, requestLog.length - o.requestLogLimit);
        dataControl.afterRequest(api, path);
      },
    };
  };

  const listener: HttpsListener = await listenHttps({ key: tls.keyPem, cert: tls.certPem, port: o.port, dispatch });
  const root = `https://127.0.0.1:${listener.port}`;
  const hostVariants = ['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${listener.port}`);
  urls = {
    login: root,
    graph: `${root}/graph`,
    mde: `${root}/mde`,
    audiences: {
      graph: [...hostVariants.map((h) => `https://${h}/graph`), ...(o.acceptRealAudiences ? REAL_AUDIENCES.graph : [])],
      mde: [...hostVariants.map((h) => `https://${h}/mde`), ...(o.acceptRealAudiences ? REAL_AUDIENCES.mde : [])],
    },
    tokenHosts: [...hostVariants, ...(o.acceptRealAudiences ? ['login.microsoftonline.com', 'login.microsoftonline.us'] : [])],
  };
  login = {
    tenants, authority, clock, tokenHosts: urls.tokenHosts,
    resolveResource: (resource) => {
      const r = resource.toLowerCase().replace(/\/+$/, '');
      if (urls.audiences.graph.some((a) => a.toLowerCase() === r)) return 'graph';
      if (urls.audiences.mde.some((a) => a.toLowerCase() === r)) return 'mde';
      if (r === EVENT_HUBS_AUDIENCE) return 'eventhubs';
      return undefined;
    },
  };
  graph = new GraphApi({
    graphUrl: urls.graph, tenantData, limiter, clock, pageSize: { incidents: o.pageSize.incidents, alerts: o.pageSize.alerts },
    nextLink: o.graphNextLink, newRequestId: () => randomUUID(),
    hunting: { ...o.hunting, source: o.hunting.source ?? tenantTables(tenantData, o.seed, o.hunting.rowsPerHour), graphUrl: urls.graph, limiter, clock },
    extensions: [new IdentityRoutes(identities), new CreateAlertRoute()],
  });
  const mdeResponseApi = new MdeResponseApi({ mdeUrl: urls.mde, state: mdeResponse, limiter, pageSize: 10_000, knownTenant: (tid) => tenantData(tid) !== undefined });
  mde = new MdeApi({
    mdeUrl: urls.mde, tenantData, limiter, nextLink: o.mdeNextLink, batchUpdateMax: o.mdeBatchUpdateMax, pageSize: o.pageSize.mdeAlerts,
    response: (call) => mdeResponseApi.handle(call),
  });
  if (o.autoMutate) dataControl.startAutoMutate(o.autoMutate);

  let stopped = false;
  return {
    port: listener.port,
    loginUrl: urls.login,
    graphUrl: urls.graph,
    mdeUrl: urls.mde,
    controlUrl: `${root}/_control`,
    caFile: tls.caFile,
    caPem: tls.caPem,
    tenants,
    requestLog,
    faults: faultApi,
    data: dataControl,
    identities,
    clock,
    mdeResponse,
    scopes: { graph: `${urls.graph}/.default`, mde: `${urls.mde}/.default` },
    seed: o.seed,
    stats: () => structuredClone(stats),
    onRequest: (hook) => {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    reset,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      dataControl.stopAutoMutate();
      await listener.close();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
