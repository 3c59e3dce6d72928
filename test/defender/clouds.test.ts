import { expect } from 'chai';
import type { Account } from '../../src/config/account';
import { endpointsFor } from '../../src/defender/clouds';

const base: Account = { name: 'a', tenantId: 't-1', clientId: 'c', authType: 'client_secret', cloud: 'commercial' };

describe('cloud endpoints', () => {
  it('commercial: worldwide login and Graph, MDE by region', () => {
    const e = endpointsFor(base);
    expect(e.authority).to.equal('https://login.microsoftonline.com/t-1');
    expect(e.graphUrl).to.equal('https://graph.microsoft.com');
    expect(e.graphScope).to.equal('https://graph.microsoft.com/.default');
    expect(e.mdeUrl).to.equal('https://api.security.microsoft.com');
    expect(e.mdeScope).to.equal('https://api.securitycenter.microsoft.com/.default');
    expect(endpointsFor(base, 'eu').mdeUrl).to.equal('https://eu.api.security.microsoft.com');
    expect(e.knownAuthority).to.equal(undefined);
  });

  it('GCC keeps worldwide login and Graph but has its own MDE host', () => {
    const e = endpointsFor({ ...base, cloud: 'gcc' }, 'eu');
    expect(e.authority).to.equal('https://login.microsoftonline.com/t-1');
    expect(e.graphUrl).to.equal('https://graph.microsoft.com');
    expect(e.mdeUrl).to.equal('https://api-gcc.securitycenter.microsoft.us');
  });

  it('GCC High and DoD use the US Government login host and their own Graph', () => {
    const high = endpointsFor({ ...base, cloud: 'gcc_high' });
    expect(high.authority).to.equal('https://login.microsoftonline.us/t-1');
    expect(high.graphScope).to.equal('https://graph.microsoft.us/.default');
    expect(high.mdeUrl).to.equal('https://api-gov.securitycenter.microsoft.us');
    const dod = endpointsFor({ ...base, cloud: 'dod' });
    expect(dod.graphUrl).to.equal('https://dod-graph.microsoft.us');
    expect(dod.graphScope).to.equal('https://dod-graph.microsoft.us/.default');
    expect(dod.mdeScope).to.equal('https://securitycenter.onmicrosoft.us/windowsatpservice/.default');
  });

  it('custom: scopes derive from the given roots and MSAL trusts the login host', () => {
    const e = endpointsFor({
      ...base,
      cloud: 'custom',
      loginUrl: 'https://127.0.0.1:8443',
      graphUrl: 'https://127.0.0.1:8443/graph',
      mdeUrl: 'https://127.0.0.1:8443/mde',
    });
    expect(e.authority).to.equal('https://127.0.0.1:8443/t-1');
    expect(e.knownAuthority).to.equal('127.0.0.1:8443');
    expect(e.graphScope).to.equal('https://127.0.0.1:8443/graph/.default');
    expect(e.mdeScope).to.equal('https://127.0.0.1:8443/mde/.default');
  });
});
