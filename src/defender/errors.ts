// The error catalog: every failure talking to Entra ID, Graph or Defender for Endpoint becomes one
// DefenderError whose message names the account, tenant, endpoint and status, and says how to fix it.

export type ErrorCategory =
  | 'config'
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'bad_request'
  | 'throttled'
  | 'server'
  | 'network'
  | 'protocol';

export type Api = 'login' | 'graph' | 'mde';
export const API_NAME: Record<Api, string> = { login: 'Entra ID', graph: 'Graph', mde: 'Defender for Endpoint API' };

export interface CallContext {
  account: string;
  tenant: string;
  clientId?: string;
  api: Api;
  method?: string;
  /** Path without the host and query, e.g. /v1.0/security/incidents. */
  path?: string;
  /** The application role the call needs, for permission hints. */
  requiredRole?: string;
}

export class DefenderError extends Error {
  override name = 'DefenderError';
  /** The server's Retry-After (429, 503), when it sent one: lets a caller say when to try again. */
  retryAfterMs?: number;
  constructor(
    readonly code: string,
    readonly category: ErrorCategory,
    readonly context: CallContext,
    readonly detail: string,
    readonly fix: string,
    readonly status?: number,
    /** Microsoft's own error code from the body (e.g. ResourceNotFound, ActiveRequestAlreadyExists), when it sent one. */
    readonly apiCode?: string,
  ) {
    super(formatMessage(context, status, detail, fix));
  }
}

function formatMessage(ctx: CallContext, status: number | undefined, detail: string, fix: string): string {
  const who = `account '${ctx.account}' (tenant ${ctx.tenant})`;
  const what = ctx.path ? `${API_NAME[ctx.api]} ${ctx.method ?? 'GET'} ${ctx.path}` : API_NAME[ctx.api];
  const how = status !== undefined ? `returned ${status}` : 'failed';
  return `${who}: ${what} ${how}: ${detail.replace(/\s+$/, '').replace(/\.$/, '')}. ${fix}`;
}

const PERMISSION_API: Record<Api, string> = {
  login: 'Microsoft Graph',
  graph: 'Microsoft Graph',
  mde: 'WindowsDefenderATP',
};

function consentFix(ctx: CallContext, roles: string[]): string {
  const app = ctx.clientId ? `app ${ctx.clientId}` : 'the app registration';
  const list = roles.length > 0 ? roles.join(' or ') : ctx.requiredRole ?? 'the required permission';
  return `Fix: grant ${app} the ${PERMISSION_API[ctx.api]} application permission ${list} (Entra admin center > App registrations > API permissions > Add a permission > Application permissions), then click "Grant admin consent".`;
}

/** The first role Graph names in "API required roles: A,B, application roles: C." */
function requiredRolesFrom(message: string, fallback?: string): string[] {
  const m = /required roles:\s*([^,\s][^]*?),?\s*application roles:/i.exec(message);
  const roles = m?.[1]?.split(',').map((r) => r.trim()).filter(Boolean) ?? [];
  if (fallback && roles.includes(fallback)) return [fallback];
  return roles.length > 0 ? [roles[0] as string] : fallback ? [fallback] : [];
}

/** Extracts `error.message` (Graph, MDE) or `error_description` (Entra) from a body, bounded in length. */
export function errorDetail(body: string): { code?: string; message: string } {
  try {
    const parsed = JSON.parse(body) as {
      error?: { code?: string; message?: string } | string;
      error_description?: string;
    };
    if (typeof parsed.error === 'object' && parsed.error)
      return { code: parsed.error.code, message: String(parsed.error.message ?? parsed.error.code ?? '') };
    if (typeof parsed.error === 'string')
      return { code: parsed.error, message: String(parsed.error_description ?? parsed.error) };
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text || '(empty body)' };
}

