// Claims-based security as Event Hubs does it: a client puts a token on `$cbs` for an audience (a
// resource URI); later operations on a resource need a live token whose audience covers it and whose
// claims include the right (Listen to receive and read runtime information). SAS tokens are checked
// against the namespace's shared access keys; Entra tokens against the login JWKS, then against the
// Azure RBAC role assignments of the app (roles are not in Event Hubs tokens).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';

export type Right = 'Listen' | 'Send' | 'Manage';

export interface SasKey {
  name: string;
  key: string;
  rights: Right[];
}

export const EVENT_HUBS_ROLES = {
  'Azure Event Hubs Data Owner': ['Listen', 'Send', 'Manage'],
  'Azure Event Hubs Data Receiver': ['Listen'],
  'Azure Event Hubs Data Sender': ['Send'],
} as const satisfies Record<string, readonly Right[]>;

export type EventHubsRole = keyof typeof EVENT_HUBS_ROLES;

export interface RoleAssignment {
  /** The app's client id (`appid` in its token). */
  principalId: string;
  role: EventHubsRole;
  /** Event hub the assignment is scoped to; the whole namespace when absent. */
  hub?: string;
}

export interface Grant {
  audience: string;
  rights: Right[];
  expiresMs: number;
  /** Who: the SAS key name or the app id. */
  principal: string;
}

export type TokenVerdict = { ok: true; grant: Grant } | { ok: false; status: 401; description: string };

const ENTRA_AUDIENCES = new Set(['https://eventhubs.azure.net', 'https://eventhubs.azure.net/']);

/** `sb://host/path` with any host, lower-cased, without trailing slash: what audiences are compared on. */
export function resourcePath(uri: string): string {
  const m = /^(?:sb|amqps?|https?):\/\/[^/]+\/?(.*)$/i.exec(uri.trim());
  return (m ? m[1] as string : uri).replace(/\/+$/, '').toLowerCase();
}

/** SharedAccessSignature sr=…&sig=…&se=…&skn=… (URL-encoded values, any order). */
function parseSas(token: string): Record<string, string> | undefined {
  const m = /^SharedAccessSignature\s+(.+)$/.exec(token.trim());
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const pair of (m[1] as string).split('&')) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i)] = decodeURIComponent(pair.slice(i + 1));
  }
  return out.sr && out.sig && out.se && out.skn ? out : undefined;
}

export class Authority {
  private jwks: ReturnType<typeof createLocalJWKSet> | undefined;

  constructor(
    private readonly sasKeys: SasKey[],
    private readonly assignments: RoleAssignment[],
    private readonly loadJwks: (() => Promise<JSONWebKeySet>) | undefined,
    private readonly now: () => number,
  ) {}

  async verify(type: string, token: string, audience: string): Promise<TokenVerdict> {
    if (type === 'servicebus.windows.net:sastoken') return this.verifySas(token, audience);
    if (type === 'jwt') return this.verifyJwt(token, audience);
    return { ok: false, status: 401, description: `InvalidToken: the token type '${type}' is not supported; use 'jwt' or 'servicebus.windows.net:sastoken'.` };
  }

  private verifySas(token: string, audience: string): TokenVerdict {
    const sas = parseSas(token);
    if (!sas) return { ok: false, status: 401, description: 'InvalidToken: the SharedAccessSignature is malformed.' };
    const key = this.sasKeys.find((k) => k.name === sas.skn);
    const expected = key ? createHmac('sha256', key.key).update(`${encodeURIComponent(sas.sr as string)}\n${sas.se as string}`).digest('base64') : '';
    const given = Buffer.from(sas.sig as string);
    if (!key || given.length !== Buffer.byteLength(expected) || !timingSafeEqual(given, Buffer.from(expected))) {
      return { ok: false, status: 401, description: `InvalidSignature: The token has an invalid signature. (key name '${sas.skn as string}')` };
    }
    const expiresMs = Number(sas.se) * 1000;
    if (!(expiresMs > this.now())) return { ok: false, status: 401, description: `ExpiredToken: The token is expired. Expiration time: '${new Date(expiresMs).toISOString()}'` };
    const scope = resourcePath(sas.sr as string);
    const wanted = resourcePath(audience);
    if (scope !== '' && wanted !== scope && !wanted.startsWith(`${scope}/`)) {
      return { ok: false, status: 401, description: `InvalidAudience: The token audience '${sas.sr as string}' does not cover '${audience}'.` };
    }
    return { ok: true, grant: { audience, rights: [...key.rights], expiresMs, principal: key.name } };
  }

  private async verifyJwt(token: string, audience: string): Promise<TokenVerdict> {
    if (!this.loadJwks) return { ok: false, status: 401, description: 'InvalidIssuer: this namespace does not accept Entra ID tokens (no identity provider configured).' };
    this.jwks ??= createLocalJWKSet(await this.loadJwks());
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, { algorithms: ['RS256'], currentDate: new Date(this.now()) }));
    } catch (e) {
      const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return { ok: false, status: 401, description: expired ? 'ExpiredToken: The token is expired.' : 'InvalidSignature: The token has an invalid signature.' };
    }
    if (!ENTRA_AUDIENCES.has(String(payload.aud))) {
      return { ok: false, status: 401, description: `InvalidAudience: The token audience '${String(payload.aud)}' is not valid; request a token for https://eventhubs.azure.net/.default.` };
    }
    const appId = String(payload.appid ?? payload.azp ?? '');
    const hub = resourcePath(audience).split('/')[0] ?? '';
    const rights = new Set<Right>();
    for (const a of this.assignments) {
      if (a.principalId.toLowerCase() !== appId.toLowerCase()) continue;
      if (a.hub !== undefined && a.hub.toLowerCase() !== hub) continue;
      for (const r of EVENT_HUBS_ROLES[a.role]) rights.add(r);
    }
    return { ok: true, grant: { audience, rights: [...rights], expiresMs: Number(payload.exp) * 1000, principal: appId } };
  }
}

/** The grants of one connection: the latest token per audience. */
export class ConnectionGrants {
  private readonly grants = new Map<string, Grant>();

  put(grant: Grant): void {
    this.grants.set(resourcePath(grant.audience), grant);
  }

  /** The live grant covering `resource` (equal or a parent path), if any. */
  covering(resource: string, nowMs: number): Grant | undefined {
    const path = resourcePath(resource);
    let best: Grant | undefined;
    for (const [scope, g] of this.grants) {
      if (g.expiresMs <= nowMs) continue;
      if (scope === '' || path === scope || path.startsWith(`${scope}/`)) {
        if (!best || g.rights.length > best.rights.length) best = g;
      }
    }
    return best;
  }
}
