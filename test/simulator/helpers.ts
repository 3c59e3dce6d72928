// Test-side HTTP for the simulator: real HTTPS requests that trust only the simulator's CA.
import { request as httpsRequest, Agent } from 'node:https';
import type { Simulator } from '../../sandbox/simulator';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

const agents = new WeakMap<Simulator, Agent>();

function agentFor(sim: Simulator): Agent {
  let a = agents.get(sim);
  if (!a) {
    a = new Agent({ ca: sim.caPem, keepAlive: true });
    agents.set(sim, a);
  }
  return a;
}

export function call(sim: Simulator, method: string, url: string, opts: { headers?: Record<string, string>; body?: unknown; form?: Record<string, string>; timeoutMs?: number } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let payload: string | undefined;
  if (opts.form) {
    payload = new URLSearchParams(opts.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, agent: agentFor(sim), timeout: opts.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A client-credentials token for app `appIndex` of tenant `tenantIndex`, for `api`. */
export async function token(sim: Simulator, api: 'graph' | 'mde' = 'graph', appIndex = 0, tenantIndex = 0): Promise<string> {
  const tenant = sim.tenants[tenantIndex]!;
  const app = tenant.apps[appIndex]!;
  const r = await call(sim, 'POST', `${sim.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret!, scope: sim.scopes[api] },
  });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${r.text}`);
  return r.json.access_token;
}

export async function graphGet(sim: Simulator, pathAndQuery: string, bearer: string, headers: Record<string, string> = {}): Promise<Reply> {
  return call(sim, 'GET', `${sim.graphUrl}/v1.0${pathAndQuery}`, { headers: { Authorization: `Bearer ${bearer}`, ...headers } });
}

/** An msal-node network client that trusts only the simulator's CA (msal-node 7 `system.networkClient`). */
export function msalNetworkClient(caPem: string) {
  const send = (method: string, url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<any> =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, headers: options?.headers, ca: caPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) headers[k] = String(v);
          resolve({ status: res.statusCode, headers, body: text ? JSON.parse(text) : {} });
        });
      });
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url: string, options?: { headers?: Record<string, string> }) => send('GET', url, options),
    sendPostRequestAsync: (url: string, options?: { headers?: Record<string, string>; body?: string }) => send('POST', url, options),
  };
}
