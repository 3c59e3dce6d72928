// ta_defender_sync_settings.conf: [proxy], [network], [logging]. Pure parsing with actionable errors.
// The proxy password lives in storage/passwords (user `proxy`), never here.
import { ConfigError } from './account';
import { SETTINGS_CONF } from './names';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ProxySettings {
  type: 'http' | 'https';
  host: string;
  port: number;
  username?: string;
}

export interface NetworkSettings {
  /** PEM text of extra CA certificates trusted for Microsoft endpoints (added to the system store). */
  caBundle?: string;
  requestTimeoutMs: number;
  /** Client-side pacing per app and tenant; lower it to leave budget to other tools using the same app. */
  pacing: { graphPerMinute: number; mdePerMinute: number };
}

export interface Settings {
  proxy?: ProxySettings;
  network: NetworkSettings;
  logLevel: LogLevel;
}

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

type Stanza = Record<string, string | undefined> | undefined;

const isTrue = (v: string | undefined): boolean => /^(1|true|yes|t|y|on|enabled?)$/i.test((v ?? '').trim());

export function parseProxy(stanza: Stanza): ProxySettings | undefined {
  if (!stanza || !isTrue(stanza.proxy_enabled)) return undefined;
  const where = `[proxy] in ${SETTINGS_CONF}.conf`;
  const type = (stanza.proxy_type ?? 'http').trim().toLowerCase() || 'http';
  if (type !== 'http' && type !== 'https')
    throw new ConfigError(`${where}: proxy_type '${type}' is not supported; use http or https (CONNECT proxies).`);
  const host = (stanza.proxy_url ?? '').trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!host || /[\s/@]/.test(host))
    throw new ConfigError(`${where}: proxy_url must be the proxy's host name or IP address (got '${host}').`);
  const port = Number((stanza.proxy_port ?? '').trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError(`${where}: proxy_port '${stanza.proxy_port ?? ''}' is not a port number (1-65535).`);
  const username = (stanza.proxy_username ?? '').trim();
  return { type, host, port, ...(username ? { username } : {}) };
}

export function parseNetwork(stanza: Stanza): NetworkSettings {
  const where = `[network] in ${SETTINGS_CONF}.conf`;
  const raw = (stanza?.request_timeout ?? '').trim();
  const seconds = raw === '' ? DEFAULT_REQUEST_TIMEOUT_SECONDS : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600)
    throw new ConfigError(`${where}: request_timeout '${raw}' must be a number of seconds between 1 and 600.`);
  const caBundle = (stanza?.ca_bundle ?? '').trim();
  if (caBundle && !caBundle.includes('-----BEGIN CERTIFICATE-----'))
    throw new ConfigError(`${where}: ca_bundle must hold PEM certificates (-----BEGIN CERTIFICATE----- …).`);
  const pacing = {
    graphPerMinute: perMinute(stanza?.graph_requests_per_minute, 150, where, 'graph_requests_per_minute'),
    mdePerMinute: perMinute(stanza?.mde_requests_per_minute, 100, where, 'mde_requests_per_minute'),
  };
  return { requestTimeoutMs: Math.round(seconds * 1000), pacing, ...(caBundle ? { caBundle } : {}) };
}

/** Microsoft's documented limit is the default and the maximum; 0 turns client-side pacing off. */
function perMinute(raw: string | undefined, documented: number, where: string, key: string): number {
  const text = (raw ?? '').trim();
  if (text === '') return documented;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > documented)
    throw new ConfigError(`${where}: ${key} '${text}' must be a whole number from 0 (no pacing) to ${documented} (Microsoft's limit).`);
  return n;
}

export function parseLogLevel(stanza: Stanza): LogLevel {
  const level = (stanza?.loglevel ?? 'INFO').trim().toUpperCase();
  if (level === 'WARNING') return 'WARN';
  if (level === 'CRITICAL') return 'ERROR';
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'INFO';
}

export function parseSettings(stanzas: { proxy?: Stanza; network?: Stanza; logging?: Stanza }): Settings {
  const proxy = parseProxy(stanzas.proxy);
  return {
    ...(proxy ? { proxy } : {}),
    network: parseNetwork(stanzas.network),
    logLevel: parseLogLevel(stanzas.logging),
  };
}
