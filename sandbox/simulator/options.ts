// Simulator options: typed, with documented defaults and one validating resolve step that says
// exactly what is wrong with a bad value.
import type { AppSpec } from './auth/tenants';
import type { MdeResponseOptions } from './mde/response-world';
import { systemClock, type Clock } from './clock';
import type { RecordKind } from './data/tenant-data';
import type { BatchOrder } from './graph/batch';
import { HUNTING_ROW_CAP, type HuntingOptions } from './hunting/route';
import { DEFAULT_RATE_LIMITS, type BucketPolicy, type RateLimitOptions } from './rate-limits';

export interface TenantSpec {
  tenantId?: string;
  displayName?: string;
  /** Seed offset for this tenant's data (default: its position). */
  seedOffset?: number;
  incidents?: number;
  alertsPerIncident?: { min: number; max: number };
  mdeAlerts?: number;
  apps?: AppSpec[];
}

export interface AutoMutateOptions {
  everyMs: number;
  /** Records changed per tick and kind (default 1). */
  count?: number;
  kinds?: RecordKind[];
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. Always 127.0.0.1. */
  port?: number;
  seed?: number;
  /** Per tenant, unless the tenant spec says otherwise. Default 200. */
  incidents?: number;
  /** Alerts per incident, uniformly in [min, max]. Default 1–6. */
  alertsPerIncident?: { min: number; max: number };
  /** MDE /api/alerts records per tenant. Default: same as incidents. */
  mdeAlerts?: number;
  /** lastUpdate time of the newest generated record. Default: start of the current UTC day (clock). */
  dataEnd?: string | Date;
  /** Generated records are spread over this many days before dataEnd. Default 6. */
  dataSpanDays?: number;
  /** Number of tenants or their specs. Default 1. */
  tenants?: number | TenantSpec[];
  /** Access-token lifetime (expires_in). Default 3599. */
  tokenLifetimeSeconds?: number;
  /** Also accept tokens for the real Graph/MDE resource URIs (TLS-terminating proxy setups). Default true. */
  acceptRealAudiences?: boolean;
  /** false disables limits (benchmarks); otherwise overrides per bucket. */
  rateLimits?: false | { graph?: Partial<BucketPolicy>; mde?: Partial<BucketPolicy>; mdeBatchUpdate?: Partial<BucketPolicy>; hunting?: Partial<BucketPolicy>; mdeIndicatorBatch?: Partial<BucketPolicy>; countThrottled?: boolean };
  /** runHuntingQuery: row source per tenant, row cap (default 100,000), schema property case (default 'camel'). */
  hunting?: Partial<HuntingOptions>;
  /** Send @odata.nextLink on Graph lists with more results. Default true. */
  graphNextLink?: boolean;
  /** Send @odata.nextLink on MDE /api/alerts (undocumented there). Default false. */
  mdeNextLink?: boolean;
  /** Largest alertIds list batchUpdate accepts. Default 500. */
  mdeBatchUpdateMax?: number;
  /** Page sizes when $top is absent. Defaults: incidents 50, alerts 2000, MDE 10000. */
  pageSize?: { incidents?: number; alerts?: number; mdeAlerts?: number };
  /** Order of $batch responses. Default 'shuffle' (seeded): clients must match by id. */
  batchResponseOrder?: BatchOrder;
  autoMutate?: false | AutoMutateOptions;
  /** Directory for ca.pem; when given, an existing CA there is reused. Default: a new temp dir. */
  caDir?: string;
  clock?: Clock;
  /** Request log entries kept (oldest dropped). Default 100000. */
  requestLogLimit?: number;
  /** MDE devices, machine-action timing and the indicator cap (mde/response-world.ts). */
  mdeResponse?: MdeResponseOptions;
}

export interface ResolvedOptions {
  port: number;
  seed: number;
  incidents: number;
  alertsPerIncident: { min: number; max: number };
  mdeAlerts: number;
  dataEndMs: number;
  dataSpanDays: number;
  tenants: TenantSpec[];
  tokenLifetimeSeconds: number;
  acceptRealAudiences: boolean;
  rateLimits: RateLimitOptions | false;
  hunting: HuntingOptions;
  graphNextLink: boolean;
  mdeNextLink: boolean;
  mdeBatchUpdateMax: number;
  pageSize: { incidents: number; alerts: number; mdeAlerts: number };
  batchResponseOrder: BatchOrder;
  autoMutate: AutoMutateOptions | false;
  caDir: string | undefined;
  clock: Clock;
  requestLogLimit: number;
  mdeResponse: MdeResponseOptions;
}

export class SimulatorOptionsError extends Error {
  override readonly name = 'SimulatorOptionsError';
}

