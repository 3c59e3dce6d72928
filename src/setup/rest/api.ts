// A small typed client for splunkd's REST API as Splunk Web proxies it (/<locale>/splunkd/__raw/…):
// JSON answers (output_mode=json), form-encoded writes, and a ResponseError that carries splunkd's own
// message so the page can show it next to what caused it. Modelled on UCC's ui/src/util/api.ts.
// The transport (fetch, URL building, CSRF headers) is injected: splunk-web.ts wires the browser's.

export interface SplunkMessage {
  type: string;
  text: string;
}

export interface SplunkEntry<C = Record<string, unknown>> {
  name: string;
  id?: string;
  acl?: { app?: string; can_write?: boolean; removable?: boolean; owner?: string; sharing?: string };
  content: C;
}

export interface SplunkFeed<C = Record<string, unknown>> {
  entry?: SplunkEntry<C>[];
  paging?: { total: number; perPage: number; offset: number };
  messages?: SplunkMessage[];
}

/** A non-2xx answer. `message` is splunkd's first ERROR text (or a sentence saying what failed). */
export class ResponseError extends Error {
  override readonly name = 'ResponseError';
  constructor(
    readonly status: number,
    message: string,
    readonly messages: SplunkMessage[] = [],
  ) {
    super(message);
  }
}

/** `app`: /servicesNS/nobody/<app>/… (the app's objects). `global`: /services/… (user context, indexes, apps). */
export type Namespace = 'app' | 'global';

export interface ApiTransport {
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** The full URL of an endpoint, e.g. /en-US/splunkd/__raw/servicesNS/nobody/TA_defender_sync/configs/conf-x. */
  restUrl(endpoint: string, namespace: Namespace): string;
  /** Headers every call carries (X-Splunk-Form-Key, X-Requested-With). Read per call: the CSRF cookie may change. */
  headers(): Record<string, string>;
}

export interface RequestOptions {
  namespace?: Namespace;
  query?: Record<string, string | number>;
}

export interface SplunkApi {
  get<C = Record<string, unknown>>(endpoint: string, options?: RequestOptions): Promise<SplunkFeed<C>>;
  post<C = Record<string, unknown>>(endpoint: string, form: Record<string, string>, options?: RequestOptions): Promise<SplunkFeed<C>>;
  del(endpoint: string, options?: RequestOptions): Promise<SplunkFeed>;
}

export function createApi(transport: ApiTransport): SplunkApi {
  const call = async <C>(method: string, endpoint: string, options: RequestOptions, form?: Record<string, string>): Promise<SplunkFeed<C>> => {
    const query = new URLSearchParams({ output_mode: 'json' });
    for (const [k, v] of Object.entries(options.query ?? {})) query.set(k, String(v));
    const url = `${transport.restUrl(endpoint, options.namespace ?? 'app')}?${query.toString()}`;
    const headers: Record<string, string> = { ...transport.headers(), Accept: 'application/json' };
    const init: RequestInit = { method, credentials: 'include', headers };
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams(form).toString();
    }
    let response: Response;
    try {
      response = await transport.fetch(url, init);
    } catch (e) {
      throw new ResponseError(0, `Splunk did not answer (${(e as Error).message}). Check that Splunk Web is running and reload the page.`);
    }
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) throw errorFrom(response.status, body, method, endpoint);
    if (body === undefined) throw new ResponseError(response.status, `${method} ${endpoint}: splunkd answered with something other than JSON.`);
    return body as SplunkFeed<C>;
  };
  return {
    get: (endpoint, options = {}) => call('GET', endpoint, options),
    post: (endpoint, form, options = {}) => call('POST', endpoint, options, form),
    del: (endpoint, options = {}) => call('DELETE', endpoint, options),
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** splunkd's message when it gave one, else a sentence naming the status. */
export function errorFrom(status: number, body: unknown, method: string, endpoint: string): ResponseError {
  const messages = Array.isArray((body as SplunkFeed | undefined)?.messages) ? ((body as SplunkFeed).messages as SplunkMessage[]) : [];
  const first = messages.find((m) => m.type === 'ERROR' || m.type === 'FATAL') ?? messages[0];
  if (first?.text) return new ResponseError(status, first.text, messages);
  const what =
    status === 401
      ? 'your Splunk session has expired: sign in again'
      : status === 403
        ? 'you do not have permission to do this'
        : status === 404
          ? 'not found'
          : `HTTP ${status}`;
  return new ResponseError(status, `${method} ${endpoint} failed: ${what}.`, messages);
}

/** Entries without splunkd's `[default]` stanza, which conf listings include. */
export function stanzas<C>(feed: SplunkFeed<C>): SplunkEntry<C>[] {
  return (feed.entry ?? []).filter((e) => e.name !== 'default');
}

export const isStatus = (e: unknown, status: number): boolean => e instanceof ResponseError && e.status === status;
