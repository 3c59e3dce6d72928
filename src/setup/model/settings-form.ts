// The Proxy, Network and Logging tabs ↔ ta_defender_sync_settings.conf [proxy] [network] [logging].
// Every field is checked with the runtime's own parser (parseProxy, parseNetwork), one field at a time so
// each error lands next to its field. Pure. The proxy password is a form field only (storage/passwords).
import { ConfigError } from '../../config/account';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, LOG_LEVELS, type LogLevel, parseLogLevel, parseNetwork, parseProxy } from '../../config/settings';
import { type FieldErrors, sentence, withoutConfPrefix } from './field-errors';

type Stanza = Record<string, unknown> | undefined;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const isTrue = (v: unknown): boolean => /^(1|true|yes|t|y|on|enabled?)$/i.test(str(v).trim());

function problem(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return sentence(withoutConfPrefix(e.message));
    throw e;
  }
}

// ---- [proxy]

export interface ProxyForm {
  enabled: boolean;
  type: 'http' | 'https';
  host: string;
  port: string;
  username: string;
  /** Typed password; '' keeps the stored one. */
  password: string;
  /** Remove the stored password (e.g. the proxy no longer asks for one). */
  clearPassword: boolean;
}
export type ProxyField = keyof ProxyForm;

export function proxyFormFrom(stanza: Stanza): ProxyForm {
  const type = str(stanza?.proxy_type).trim().toLowerCase() === 'https' ? 'https' : 'http';
  return {
    enabled: isTrue(stanza?.proxy_enabled),
    type,
    host: str(stanza?.proxy_url),
    port: str(stanza?.proxy_port),
    username: str(stanza?.proxy_username),
    password: '',
    clearPassword: false,
  };
}

export function proxyStanzaKeys(form: ProxyForm): Record<string, string> {
  return {
    proxy_enabled: form.enabled ? '1' : '0',
    proxy_type: form.type,
    proxy_url: form.host.trim(),
    proxy_port: form.port.trim(),
    proxy_username: form.username.trim(),
  };
}

/** Checked only when the proxy is enabled (a disabled proxy may be half filled in). */
export function proxyFormErrors(form: ProxyForm): FieldErrors<ProxyField> {
  if (!form.enabled) return {};
  const base = { proxy_enabled: '1', proxy_type: form.type, proxy_url: 'proxy.invalid', proxy_port: '8080', proxy_username: '' };
  const errors: FieldErrors<ProxyField> = {};
  const host = problem(() => parseProxy({ ...base, proxy_url: form.host }));
  const port = problem(() => parseProxy({ ...base, proxy_port: form.port }));
  if (host) errors.host = host;
  if (port) errors.port = port;
  if (form.password !== '' && form.username.trim() === '') errors.username = 'Enter the user name that goes with the password (or leave both empty).';
  return errors;
}

// ---- [network]

export interface NetworkForm {
  caBundle: string;
  requestTimeout: string;
  graphPerMinute: string;
  mdePerMinute: string;
}
export type NetworkField = keyof NetworkForm;

export function networkFormFrom(stanza: Stanza): NetworkForm {
  return {
    caBundle: str(stanza?.ca_bundle),
    requestTimeout: str(stanza?.request_timeout) || String(DEFAULT_REQUEST_TIMEOUT_SECONDS),
    graphPerMinute: str(stanza?.graph_requests_per_minute) || '150',
    mdePerMinute: str(stanza?.mde_requests_per_minute) || '100',
  };
}

export function networkStanzaKeys(form: NetworkForm): Record<string, string> {
  return {
    ca_bundle: form.caBundle.trim(),
    request_timeout: form.requestTimeout.trim(),
    graph_requests_per_minute: form.graphPerMinute.trim(),
    mde_requests_per_minute: form.mdePerMinute.trim(),
  };
}

/** The runtime's checks; the CA bundle's certificates are also parsed (asynchronously) by ca-bundle.ts. */
export function networkFormErrors(form: NetworkForm): FieldErrors<NetworkField> {
  const errors: FieldErrors<NetworkField> = {};
  const required = (v: string, what: string) => (v.trim() === '' ? `Enter ${what}.` : undefined);
  const timeout = required(form.requestTimeout, 'the request timeout in seconds') ?? problem(() => parseNetwork({ request_timeout: form.requestTimeout.trim() }));
  const graph = required(form.graphPerMinute, 'a number of requests per minute') ?? problem(() => parseNetwork({ graph_requests_per_minute: form.graphPerMinute.trim() }));
  const mde = required(form.mdePerMinute, 'a number of requests per minute') ?? problem(() => parseNetwork({ mde_requests_per_minute: form.mdePerMinute.trim() }));
  const ca = problem(() => parseNetwork({ ca_bundle: form.caBundle }));
  if (timeout) errors.requestTimeout = timeout;
  if (graph) errors.graphPerMinute = graph;
  if (mde) errors.mdePerMinute = mde;
  if (ca) errors.caBundle = ca;
  return errors;
}

// ---- [logging]

export interface LoggingForm {
  level: LogLevel;
}

export const LOG_LEVEL_CHOICES: readonly LogLevel[] = LOG_LEVELS;

export function loggingFormFrom(stanza: Stanza): LoggingForm {
  return { level: parseLogLevel({ loglevel: str(stanza?.loglevel) || 'INFO' }) };
}

export function loggingStanzaKeys(form: LoggingForm): Record<string, string> {
  return { loglevel: form.level };
}
