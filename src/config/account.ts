// An account stanza of ta_defender_sync_account.conf, validated into a typed Account (DESIGN §3).
// Pure: the stanza content comes from splunkd; the secret never passes through here.
import { ACCOUNT_CONF, ACCOUNT_NAME_PATTERN } from './names';

export const CLOUDS = ['commercial', 'gcc', 'gcc_high', 'dod', 'custom'] as const;
export type Cloud = (typeof CLOUDS)[number];
export const AUTH_TYPES = ['client_secret', 'certificate'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface Account {
  name: string;
  tenantId: string;
  clientId: string;
  authType: AuthType;
  /** Hex SHA-1 (40) or SHA-256 (64) thumbprint, lower case; certificate auth only. */
  certificateThumbprint?: string;
  cloud: Cloud;
  /** `custom` cloud only: https roots without trailing slash. */
  loginUrl?: string;
  graphUrl?: string;
  mdeUrl?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function validateHttpsUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${value}' is not a URL`;
  }
  if (url.protocol !== 'https:') return `'${value}' must use https://`;
  if (url.search || url.hash) return `'${value}' must not carry a query or fragment`;
  if (url.username || url.password) return `'${value}' must not carry credentials`;
  return undefined;
}

/** Every problem of the stanza, each a sentence naming the key and the fix; empty when valid. */
export function accountProblems(name: string, content: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const get = (key: string): string => (content[key] ?? '').trim();
  if (!ACCOUNT_NAME_PATTERN.test(name))
    problems.push(`account name '${name}' is invalid: use 1-64 letters, digits, '_' or '-'`);
  for (const key of ['tenant_id', 'client_id']) {
    const v = get(key);
    if (!v) problems.push(`${key} is missing`);
    else if (!isGuid(v)) problems.push(`${key} '${v}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  }
  const authType = get('auth_type') || 'client_secret';
  if (!(AUTH_TYPES as readonly string[]).includes(authType))
    problems.push(`auth_type '${authType}' is invalid: use client_secret or certificate`);
  if (authType === 'certificate') {
    const thumb = get('certificate_thumbprint').replace(/[:\s]/g, '');
    if (!thumb) problems.push('certificate_thumbprint is missing (certificate authentication needs it)');
    else if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(thumb))
      problems.push(`certificate_thumbprint '${thumb}' is not a hex SHA-1 (40) or SHA-256 (64) thumbprint`);
  }
  const cloud = get('cloud') || 'commercial';
  if (cloud === 'china' || cloud === 'mooncake' || cloud === '21vianet') {
    problems.push(
      "cloud 'china' is not supported: Microsoft Graph security incidents and alerts_v2 are not available in the China (21Vianet) cloud, and no Defender for Endpoint API is documented there",
    );
  } else if (!(CLOUDS as readonly string[]).includes(cloud)) {
    problems.push(`cloud '${cloud}' is invalid: use one of ${CLOUDS.join(', ')}`);
  }
  if (cloud === 'custom') {
    for (const key of ['login_url', 'graph_url', 'mde_url']) {
      const v = get(key);
      if (!v) problems.push(`${key} is missing (the custom cloud needs login_url, graph_url and mde_url)`);
      else {
        const bad = validateHttpsUrl(v);
        if (bad) problems.push(`${key}: ${bad}`);
      }
    }
  }
  return problems;
}

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

export function parseAccount(name: string, content: Record<string, string | undefined>): Account {
  const problems = accountProblems(name, content);
  if (problems.length > 0)
    throw new ConfigError(
      `account '${name}' in ${ACCOUNT_CONF}.conf is not usable: ${problems.join('; ')}. Fix it on the add-on's Configuration page.`,
    );
  const get = (key: string): string => (content[key] ?? '').trim();
  const authType = (get('auth_type') || 'client_secret') as AuthType;
  const cloud = (get('cloud') || 'commercial') as Cloud;
  const account: Account = {
    name,
    tenantId: get('tenant_id').toLowerCase(),
    clientId: get('client_id').toLowerCase(),
    authType,
    cloud,
  };
  if (authType === 'certificate')
    account.certificateThumbprint = get('certificate_thumbprint').replace(/[:\s]/g, '').toLowerCase();
  if (cloud === 'custom') {
    account.loginUrl = trimSlash(get('login_url'));
    account.graphUrl = trimSlash(get('graph_url'));
    account.mdeUrl = trimSlash(get('mde_url'));
  }
  return account;
}
