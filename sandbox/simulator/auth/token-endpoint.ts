// The Entra v2 token endpoint for the client-credentials grant, with a client secret or a
// certificate assertion (PS256 + x5t#S256 or RS256 + x5t), answering Entra's error codes.
import { compactVerify, decodeJwt, decodeProtectedHeader, importX509 } from 'jose';
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';
import { jsonResponse, type SimResponse } from '../http/response';
import type { ApiName, TokenAuthority } from './access-tokens';
import { entraErrorResponse, entraErrors, type EntraErrorSpec } from './entra-errors';
import type { AppInfo, TenantInfo } from './tenants';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SKEW_SECONDS = 300;
const IGNORED_SCOPES = new Set(['openid', 'profile', 'offline_access']);

export interface LoginContext {
  tenants: readonly TenantInfo[];
  authority: TokenAuthority;
  clock: Clock;
  /** Which API a requested resource (scope without `/.default`) is, or undefined. */
  resolveResource(resource: string): ApiName | 'eventhubs' | undefined;
  /** Hosts (host:port) under which the token endpoint may be addressed in an assertion's `aud`. */
  tokenHosts: readonly string[];
}

class EntraError extends Error {
  constructor(readonly spec: EntraErrorSpec) {
    super(spec.message);
  }
}

const fail = (spec: EntraErrorSpec): never => {
  throw new EntraError(spec);
};

function sameSecret(given: string, expected: string | null): boolean {
  if (expected === null) return false;
  const a = Buffer.from(given), b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isoSeconds(s: number | undefined): string {
  return s === undefined ? '(none)' : new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Checks the assertion; returns how it was signed, e.g. `PS256 x5t#S256`. */
async function checkAssertion(assertion: string, app: AppInfo, tenantPath: string, ctx: LoginContext): Promise<string> {
  let header;
  let claims;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    return fail(entraErrors.malformedAssertion('The client_assertion is not a JWS compact serialization.'));
  }
  const alg = header.alg;
  if (alg !== 'PS256' && alg !== 'RS256') return fail(entraErrors.malformedAssertion(`Unsupported signing algorithm '${String(alg)}'; use PS256 or RS256.`));
  const sha256 = header['x5t#S256'] as string | undefined;
  const sha1 = header.x5t;
  if (!sha256 && !sha1) return fail(entraErrors.malformedAssertion(`The assertion header has neither 'x5t#S256' nor 'x5t'.`));
  const hex = Buffer.from((sha256 ?? sha1) as string, 'base64url').toString('hex').toUpperCase();
  const cert = app.certificates.find((c) => (sha256 ? c.thumbprintSha256 : c.thumbprintSha1) === hex);
  if (!cert) return fail(entraErrors.unregisteredKey(app.clientId, hex));
  try {
    await compactVerify(assertion, await importX509(cert.certificatePem, alg));
  } catch {
    return fail(entraErrors.badSignature());
  }
  const audiences = new Set<string>();
  for (const host of ctx.tokenHosts) {
    for (const path of [`/${tenantPath}/oauth2/v2.0/token`, `/${tenantPath}/oauth2/token`]) audiences.add(`https://${host}${path}`.toLowerCase());
  }
  const aud: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a: unknown) => typeof a === 'string' && audiences.has(a.toLowerCase()))) return fail(entraErrors.assertionAudience());
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) return fail(entraErrors.assertionSubject());
  const now = ctx.clock.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_SECONDS < now || (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > now)) {
    return fail(entraErrors.expiredAssertion(isoSeconds(Math.floor(now)), isoSeconds(claims.nbf), isoSeconds(claims.exp)));
  }
  return `${alg} ${sha256 ? 'x5t#S256' : 'x5t'}`;
}

