// Everything needed to call Microsoft for one account in this process: its endpoints, one token source
// (one MSAL cache), paced API clients for Graph and Defender for Endpoint, and shared call statistics.
import type { Account } from '../config/account';
import { partnerUserAgent } from '../config/names';
import type { Settings } from '../config/settings';
import { APP_VERSION } from '../config/version';
import type { EndpointRegion } from '../inputs/definitions';
import { ApiClient, newStats, type CallStats } from './api-client';
import { msalTokenSource, type Credential, type TokenSource } from './auth';
import { endpointsFor, type CloudEndpoints } from './clouds';
import { realClock, type Clock } from './rate-limiter';
import { RateLimiters, type LimitedApi } from './rate-limits';
import type { RetryPolicy } from './retry-policy';
import { createTransport, type Transport } from './transport';

export interface SessionOptions {
  account: Account;
  secret: string;
  settings: Settings;
  proxyPassword?: string;
  region?: EndpointRegion;
  clock?: Clock;
  /** Epoch ms: no retry wait may end after it. */
  deadline?: number;
  /** For tests: replaces the network. */
  transport?: Transport;
  tokens?: TokenSource;
  /** Pacers shared with other sessions of this process (same app and tenant = same pacer). */
  limiters?: RateLimiters;
  /** Aborts the session's requests in flight. */
  signal?: AbortSignal;
}

export interface DefenderSession {
  account: Account;
  endpoints: CloudEndpoints;
  graph: ApiClient;
  mde: ApiClient;
  /** Defender for Endpoint batchUpdate has its own, much lower limit. */
  mdeBatchUpdate: ApiClient;
  /** Graph runHuntingQuery: paced to the tenant's hunting quota, few retries (a query may run minutes). */
  hunting: ApiClient;
  /** Defender for Endpoint indicators import and BatchDelete (30 calls/min). */
  mdeIndicatorBatch: ApiClient;
  stats: CallStats;
}

/** A hunting query that failed may have cost minutes of the tenant's CPU quota: retry it less. */
const HUNTING_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 2000, maxDelayMs: 60_000 };

export function credentialFor(account: Account, secret: string): Credential {
  return account.authType === 'certificate' ? { kind: 'certificate', privateKeyPem: secret } : { kind: 'client_secret', secret };
}

export function openSession(o: SessionOptions): DefenderSession {
  const { account, settings } = o;
  const endpoints = endpointsFor(account, o.region ?? 'default');
  const clock = o.clock ?? realClock;
  const transport =
    o.transport ??
    createTransport({
      userAgent: partnerUserAgent(APP_VERSION),
      timeoutMs: settings.network.requestTimeoutMs,
      ...(settings.network.caBundle ? { caBundle: settings.network.caBundle } : {}),
      ...(settings.proxy
        ? { proxy: { ...settings.proxy, ...(o.proxyPassword ? { password: o.proxyPassword } : {}) } }
        : {}),
    });
  const tokens = o.tokens ?? msalTokenSource(account, endpoints, credentialFor(account, o.secret), transport);
  const limiters = o.limiters ?? new RateLimiters(settings.network.pacing, clock);
  const stats = newStats();
  const client = (api: 'graph' | 'mde', scope: string, limited: LimitedApi, retry?: RetryPolicy) =>
    new ApiClient({
      ...(retry ? { retry } : {}),
      api,
      scope,
      tokens,
      transport,
      limiter: limiters.for(limited, account.tenantId, account.clientId),
      account: account.name,
      tenant: account.tenantId,
      clientId: account.clientId,
      clock,
      stats,
      ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  return {
    account,
    endpoints,
    graph: client('graph', endpoints.graphScope, 'graph'),
    mde: client('mde', endpoints.mdeScope, 'mde'),
    mdeBatchUpdate: client('mde', endpoints.mdeScope, 'mde-batch-update'),
    hunting: client('graph', endpoints.graphScope, 'graph-hunting', HUNTING_RETRY_POLICY),
    mdeIndicatorBatch: client('mde', endpoints.mdeScope, 'mde-indicator-batch'),
    stats,
  };
}