function int(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SimulatorOptionsError(`option ${name} must be an integer between ${min} and ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}

function range(name: string, v: { min: number; max: number }): { min: number; max: number } {
  const min = int(`${name}.min`, v.min, 0, 1000);
  const max = int(`${name}.max`, v.max, min, 1000);
  return { min, max };
}

function policy(name: string, base: BucketPolicy, over: Partial<BucketPolicy> | undefined): BucketPolicy {
  const windows = over?.windows ?? base.windows;
  if (!Array.isArray(windows) || windows.length === 0) throw new SimulatorOptionsError(`option rateLimits.${name}.windows must be a non-empty array of {limit, windowMs}`);
  windows.forEach((w, k) => {
    int(`rateLimits.${name}.windows[${k}].limit`, w.limit, 1);
    int(`rateLimits.${name}.windows[${k}].windowMs`, w.windowMs, 1);
  });
  const retryAfter = over?.retryAfter ?? base.retryAfter;
  if (!['integer', 'fractional', 'absent'].includes(retryAfter)) {
    throw new SimulatorOptionsError(`option rateLimits.${name}.retryAfter must be 'integer', 'fractional' or 'absent'; got ${JSON.stringify(retryAfter)}`);
  }
  return { windows: windows.map((w) => ({ ...w })), retryAfter };
}

function huntingSchemaCase(v: unknown): 'camel' | 'pascal' {
  if (v === undefined) return 'camel';
  if (v === 'camel' || v === 'pascal') return v;
  throw new SimulatorOptionsError(`option hunting.schemaCase must be 'camel' or 'pascal'; got ${JSON.stringify(v)}`);
}

export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
  const clock = o.clock ?? systemClock;
  const incidents = int('incidents', o.incidents ?? 200, 0, 10_000_000);
  let dataEndMs: number;
  if (o.dataEnd === undefined) {
    const now = new Date(clock.now());
    dataEndMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  } else {
    dataEndMs = new Date(o.dataEnd).getTime();
    if (Number.isNaN(dataEndMs)) throw new SimulatorOptionsError(`option dataEnd must be an ISO-8601 time such as 2026-11-01T00:00:00Z; got ${JSON.stringify(o.dataEnd)}`);
  }
  const tenantSpecs: TenantSpec[] = typeof o.tenants === 'number' || o.tenants === undefined
    ? Array.from({ length: int('tenants', o.tenants ?? 1, 1, 50) }, () => ({}))
    : o.tenants;
  if (!Array.isArray(tenantSpecs) || tenantSpecs.length === 0) throw new SimulatorOptionsError('option tenants must be a positive number or a non-empty array of tenant specs');
  const order = o.batchResponseOrder ?? 'shuffle';
  if (!['request', 'reverse', 'shuffle'].includes(order)) throw new SimulatorOptionsError(`option batchResponseOrder must be 'request', 'reverse' or 'shuffle'; got ${JSON.stringify(order)}`);
  let rateLimits: RateLimitOptions | false = false;
  if (o.rateLimits !== false) {
    const r = o.rateLimits ?? {};
    rateLimits = {
      graph: policy('graph', DEFAULT_RATE_LIMITS.graph, r.graph),
      mde: policy('mde', DEFAULT_RATE_LIMITS.mde, r.mde),
      mdeBatchUpdate: policy('mdeBatchUpdate', DEFAULT_RATE_LIMITS.mdeBatchUpdate, r.mdeBatchUpdate),
      hunting: policy('hunting', DEFAULT_RATE_LIMITS.hunting, r.hunting),
      mdeIndicatorBatch: policy('mdeIndicatorBatch', DEFAULT_RATE_LIMITS.mdeIndicatorBatch, r.mdeIndicatorBatch),
      countThrottled: r.countThrottled ?? true,
    };
  }
  let autoMutate: AutoMutateOptions | false = false;
  if (o.autoMutate) {
    autoMutate = { everyMs: int('autoMutate.everyMs', o.autoMutate.everyMs, 10), count: int('autoMutate.count', o.autoMutate.count ?? 1, 1, 10_000), kinds: o.autoMutate.kinds ?? ['incident', 'alert', 'mdeAlert'] };
  }
  return {
    port: int('port', o.port ?? 0, 0, 65535),
    seed: int('seed', o.seed ?? 1, 0, 2 ** 32 - 1),
    incidents,
    alertsPerIncident: range('alertsPerIncident', o.alertsPerIncident ?? { min: 1, max: 6 }),
    mdeAlerts: int('mdeAlerts', o.mdeAlerts ?? incidents, 0, 10_000_000),
    dataEndMs,
    dataSpanDays: int('dataSpanDays', o.dataSpanDays ?? 6, 1, 3650),
    tenants: tenantSpecs,
    tokenLifetimeSeconds: int('tokenLifetimeSeconds', o.tokenLifetimeSeconds ?? 3599, 1),
    acceptRealAudiences: o.acceptRealAudiences ?? true,
    rateLimits,
    graphNextLink: o.graphNextLink ?? true,
    mdeNextLink: o.mdeNextLink ?? false,
    mdeBatchUpdateMax: int('mdeBatchUpdateMax', o.mdeBatchUpdateMax ?? 500, 1),
    hunting: {
      ...(o.hunting?.source ? { source: o.hunting.source } : {}),
      rowCap: int('hunting.rowCap', o.hunting?.rowCap ?? HUNTING_ROW_CAP, 1, HUNTING_ROW_CAP),
      schemaCase: huntingSchemaCase(o.hunting?.schemaCase),
      ...(o.hunting?.rowsPerHour !== undefined ? { rowsPerHour: int('hunting.rowsPerHour', o.hunting.rowsPerHour, 1, 10_000_000) } : {}),
    },
    pageSize: {
      incidents: int('pageSize.incidents', o.pageSize?.incidents ?? 50, 1, 50),
      alerts: int('pageSize.alerts', o.pageSize?.alerts ?? 2000, 1, 2000),
      mdeAlerts: int('pageSize.mdeAlerts', o.pageSize?.mdeAlerts ?? 10_000, 1, 10_000),
    },
    batchResponseOrder: order,
    autoMutate,
    caDir: o.caDir,
    clock,
    requestLogLimit: int('requestLogLimit', o.requestLogLimit ?? 100_000, 0),
    mdeResponse: { ...o.mdeResponse },
  };
}
