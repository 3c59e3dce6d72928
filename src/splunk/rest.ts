// splunkd REST client for inputs and alert actions: the session_key and server_uri that splunkd hands the
// process, JSON (output_mode=json), form-encoded writes, namespaced paths.
// Trust: splunkd's default certificate is self-signed, so on loopback we accept it as Splunk's SDKs do;
// anywhere else it is verified (system CAs plus $SPLUNK_HOME/etc/auth/cacert.pem). The session key goes
// to server_uri only: no redirects are followed and no proxy from the environment is used.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { APP_ID } from '../config/names';
import { isLoopbackHost } from './loopback';

export interface SplunkdClientOptions {
  serverUri: string;
  sessionKey: string;
  app?: string;
  owner?: string;
  timeoutMs?: number;
  /** For etc/auth/cacert.pem; defaults to the SPLUNK_HOME environment variable. */
  splunkHome?: string;
  /** DNS lookup for the connection (tests point a non-loopback name at a local server). */
  lookup?: LookupFunction;
}

export interface SplunkdEntry {
  name: string;
  id?: string;
  content: Record<string, unknown>;
  acl?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SplunkdFeed {
  entry?: SplunkdEntry[];
  paging?: { total: number; perPage: number; offset: number };
  messages?: Array<{ type: string; text: string }>;
  [key: string]: unknown;
}

export type FormValue = string | number | boolean | readonly string[];
export type Form = Record<string, FormValue | undefined>;

export interface EventMetadata {
  index?: string;
  sourcetype?: string;
  source?: string;
  host?: string;
}

/** A failed splunkd call: HTTP status (0 when splunkd could not be reached) and splunkd's messages. */
export class SplunkdError extends Error {
  override readonly name = 'SplunkdError';
  constructor(
    readonly status: number,
    readonly messages: string[],
    readonly method: string,
    readonly endpoint: string,
    detail: string,
  ) {
    super(`splunkd ${method} ${endpoint} ${detail}`);
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

export class SplunkdClient {
  readonly app: string;
  readonly owner: string;
  /** scheme://host:port of server_uri: the only place the session key is ever sent. */
  readonly origin: string;
  private readonly sessionKey: string;
  private readonly http: AxiosInstance;
  private readonly agent: http.Agent;

  constructor(options: SplunkdClientOptions) {
    if (!options.sessionKey) throw new Error('splunkd session key is empty: run from splunkd, which passes session_key on stdin');
    let url: URL;
    try {
      url = new URL(options.serverUri);
    } catch {
      throw new Error(`server_uri '${options.serverUri}' is not a URL; expected e.g. https://127.0.0.1:8089`);
    }
    const loopback = isLoopbackHost(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw new Error(`server_uri '${url.origin}' must use https (http is accepted on loopback only, where splunkd may run without TLS)`);
    }
    this.origin = url.origin;
    this.sessionKey = options.sessionKey;
    this.app = options.app ?? APP_ID;
    this.owner = options.owner ?? 'nobody';
    this.agent = url.protocol === 'http:' ? new http.Agent({ keepAlive: true }) : httpsAgent(loopback, options);
    this.http = axios.create({
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      httpAgent: this.agent,
      httpsAgent: this.agent,
      proxy: false,
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
  }

  /** `servicesNS/<owner>/<app>/<path>`, or `path` itself when it starts with services/ or servicesNS/. */
  resolve(path: string): string {
    const p = path.replace(/^\/+/, '');
    if (/^services(NS)?(\/|$)/.test(p)) return `/${p}`;
    return `/servicesNS/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.app)}/${p}`;
  }

  get<T = SplunkdFeed>(path: string, query?: Form): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T = SplunkdFeed>(path: string, form?: Form, query?: Form): Promise<T> {
    return this.request<T>('POST', path, {
      query,
      body: toParams(form ?? {}).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
  }

  delete<T = SplunkdFeed>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }

  /** The stanza's keys (splunkd's eai:* bookkeeping removed), or undefined when it does not exist. */
  async getConfStanza(conf: string, stanza: string): Promise<Record<string, string> | undefined> {
    try {
      const feed = await this.get(`configs/conf-${encodeURIComponent(conf)}/${encodeURIComponent(stanza)}`);
      const entry = feed.entry?.[0];
      return entry ? confContent(entry.content) : undefined;
    } catch (e) {
      if (e instanceof SplunkdError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Every stanza of the conf file as this app sees it (the [default] stanza is not a stanza of its own). */
  async listConfStanzas(conf: string): Promise<Array<{ name: string; content: Record<string, string> }>> {
    const feed = await this.get(`configs/conf-${encodeURIComponent(conf)}`, { count: 0 });
    return (feed.entry ?? [])
      .filter((e) => e.name !== 'default')
      .map((e) => ({ name: e.name, content: confContent(e.content) }));
  }

  /** Creates the stanza or updates the given keys of an existing one (other keys are left as they are). */
  async postConfStanza(conf: string, stanza: string, keys: Record<string, string>): Promise<void> {
    const collection = `configs/conf-${encodeURIComponent(conf)}`;
    const entity = `${collection}/${encodeURIComponent(stanza)}`;
    try {
      await this.post(entity, keys);
      return;
    } catch (e) {
      if (!(e instanceof SplunkdError && e.status === 404)) throw e;
    }
    try {
      await this.post(collection, { ...keys, name: stanza });
    } catch (e) {
      // Created by someone else between our two calls: update it after all.
      if (!(e instanceof SplunkdError && e.status === 409)) throw e;
      await this.post(entity, keys);
    }
  }

  async deleteConfStanza(conf: string, stanza: string): Promise<void> {
    await this.delete(`configs/conf-${encodeURIComponent(conf)}/${encodeURIComponent(stanza)}`);
  }

  /** Indexes one event through services/receivers/simple (the caller needs capability edit_tcp). */
  submitEvent(meta: EventMetadata, body: string): Promise<Record<string, unknown>> {
    return this.request('POST', 'services/receivers/simple', {
      query: { index: meta.index, sourcetype: meta.sourcetype, source: meta.source, host: meta.host },
      body,
      contentType: 'text/plain; charset=utf-8',
    });
  }

  /** Releases kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { query?: Form | undefined; body?: string; contentType?: string },
  ): Promise<T> {
    const endpoint = this.resolve(path);
    const query = toParams({ output_mode: 'json', ...options.query });
    let response: AxiosResponse<string>;
    try {
      response = await this.http.request<string>({
        method,
        url: `${this.origin}${endpoint}?${query.toString()}`,
        data: options.body,
        headers: {
          Authorization: `Splunk ${this.sessionKey}`,
          ...(options.contentType ? { 'Content-Type': options.contentType } : {}),
        },
      });
    } catch (e) {
      // Never rethrow axios's error: it carries the request config, Authorization header included.
      throw this.networkError(method, endpoint, e);
    }
    const { status } = response;
    const body = typeof response.data === 'string' ? response.data : '';
    if (status >= 300 && status < 400) {
      throw new SplunkdError(status, [], method, endpoint, `answered HTTP ${status} (a redirect): not followed, because the session key is only sent to ${this.origin}`);
    }
    if (status < 200 || status >= 300) {
      const messages = errorMessages(body).map((m) => this.scrub(m));
      const said = messages.length > 0 ? messages.join(' ') : '(no message)';
      const hint = status === 401 ? ' (the session key was refused: it is invalid or has expired)' : '';
      throw new SplunkdError(status, messages, method, endpoint, `failed with HTTP ${status}: ${said}${hint}`);
    }
    if (body.trim() === '') return {} as T;
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new SplunkdError(status, [], method, endpoint, `returned HTTP ${status} with a body that is not JSON: ${this.scrub(body.slice(0, 120))}`);
    }
  }

  private networkError(method: string, endpoint: string, e: unknown): SplunkdError {
    const err = e as { code?: string; message?: string; cause?: { code?: string } };
    const code = err.code ?? err.cause?.code ?? 'ERROR';
    const text = this.scrub(err.message ?? String(e));
    let detail = `could not reach splunkd at ${this.origin}: ${code}: ${text}`;
    if (TLS_TRUST_CODES.has(code)) {
      detail += `. ${new URL(this.origin).hostname} is not loopback, so its certificate must be trusted by the system CAs or $SPLUNK_HOME/etc/auth/cacert.pem and match the host name`;
    } else if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      detail = `timed out waiting for splunkd at ${this.origin}: ${text}`;
    }
    return new SplunkdError(0, [text], method, endpoint, detail);
  }

  /** splunkd never echoes the key, but an error message must not be the first to. */
  private scrub(text: string): string {
    return text.split(this.sessionKey).join('********');
  }
}

function httpsAgent(loopback: boolean, options: SplunkdClientOptions): https.Agent {
  const base = { keepAlive: true, ...(options.lookup ? { lookup: options.lookup } : {}) };
  if (loopback) return new https.Agent({ ...base, rejectUnauthorized: false });
  const home = options.splunkHome ?? process.env.SPLUNK_HOME;
  const cacert = home ? join(home, 'etc', 'auth', 'cacert.pem') : undefined;
  if (cacert && existsSync(cacert)) {
    return new https.Agent({ ...base, ca: [...rootCertificates, readFileSync(cacert, 'utf8')] });
  }
  return new https.Agent(base);
}

function toParams(form: Form): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  return params;
}

/** splunkd's error texts: JSON {messages:[{text}]} with output_mode=json, XML <msg> otherwise. */
function errorMessages(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { messages?: Array<{ text?: unknown }> };
    if (Array.isArray(parsed.messages)) return parsed.messages.map((m) => String(m.text ?? '')).filter(Boolean);
  } catch {
    // not JSON
  }
  const xml = [...body.matchAll(/<msg[^>]*>([\s\S]*?)<\/msg>/g)].map((m) => m[1]!.trim());
  if (xml.length > 0) return xml;
  const text = body.trim();
  return text ? [text.slice(0, 300)] : [];
}

function confContent(content: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(content ?? {})) {
    if (key.startsWith('eai:')) continue;
    out[key] = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  }
  return out;
}
