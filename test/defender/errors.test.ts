import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fromHttpStatus, fromNetworkError, fromTokenError, malformedResponse } from '../../src/defender/errors';
import { sharedPath } from '../helpers/shared';

const errors = JSON.parse(readFileSync(sharedPath('fixtures', 'defender', 'errors.json'), 'utf8'));
const body = (api: string, key: string): string => JSON.stringify(errors[api][key].body);
const ctx = {
  account: 'prod',
  tenant: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
  clientId: '7a1c9e3b-5d2f-4b8a-8c6e-1f0a9b3d5e72',
  api: 'graph' as const,
  method: 'GET',
  path: '/v1.0/security/incidents',
  requiredRole: 'SecurityIncident.Read.All',
};

const login = { account: ctx.account, tenant: ctx.tenant, clientId: ctx.clientId, api: 'login' as const };

describe('error catalog', () => {
  it('403 names the missing role and the admin-consent step', () => {
    const e = fromHttpStatus(ctx, 403, body('graph', '403_missing_roles_incidents'));
    expect(e.category).to.equal('permission');
    expect(e.message).to.equal(
      "account 'prod' (tenant b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c): Graph GET /v1.0/security/incidents returned 403: " +
        'Missing application roles. API required roles: SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: . ' +
        'Fix: grant app 7a1c9e3b-5d2f-4b8a-8c6e-1f0a9b3d5e72 the Microsoft Graph application permission SecurityIncident.Read.All ' +
        '(Entra admin center > App registrations > API permissions > Add a permission > Application permissions), then click "Grant admin consent".',
    );
  });

  it('403 on alerts_v2 asks for the alert role, not the first one Graph lists', () => {
    const e = fromHttpStatus({ ...ctx, path: '/v1.0/security/alerts_v2', requiredRole: 'SecurityAlert.Read.All' }, 403, body('graph', '403_missing_roles_alerts_v2'));
    expect(e.message).to.contain('application permission SecurityAlert.Read.All (');
  });

  it('MDE 403 points at the WindowsDefenderATP permission', () => {
    const e = fromHttpStatus({ ...ctx, api: 'mde', path: '/api/alerts', requiredRole: 'Alert.Read.All' }, 403, body('mde', '403_forbidden'));
    expect(e.message).to.contain('Defender for Endpoint API GET /api/alerts returned 403: Forbidden. Fix: grant app');
    expect(e.message).to.contain('WindowsDefenderATP application permission Alert.Read.All');
  });

  it('classifies throttling, server errors and bad requests', () => {
    expect(fromHttpStatus(ctx, 429, body('graph', '429_throttled')).category).to.equal('throttled');
    expect(fromHttpStatus(ctx, 503, '').category).to.equal('server');
    const bad = fromHttpStatus(ctx, 400, body('graph', '400_top_exceeded_incidents'));
    expect(bad.category).to.equal('bad_request');
    expect(bad.message).to.contain("The limit of '50' for Top query has been exceeded");
    expect(fromHttpStatus({ ...ctx, api: 'mde' }, 400, JSON.stringify({ error: { code: 'MaximumBatchSizeExceeded', message: 'Received: 600, allowed: 500' } })).code).to.equal('batch_too_large');
  });

  it('maps Entra errors to what the admin must do', () => {
    const secret = fromTokenError(login, errors.entra_token_endpoint['401_invalid_client_secret'].body.error_description);
    expect(secret.code).to.equal('invalid_client_secret');
    expect(secret.message).to.equal(
      "account 'prod' (tenant b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c): Entra ID failed: AADSTS7000215: Invalid client secret provided. " +
        "Fix: the client secret is wrong: copy the secret's Value (not its Secret ID) from Entra ID > App registrations > Certificates & secrets and save it on the account.",
    );
    expect(fromTokenError(login, 'invalid_client: AADSTS7000222: The provided client secret keys are expired.').code).to.equal('client_secret_expired');
    expect(fromTokenError(login, 'AADSTS700016: Application not found').message).to.contain(
      'client_id 7a1c9e3b-5d2f-4b8a-8c6e-1f0a9b3d5e72 is not registered or consented in tenant b3c1b5fc',
    );
    expect(fromTokenError(login, 'something else').code).to.equal('token_error');
  });

  it('says how to fix TLS and network failures without disabling verification', () => {
    const tls = fromNetworkError(ctx, 'SELF_SIGNED_CERT_IN_CHAIN', 'graph.microsoft.com');
    expect(tls.code).to.equal('tls_error');
    expect(tls.message).to.contain('add its CA certificate to the CA bundle');
    expect(fromNetworkError(ctx, 'ECONNREFUSED', 'graph.microsoft.com').message).to.contain('cannot reach graph.microsoft.com (ECONNREFUSED)');
    expect(malformedResponse(ctx, 200).category).to.equal('protocol');
  });
});
