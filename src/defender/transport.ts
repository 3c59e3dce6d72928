// The one HTTP transport to Microsoft endpoints (Entra ID, Graph, Defender for Endpoint): axios over a
// keep-alive agent, through the configured proxy, trusting the system CAs plus the admin's CA bundle.
// TLS verification is never disabled. HTTP statuses are returned, not thrown; only network faults throw.
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import * as tls from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Ends the exchange early (a scheduled run's time slot is over); reported as a timeout. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * A failure below HTTP: connection refused or reset, timeout, TLS. `code` is Node's error code, or ours:
 * ERR_PROXY_AUTH (the proxy answered CONNECT with 407) and ERR_PROXY_REFUSED (any other refusal); `host`
 * is then the proxy's.
 */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly code: string,
    readonly host: string,
  ) {
    super(`${code} talking to ${host}`);
  }
}

export interface ProxyConfig {
  type: 'http' | 'https';
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export interface TransportOptions {
  userAgent: string;
  timeoutMs: number;
  proxy?: ProxyConfig;
  /** Extra PEM CA certificates, trusted in addition to the system store. */
  caBundle?: string;
  /** Connections per host (default 8); a process serving many stanzas at once needs more. */
  maxSockets?: number;
}

/** The default trust store (incl. NODE_EXTRA_CA_CERTS) plus the bundle; undefined = Node's default. */
export function trustedCertificates(caBundle: string | undefined): string[] | undefined {
  if (!caBundle) return undefined;
  const getCA = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  let base: string[];
  if (getCA) base = getCA('default');
  else {
    base = [...tls.rootCertificates];
    const extra = process.env.NODE_EXTRA_CA_CERTS;
    if (extra) base.push(readFileSync(extra, 'utf8'));
  }
  return [...base, caBundle];
}

export function proxyUrl(proxy: ProxyConfig): string {
  const auth = proxy.username
    ? `${encodeURIComponent(proxy.username)}:${encodeURIComponent(proxy.password ?? '')}@`
    : '';
  return `${proxy.type}://${auth}${proxy.host}:${proxy.port}`;
}

/**
 * HttpsProxyAgent applies its TLS options to the hop to the proxy only; the tunnelled connection to Microsoft
 * would fall back to Node's default trust store. This one trusts the CA bundle on that connection too, so a
 * TLS-inspecting proxy whose CA is in the bundle works.
 */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly trust: { ca?: string[] },
    options: ConstructorParameters<typeof HttpsProxyAgent<string>>[1],
  ) {
    super(proxy, options);
  }

  override connect(req: Parameters<HttpsProxyAgent<string>['connect']>[0], opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    return super.connect(req, this.trust.ca ? ({ ...opts, ca: this.trust.ca } as typeof opts) : opts);
  }
}

/** A CONNECT-tunnel agent through the proxy that trusts `ca` on the tunnelled TLS connection too. */
export function proxyAgent(proxy: ProxyConfig, ca: string[] | undefined, options: { keepAlive?: boolean; maxSockets?: number } = {}): HttpsProxyAgent<string> {
  return new TrustingProxyAgent(proxyUrl(proxy), { ...(ca ? { ca } : {}) }, { ...options, ...(ca ? { ca } : {}) });
}

export function createTransport(options: TransportOptions): Transport {
  const ca = trustedCertificates(options.caBundle);
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8, ...(ca ? { ca } : {}) };
  const agent = options.proxy ? proxyAgent(options.proxy, ca, agentOptions) : new HttpsAgent(agentOptions);
  // https-proxy-agent hands a refused CONNECT back as if the server had answered it (a 407 would read as
  // Entra's or Graph's answer); remember which requests the proxy refused, by their ClientRequest.
  const refusedByProxy = new WeakMap<object, number>();
  if (agent instanceof HttpsProxyAgent)
    agent.on('proxyConnect', (connect: { statusCode?: number }, req: object) => {
      if (connect.statusCode !== 200) refusedByProxy.set(req, connect.statusCode ?? 0);
    });
  const proxyHost = options.proxy ? `${options.proxy.host}:${options.proxy.port}` : '';
  const http: AxiosInstance = axios.create({
    httpsAgent: agent,
    proxy: false, // the agent does the CONNECT tunnel; axios' own proxy support would not
    maxRedirects: 0, // never carry a bearer token to another host
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    decompress: true,
  });
  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const url = new URL(request.url);
      if (url.protocol !== 'https:')
        throw new TransportError('ERR_INSECURE_URL', url.host); // Microsoft endpoints are HTTPS only
      const timeout = request.timeoutMs ?? options.timeoutMs;
      try {
        const response = await http.request<string>({
          method: request.method,
          url: request.url,
          headers: { 'User-Agent': options.userAgent, ...request.headers },
          data: request.body,
          timeout,
          // Whole-exchange deadline: axios' timeout alone does not end a response that trickles.
          signal: request.signal ? AbortSignal.any([AbortSignal.timeout(timeout + 1000), request.signal]) : AbortSignal.timeout(timeout + 1000),
        });
        const refused = refusedByProxy.get(response.request as object);
        if (refused !== undefined) throw new TransportError(refused === 407 ? 'ERR_PROXY_AUTH' : 'ERR_PROXY_REFUSED', proxyHost);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(response.headers)) {
          if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
        }
        return { status: response.status, headers, body: typeof response.data === 'string' ? response.data : '' };
      } catch (err) {
        if (err instanceof TransportError) throw err;
        throw new TransportError(networkCode(err), url.host);
      }
    },
  };
}

function networkCode(err: unknown): string {
  if (err instanceof AxiosError) {
    if (err.code === 'ERR_CANCELED' || err.code === 'ECONNABORTED') return 'ETIMEDOUT';
    const cause = (err.cause as NodeJS.ErrnoException | undefined)?.code;
    return cause ?? err.code ?? 'ERR_NETWORK';
  }
  return (err as NodeJS.ErrnoException)?.code ?? 'ERR_NETWORK';
}