export function fromHttpStatus(ctx: CallContext, status: number, body: string): DefenderError {
  const { code, message } = errorDetail(body);
  const api = API_NAME[ctx.api];
  switch (true) {
    case status === 401:
      return new DefenderError(
        'unauthorized',
        'auth',
        ctx,
        message || 'access token refused',
        `Fix: the token was refused even after a fresh one was requested; check that the account's cloud matches the tenant's cloud and that ${api} is the resource the app was consented for.`,
        status,
        code,
      );
    case status === 403:
      return new DefenderError('forbidden', 'permission', ctx, message || 'forbidden', consentFix(ctx, requiredRolesFrom(message, ctx.requiredRole)), status, code);
    case status === 404:
      return new DefenderError(
        'not_found',
        'not_found',
        ctx,
        message || 'not found',
        ctx.api === 'mde'
          ? "Fix: check the account's cloud and the input's region (custom cloud: mde_url); the Defender for Endpoint API retires on 2027-02-01."
          : "Fix: check the account's cloud (custom cloud: graph_url); if the record was deleted or merged, nothing is lost.",
        status,
        code,
      );
    case status === 429:
      return new DefenderError(
        'throttled',
        'throttled',
        ctx,
        message || 'too many requests',
        `Fix: nothing to do now — the run stopped within its time budget and resumes from its checkpoint; if this repeats, lengthen the input interval or move other tools that use this app registration to another one (${api} limits are per app and tenant).`,
        status,
        code,
      );
    case status >= 500:
      return new DefenderError(
        'server_error',
        'server',
        ctx,
        message || 'server error',
        'Fix: Microsoft reported a server error; the run resumes from its checkpoint at the next interval. Check https://status.cloud.microsoft if it persists.',
        status,
        code,
      );
    default:
      return new DefenderError(
        code === 'MaximumBatchSizeExceeded' ? 'batch_too_large' : 'bad_request',
        'bad_request',
        ctx,
        message || `HTTP ${status}`,
        'Fix: the request was refused as invalid; check the values given (ids, enum values) or report this line to the add-on\'s maintainers.',
        status,
        code,
      );
  }
}

/** A certificate the client does not trust: not transient, so never retried. */
export const isTlsFailure = (code: string): boolean => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code);

export function fromNetworkError(ctx: CallContext, code: string, host: string): DefenderError {
  if (code === 'ERR_PROXY_AUTH')
    return new DefenderError(
      'proxy_auth_failed',
      'config',
      ctx,
      `the proxy ${host} refused the credentials (407 Proxy Authentication Required)`,
      'Fix: check proxy_username and the proxy password on the Configuration page (Proxy tab).',
    );
  if (code === 'ERR_PROXY_REFUSED')
    return new DefenderError(
      'proxy_refused',
      'network',
      ctx,
      `the proxy ${host} refused to open a tunnel`,
      "Fix: check that the proxy allows CONNECT to the Microsoft login, Graph and Defender for Endpoint hosts on port 443, and the proxy settings on the Configuration page (Proxy tab).",
    );
  const detail = code === 'ETIMEDOUT' || code === 'ECONNABORTED' ? `no answer from ${host} in time` : `cannot reach ${host} (${code})`;
  const tls = isTlsFailure(code);
  return new DefenderError(
    tls ? 'tls_error' : 'network_error',
    'network',
    ctx,
    detail,
    tls
      ? 'Fix: the server certificate is not trusted: if a proxy inspects TLS, add its CA certificate to the CA bundle on the Configuration page (Network tab). Certificate checks are never disabled.'
      : 'Fix: check DNS, the firewall and the proxy settings on the Configuration page; the run resumes from its checkpoint.',
  );
}

export function malformedResponse(ctx: CallContext, status: number): DefenderError {
  return new DefenderError(
    'malformed_response',
    'protocol',
    ctx,
    'the response body is not the JSON the API documents',
    'Fix: usually transient (a proxy or a cut connection); the run resumes from its checkpoint. If a proxy rewrites responses, exempt Microsoft endpoints from it.',
    status,
  );
}

interface AadCase {
  code: string;
  category: ErrorCategory;
  fix: (ctx: CallContext) => string;
}

// Entra ID (AADSTS) errors seen with client-credential flows, with what the admin should do.
const AAD_ERRORS: Record<string, AadCase> = {
  AADSTS7000215: {
    code: 'invalid_client_secret',
    category: 'auth',
    fix: () =>
      "Fix: the client secret is wrong: copy the secret's Value (not its Secret ID) from Entra ID > App registrations > Certificates & secrets and save it on the account.",
  },
  AADSTS7000222: {
    code: 'client_secret_expired',
    category: 'auth',
    fix: () => 'Fix: the client secret has expired: create a new secret in Entra ID > App registrations > Certificates & secrets and save it on the account.',
  },
  AADSTS700016: {
    code: 'unknown_client',
    category: 'config',
    fix: (ctx) =>
      `Fix: client_id ${ctx.clientId ?? ''} is not registered or consented in tenant ${ctx.tenant}: check client_id, tenant_id and the account's cloud.`,
  },
  AADSTS90002: {
    code: 'unknown_tenant',
    category: 'config',
    fix: (ctx) => `Fix: tenant ${ctx.tenant} does not exist in this cloud: check tenant_id and the account's cloud (commercial, GCC, GCC High, DoD).`,
  },
  AADSTS900023: {
    code: 'unknown_tenant',
    category: 'config',
    fix: () => 'Fix: tenant_id is not a valid tenant identifier: copy the Directory (tenant) ID from the app registration overview.',
  },
  AADSTS700027: {
    code: 'certificate_not_registered',
    category: 'auth',
    fix: () =>
      'Fix: the certificate is not registered on the app (or its key does not match): upload the certificate (public part) in Entra ID > App registrations > Certificates & secrets, and check the thumbprint on the account.',
  },
  AADSTS700024: {
    code: 'assertion_time_invalid',
    category: 'auth',
    fix: () => "Fix: the signed client assertion is outside its validity time: check this host's clock (NTP).",
  },
  AADSTS70011: {
    code: 'invalid_scope',
    category: 'config',
    fix: () => "Fix: the API resource was refused as a scope: check the account's cloud (and for a custom cloud, graph_url and mde_url).",
  },
  AADSTS7000112: {
    code: 'app_disabled',
    category: 'auth',
    fix: () => 'Fix: the application is disabled in the tenant: enable it in Entra ID > Enterprise applications.',
  },
};

