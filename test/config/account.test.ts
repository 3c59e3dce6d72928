import { expect } from 'chai';
import { ConfigError, accountProblems, parseAccount } from '../../src/config/account';

const TENANT = '0d8f2e64-1b7c-4a3e-9f6d-2c5b8a7e4f10';
const CLIENT = '7a1c9e3b-5d2f-4b8a-8c6e-1f0a9b3d5e72';

describe('account stanza', () => {
  it('parses a commercial client-secret account with defaults', () => {
    const a = parseAccount('prod', { tenant_id: TENANT.toUpperCase(), client_id: CLIENT });
    expect(a).to.deep.equal({ name: 'prod', tenantId: TENANT, clientId: CLIENT, authType: 'client_secret', cloud: 'commercial' });
  });

  it('parses a certificate account and normalises the thumbprint', () => {
    const thumb = 'AB:CD:'.repeat(10).slice(0, 59) + 'EF';
    const a = parseAccount('cert-1', {
      tenant_id: TENANT,
      client_id: CLIENT,
      auth_type: 'certificate',
      certificate_thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
      cloud: 'gcc_high',
    });
    expect(a.certificateThumbprint).to.equal('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    expect(a.cloud).to.equal('gcc_high');
    expect(thumb).to.be.a('string');
  });

  it('keeps custom URLs without trailing slashes', () => {
    const a = parseAccount('lab', {
      tenant_id: TENANT,
      client_id: CLIENT,
      cloud: 'custom',
      login_url: 'https://127.0.0.1:8443/',
      graph_url: 'https://127.0.0.1:8443/graph/',
      mde_url: 'https://127.0.0.1:8443/mde',
    });
    expect([a.loginUrl, a.graphUrl, a.mdeUrl]).to.deep.equal([
      'https://127.0.0.1:8443',
      'https://127.0.0.1:8443/graph',
      'https://127.0.0.1:8443/mde',
    ]);
  });

  it('names every problem with its key and fix', () => {
    const problems = accountProblems('bad:name', {
      tenant_id: 'contoso.onmicrosoft.com',
      auth_type: 'certificate',
      cloud: 'custom',
      login_url: 'http://login.example',
      graph_url: 'https://graph.example?x=1',
    });
    expect(problems).to.deep.equal([
      "account name 'bad:name' is invalid: use 1-64 letters, digits, '_' or '-'",
      "tenant_id 'contoso.onmicrosoft.com' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
      'client_id is missing',
      'certificate_thumbprint is missing (certificate authentication needs it)',
      "login_url: 'http://login.example' must use https://",
      "graph_url: 'https://graph.example?x=1' must not carry a query or fragment",
      'mde_url is missing (the custom cloud needs login_url, graph_url and mde_url)',
    ]);
  });

  it('refuses the China cloud with the reason', () => {
    expect(() => parseAccount('cn', { tenant_id: TENANT, client_id: CLIENT, cloud: 'china' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.matches(/not available in the China \(21Vianet\) cloud/);
  });

  it('rejects a thumbprint that is neither SHA-1 nor SHA-256', () => {
    expect(accountProblems('a', { tenant_id: TENANT, client_id: CLIENT, auth_type: 'certificate', certificate_thumbprint: 'abc123' }))
      .to.deep.equal(["certificate_thumbprint 'abc123' is not a hex SHA-1 (40) or SHA-256 (64) thumbprint"]);
  });
});
