// Access tokens through @azure/msal-node: one ConfidentialClientApplication (and so one token cache) per
// account per process, with a client secret or a certificate, talking through our transport so tokens
// follow the same proxy and CA rules as API calls.
import { ConfidentialClientApplication, LogLevel, type Configuration, type INetworkModule } from '@azure/msal-node';
import { createPrivateKey } from 'node:crypto';
import type { Account } from '../config/account';
import type { CloudEndpoints } from './clouds';
import { DefenderError, fromNetworkError, fromTokenError, type CallContext } from './errors';
import { TransportError, type Transport } from './transport';

export interface TokenSource {
  /** A bearer token for `scope`; `fresh` bypasses the cache (after a 401 on a token that was valid). */
  token(scope: string, fresh?: boolean): Promise<string>;
}

/** The account's credential as read from storage/passwords. */
export type Credential = { kind: 'client_secret'; secret: string } | { kind: 'certificate'; privateKeyPem: string };

/** MSAL's network interface over our transport. Remembers the last network fault so we can explain it. */
class MsalNetwork implements INetworkModule {
  lastFault: TransportError | undefined;

  constructor(private readonly transport: Transport) {}

  sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }, timeout?: number) {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }) {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: { headers?: Record<string, string>; body?: string },
    timeoutMs?: number,
  ): Promise<{ headers: Record<string, string>; body: T; status: number }> {
    try {
      const res = await this.transport.send({
        method,
        url,
        ...(options?.headers ? { headers: options.headers } : {}),
        ...(options?.body !== undefined ? { body: options.body } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
      });
      let body: unknown = {};
      try {
        body = res.body ? JSON.parse(res.body) : {};
      } catch {
        body = { error: 'invalid_response', error_description: `HTTP ${res.status}: the token endpoint did not answer with JSON` };
      }
      return { headers: res.headers, body: body as T, status: res.status };
    } catch (err) {
      if (err instanceof TransportError) this.lastFault = err;
      throw err;
    }
  }
}

/** PKCS#8 PEM for MSAL; accepts PKCS#1 too. Encrypted keys are refused with the reason. */
export function normalisePrivateKey(pem: string, account: string): string {
  if (/ENCRYPTED/.test(pem))
    throw new Error(`account '${account}': the stored certificate private key is encrypted; store an unencrypted PEM key (it is kept encrypted in Splunk's storage/passwords).`);
  try {
    return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new Error(`account '${account}': the stored certificate private key is not a PEM private key; paste the key again on the Configuration page.`);
  }
}

/**
 * The OpenID configuration of an Entra-compatible custom login host, built from its documented v2.0 layout so
 * MSAL does not fetch it at every process start (for Microsoft's own hosts MSAL ships it built in).
 */
export function customAuthorityMetadata(authority: string): Record<string, string> {
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    issuer: `${authority}/v2.0`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
  };
}

export function msalConfiguration(account: Account, endpoints: CloudEndpoints, credential: Credential, network: INetworkModule): Configuration {
  const auth: Configuration['auth'] = {
    clientId: account.clientId,
    authority: endpoints.authority,
    ...(endpoints.knownAuthority
      ? { knownAuthorities: [endpoints.knownAuthority], authorityMetadata: JSON.stringify(customAuthorityMetadata(endpoints.authority)) }
      : {}),
  };
  if (credential.kind === 'client_secret') auth.clientSecret = credential.secret;
  else {
    const thumb = account.certificateThumbprint ?? '';
    const privateKey = normalisePrivateKey(credential.privateKeyPem, account.name);
    // A SHA-256 thumbprint makes MSAL sign PS256 with x5t#S256; SHA-1 gives RS256 with x5t.
    auth.clientCertificate = thumb.length === 64 ? { thumbprintSha256: thumb, privateKey } : { thumbprint: thumb, privateKey };
  }
  return {
    auth,
    system: {
      networkClient: network,
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  };
}

export function msalTokenSource(account: Account, endpoints: CloudEndpoints, credential: Credential, transport: Transport): TokenSource {
  const network = new MsalNetwork(transport);
  const app = new ConfidentialClientApplication(msalConfiguration(account, endpoints, credential, network));
  const ctx: CallContext = { account: account.name, tenant: account.tenantId, clientId: account.clientId, api: 'login' };
  return {
    async token(scope: string, fresh = false): Promise<string> {
      network.lastFault = undefined;
      try {
        const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: fresh });
        if (!result?.accessToken) throw new Error('Entra ID returned no access token');
        return result.accessToken;
      } catch (err) {
        if (err instanceof DefenderError) throw err;
        const fault: TransportError | undefined = network.lastFault as TransportError | undefined;
        if (fault) throw fromNetworkError(ctx, fault.code, fault.host);
        const e = err as { errorMessage?: string; message?: string; status?: number };
        throw fromTokenError(ctx, e.errorMessage || e.message || String(err), e.status);
      }
    },
  };
}