/** POST /{tenant}/oauth2/v2.0/token. `note.credential` tells how the client authenticated (for the request log). */
export async function handleTokenRequest(
  tenantPath: string,
  form: URLSearchParams,
  headers: Readonly<Record<string, string | undefined>>,
  ctx: LoginContext,
  note: { credential?: string } = {},
): Promise<SimResponse> {
  try {
    const tenant = ctx.tenants.find((t) => t.tenantId.toLowerCase() === tenantPath.toLowerCase());
    if (!tenant) return fail(entraErrors.unknownTenant(tenantPath));
    const grant = form.get('grant_type');
    if (!grant) return fail(entraErrors.missingParameter('grant_type'));
    if (grant !== 'client_credentials') return fail(entraErrors.unsupportedGrant(grant));

    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId ??= decodeURIComponent(decoded.slice(0, colon));
      secret ??= decodeURIComponent(decoded.slice(colon + 1));
    }
    if (!clientId) return fail(entraErrors.missingParameter('client_id'));
    const app = tenant.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
    if (!app) return fail(entraErrors.unknownClient(clientId, tenant.tenantId));

    const assertion = form.get('client_assertion');
    let credential: 'secret' | 'certificate';
    if (secret !== null) {
      note.credential = 'client_secret';
      if (!sameSecret(secret, app.clientSecret)) return fail(entraErrors.invalidSecret(app.clientId));
      credential = 'secret';
    } else if (assertion !== null) {
      note.credential = 'client_assertion';
      if (form.get('client_assertion_type') !== JWT_BEARER) return fail(entraErrors.missingParameter('client_assertion_type'));
      note.credential = `client_assertion ${await checkAssertion(assertion, app, tenantPath, ctx)}`;
      credential = 'certificate';
    } else {
      return fail(entraErrors.missingCredential());
    }

    const scopeParam = form.get('scope');
    if (!scopeParam || !scopeParam.trim()) return fail(entraErrors.missingScope());
    const scopes = scopeParam.trim().split(/\s+/).filter((s) => !IGNORED_SCOPES.has(s));
    if (scopes.length === 0) return fail(entraErrors.missingScope());
    if (scopes.length > 1) return fail(entraErrors.invalidScope(scopes.join(' ')));
    const scope = scopes[0] as string;
    if (!scope.endsWith('/.default')) return fail(entraErrors.scopeNotDefault(scope));
    const resource = scope.slice(0, -'/.default'.length).replace(/\/+$/, '');
    const api = ctx.resolveResource(resource);
    if (!api) return fail(entraErrors.invalidScope(scope));

    const token = await ctx.authority.issue({
      // Event Hubs authorises by Azure RBAC role assignments on the namespace, not by roles in the token.
      tenantId: tenant.tenantId, clientId: app.clientId, appName: app.displayName, audience: resource, roles: api === 'eventhubs' ? [] : app.roles[api], credential,
    });
    const lifetime = ctx.authority.lifetimeSeconds;
    return jsonResponse(200, { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token }, 'application/json; charset=utf-8', {
      'Cache-Control': 'no-store, no-cache',
    });
  } catch (e) {
    if (e instanceof EntraError) return entraErrorResponse(e.spec, ctx.clock.now(), headers['client-request-id']);
    throw e;
  }
}

/** GET /{tenant}/v2.0/.well-known/openid-configuration — the fields MSAL reads, and the usual rest. */
export function openIdConfiguration(loginUrl: string, tenantPath: string, ctx: LoginContext, correlationId?: string): SimResponse {
  const tenant = ctx.tenants.find((t) => t.tenantId.toLowerCase() === tenantPath.toLowerCase());
  if (!tenant) {
    const r = entraErrorResponse(entraErrors.unknownTenant(tenantPath), ctx.clock.now(), correlationId);
    (r.body as Record<string, unknown>).error = 'invalid_tenant';
    return r;
  }
  const base = `${loginUrl}/${tenant.tenantId}`;
  return jsonResponse(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${loginUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'defender-sync-simulator',
    cloud_graph_host_name: new URL(loginUrl).host,
    msgraph_host: new URL(loginUrl).host,
  });
}