/** Maps an MSAL/Entra failure (its message carries the AADSTS code) to the catalog. */
export function fromTokenError(ctx: CallContext, message: string, status?: number): DefenderError {
  const aad = /AADSTS\d+/.exec(message)?.[0];
  const known = aad ? AAD_ERRORS[aad] : undefined;
  // MSAL wraps Entra's text as "Error(s): <codes> - Timestamp: <time> - Description: <text> - Correlation ID: …";
  // keep Entra's own description, without the time that makes every message different.
  const described = /(?:^|\s)Description:\s*([^]*?)(?:\s+-\s+(?:Correlation ID|Trace ID):[^]*)?$/.exec(message)?.[1] ?? message;
  const firstLine = described.split(/\r?\n|Trace ID:/)[0]?.trim() ?? described;
  if (known) return new DefenderError(known.code, known.category, ctx, firstLine, known.fix(ctx), status);
  return new DefenderError(
    'token_error',
    'auth',
    ctx,
    firstLine || 'token request failed',
    "Fix: check the account's tenant_id, client_id, credential and cloud on the Configuration page.",
    status,
  );
}

// Advanced hunting (runHuntingQuery): the generic fixes above would mislead there (a 400 is the user's KQL,
// a 429 is the tenant's hunting quota, not this input's pace).

/** A failure of runHuntingQuery, reworded: KQL error, timeout, quota (with when to retry); others unchanged. */
export function huntingFailure(err: DefenderError, now: number, requestTimeoutMs: number): DefenderError {
  const ctx = err.context;
  if (err.status === 400 && /timeout period|timed out/i.test(err.detail))
    return withRetry(new DefenderError('hunting_timeout', 'bad_request', ctx, err.detail, TIMEOUT_FIX, 400), err);
  if (err.status === 400)
    return new DefenderError(
      'hunting_query_error',
      'bad_request',
      ctx,
      `the KQL query was refused: ${err.detail}`,
      'Fix: correct the query at the line and position Microsoft gives (try it in the Defender portal under Hunting > Advanced hunting); table and column names are case-sensitive.',
      400,
    );
  if (err.code === 'network_error' && /in time/.test(err.detail))
    return new DefenderError('hunting_timeout', 'network', ctx, `no answer within ${requestTimeoutMs / 1000} seconds`, TIMEOUT_FIX);
  if (err.status === 429) {
    const when = err.retryAfterMs !== undefined ? ` after ${Math.ceil(err.retryAfterMs / 1000)} seconds (${new Date(now + err.retryAfterMs).toISOString().slice(0, 19)}Z)` : ' in a minute';
    return withRetry(
      new DefenderError(
        'hunting_quota',
        'throttled',
        ctx,
        `advanced hunting quota exhausted: ${err.detail}`,
        `Fix: run it again${when}. Advanced hunting allows about 45 queries a minute per tenant and a CPU budget per 15 minutes, shared by every tool that hunts in this tenant; lengthen scheduled hunting intervals if this repeats.`,
        429,
      ),
      err,
    );
  }
  return err;
}

const TIMEOUT_FIX =
  'Fix: the query ran longer than the 3 minutes advanced hunting allows: narrow the timespan, filter early (where on Timestamp, DeviceName, ActionType first) and project or summarize instead of returning whole rows.';

function withRetry(next: DefenderError, from: DefenderError): DefenderError {
  if (from.retryAfterMs !== undefined) next.retryAfterMs = from.retryAfterMs;
  return next;
}
