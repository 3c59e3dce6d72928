// Our msal-node account as the TokenCredential @azure/event-hubs asks for: one auth stack (proxy, CA bundle,
// clouds, certificate or secret) for Graph and Event Hubs alike, no @azure/identity.
import type { TokenCredential } from '@azure/event-hubs';

type AccessToken = Awaited<ReturnType<TokenCredential['getToken']>> & object;
import { EVENT_HUBS_SCOPE } from '../config/names';
import type { TokenSource } from '../defender/auth';

// The SDK asks for "https://eventhubs.azure.net//.default" (its constant has a trailing slash before
// /.default); Entra's documented resource is https://eventhubs.azure.net/ in every cloud.
export function normaliseScope(scope: string): string {
  return /^https:\/\/eventhubs\.azure\.net\/+\.default$/i.test(scope) ? EVENT_HUBS_SCOPE : scope;
}

/** Expiry from the JWT's `exp`; without one, five minutes (MSAL's cache refreshes before real expiry anyway). */
export function tokenExpiry(token: string, nowMs: number): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof payload.exp === 'number' && payload.exp * 1000 > nowMs) return payload.exp * 1000;
  } catch {
    // not a JWT: fall through
  }
  return nowMs + 5 * 60_000;
}

export function tokenCredential(tokens: TokenSource, now: () => number = Date.now): TokenCredential {
  return {
    // The SDK asks once per link and again 2 minutes before expiry; MSAL's cache answers the repeats and
    // renews a token 5 minutes before it expires, so a renewal always gets a new one.
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = normaliseScope(Array.isArray(scopes) ? (scopes[0] ?? EVENT_HUBS_SCOPE) : scopes);
      const token = await tokens.token(scope);
      return { token, expiresOnTimestamp: tokenExpiry(token, now()) };
    },
  };
}
