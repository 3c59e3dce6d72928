// What the simulator remembers about each request: enough to assert client behaviour (paths,
// query, User-Agent, Prefer, which app) and never the credentials themselves.
export type ApiKind = 'graph' | 'mde' | 'token' | 'unknown';

export interface RequestRecord {
  seq: number;
  /** ISO time from the simulator clock. */
  time: string;
  method: string;
  api: ApiKind;
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  status: number;
  userAgent?: string;
  prefer?: string;
  /** Tenant and app of the bearer token or token request (never the token or secret). */
  tenantId?: string;
  clientId?: string;
  /** Token requests: how the client authenticated (`client_secret`, `client_assertion PS256 x5t#S256`, …). */
  credential?: string;
  /** Number of requests inside a $batch. */
  batchItems?: number;
  /** Fault that answered this request, if any. */
  fault?: string;
}

export interface SimulatorStats {
  requests: Record<ApiKind, number>;
  throttled: Record<ApiKind, number>;
  batchItems: number;
  faultsFired: number;
}

export function emptyStats(): SimulatorStats {
  return {
    requests: { graph: 0, mde: 0, token: 0, unknown: 0 },
    throttled: { graph: 0, mde: 0, token: 0, unknown: 0 },
    batchItems: 0,
    faultsFired: 0,
  };
}
