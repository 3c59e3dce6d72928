// Login host, API roots and token scopes per Microsoft cloud (defender-api.md §1). Pure.
import type { Account } from '../config/account';
import type { EndpointRegion } from '../inputs/definitions';

export interface CloudEndpoints {
  /** Entra authority host, e.g. https://login.microsoftonline.com */
  loginUrl: string;
  /** `${loginUrl}/${tenant}` for MSAL. */
  authority: string;
  /** host[:port] MSAL must trust without instance discovery (custom clouds only). */
  knownAuthority?: string;
  graphUrl: string;
  graphScope: string;
  mdeUrl: string;
  mdeScope: string;
}

const LOGIN_PUBLIC = 'https://login.microsoftonline.com';
const LOGIN_US_GOV = 'https://login.microsoftonline.us';
// The WindowsDefenderATP resource: the documented v2 scope for commercial tenants; XSOAR and others use the
// onmicrosoft.com/.us identifier URIs for GCC and GCC High/DoD (no Microsoft page states the gov scope).
const MDE_SCOPE_PUBLIC = 'https://api.securitycenter.microsoft.com/.default';
const MDE_SCOPE_GCC = 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default';
const MDE_SCOPE_US_GOV = 'https://securitycenter.onmicrosoft.us/windowsatpservice/.default';

export function mdeCommercialRoot(region: EndpointRegion): string {
  return region === 'default' ? 'https://api.security.microsoft.com' : `https://${region}.api.security.microsoft.com`;
}

export function endpointsFor(account: Account, region: EndpointRegion = 'default'): CloudEndpoints {
  const withAuthority = (e: Omit<CloudEndpoints, 'authority'>): CloudEndpoints => ({
    ...e,
    authority: `${e.loginUrl}/${account.tenantId}`,
  });
  switch (account.cloud) {
    case 'commercial':
      return withAuthority({
        loginUrl: LOGIN_PUBLIC,
        graphUrl: 'https://graph.microsoft.com',
        graphScope: 'https://graph.microsoft.com/.default',
        mdeUrl: mdeCommercialRoot(region),
        mdeScope: MDE_SCOPE_PUBLIC,
      });
    case 'gcc':
      // GCC keeps the worldwide login and Graph endpoints; only MDE has its own host.
      return withAuthority({
        loginUrl: LOGIN_PUBLIC,
        graphUrl: 'https://graph.microsoft.com',
        graphScope: 'https://graph.microsoft.com/.default',
        mdeUrl: 'https://api-gcc.securitycenter.microsoft.us',
        mdeScope: MDE_SCOPE_GCC,
      });
    case 'gcc_high':
      return withAuthority({
        loginUrl: LOGIN_US_GOV,
        graphUrl: 'https://graph.microsoft.us',
        graphScope: 'https://graph.microsoft.us/.default',
        mdeUrl: 'https://api-gov.securitycenter.microsoft.us',
        mdeScope: MDE_SCOPE_US_GOV,
      });
    case 'dod':
      return withAuthority({
        loginUrl: LOGIN_US_GOV,
        graphUrl: 'https://dod-graph.microsoft.us',
        graphScope: 'https://dod-graph.microsoft.us/.default',
        mdeUrl: 'https://api-gov.securitycenter.microsoft.us',
        mdeScope: MDE_SCOPE_US_GOV,
      });
    case 'custom': {
      const { loginUrl, graphUrl, mdeUrl } = account;
      if (!loginUrl || !graphUrl || !mdeUrl)
        throw new Error(`account '${account.name}': the custom cloud needs login_url, graph_url and mde_url`);
      return withAuthority({
        loginUrl,
        knownAuthority: new URL(loginUrl).host,
        graphUrl,
        graphScope: `${graphUrl}/.default`,
        mdeUrl,
        mdeScope: `${mdeUrl}/.default`,
      });
    }
  }
}
