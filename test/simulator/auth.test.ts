// Acceptance 2: msal-node 7 gets tokens from the simulator (secret, SHA-256 and SHA-1 certificate
// thumbprints); Entra's error codes for each credential problem; the APIs check the token.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { expect } from 'chai';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { createClientCertificate } from '../../sandbox/simulator/tls';
import { call, graphGet, msalNetworkClient, token } from './helpers';

describe('simulator auth (Entra token endpoint and API token checks)', () => {
  let sim: Simulator;
  let tenantId: string;
  const app = () => sim.tenants[0]!.apps[0]!;
  const tokenUrl = () => `${sim.loginUrl}/${tenantId}/oauth2/v2.0/token`;
  const msal = (auth: Record<string, unknown>) => new ConfidentialClientApplication({
    auth: { clientId: app().clientId, authority: `${sim.loginUrl}/${tenantId}`, knownAuthorities: [new URL(sim.loginUrl).host], ...auth },
    system: { networkClient: msalNetworkClient(sim.caPem) },
  });

  before(async () => {
    sim = await startSimulator({ incidents: 20, rateLimits: false });
    tenantId = sim.tenants[0]!.tenantId;
  });
  after(() => sim.stop());

  async function assertion(opts: { alg?: 'PS256' | 'RS256'; key?: string; thumbprintSha256?: string; thumbprintSha1?: string; aud?: string; iss?: string; exp?: number; nbf?: number } = {}): Promise<string> {
    const cert = app().certificates[0]!;
    const alg = opts.alg ?? 'PS256';
    const header: Record<string, string> = { alg, typ: 'JWT' };
    const hex = alg === 'PS256' ? opts.thumbprintSha256 ?? cert.thumbprintSha256 : opts.thumbprintSha1 ?? cert.thumbprintSha1;
    header[alg === 'PS256' ? 'x5t#S256' : 'x5t'] = Buffer.from(hex, 'hex').toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: randomUUID() })
      .setProtectedHeader(header as never)
      .setAudience(opts.aud ?? tokenUrl())
      .setIssuer(opts.iss ?? app().clientId)
      .setSubject(opts.iss ?? app().clientId)
      .setNotBefore(opts.nbf ?? now)
      .setExpirationTime(opts.exp ?? now + 600)
      .sign(await importPKCS8(opts.key ?? cert.privateKeyPem!, alg));
  }

  const postToken = (form: Record<string, string>) => call(sim, 'POST', tokenUrl(), { form: { grant_type: 'client_credentials', scope: sim.scopes.graph, ...form } });
  const withAssertion = async (a: string) => postToken({ client_id: app().clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a });

  describe('msal-node 7', () => {
    it('acquires a Graph token with a client secret, then serves it from its cache', async () => {
      const cca = msal({ clientSecret: app().clientSecret! });
      const first = await cca.acquireTokenByClientCredential({ scopes: [sim.scopes.graph] });
      const claims = decodeJwt(first!.accessToken);
      expect(claims).to.include({ aud: sim.graphUrl, iss: `https://sts.windows.net/${tenantId}/`, tid: tenantId, appid: app().clientId });
      expect(claims.roles).to.deep.equal(['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All', 'SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All']);
      expect((claims.exp as number) - (claims.iat as number)).to.equal(3599);
      const before = sim.requestLog.length;
      const second = await cca.acquireTokenByClientCredential({ scopes: [sim.scopes.graph] });
      expect(second!.accessToken).to.equal(first!.accessToken);
      expect(sim.requestLog.length).to.equal(before);
      expect((await graphGet(sim, '/security/incidents?$top=1', first!.accessToken)).status).to.equal(200);
    });

    it('acquires a token with a certificate by SHA-256 thumbprint (PS256, x5t#S256)', async () => {
      const cert = app().certificates[0]!;
      const r = await msal({ clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKeyPem! } })
        .acquireTokenByClientCredential({ scopes: [sim.scopes.mde] });
      const claims = decodeJwt(r!.accessToken);
      expect(claims).to.include({ aud: sim.mdeUrl, appidacr: '2' });
      expect(sim.requestLog.at(-1)!.credential).to.equal('client_assertion PS256 x5t#S256');
      expect(claims.roles).to.include.members(['Alert.ReadWrite.All', 'Machine.Isolate', 'Ti.ReadWrite.All']);
    });

    it('acquires a token with a certificate by SHA-1 thumbprint (RS256, x5t)', async () => {
      const cert = app().certificates[0]!;
      const r = await msal({ clientCertificate: { thumbprint: cert.thumbprintSha1, privateKey: cert.privateKeyPem! } })
        .acquireTokenByClientCredential({ scopes: [sim.scopes.graph] });
      expect(decodeJwt(r!.accessToken).aud).to.equal(sim.graphUrl);
      expect(sim.requestLog.at(-1)!.credential).to.equal('client_assertion RS256 x5t');
    });

    it('surfaces AADSTS7000215 for a wrong secret', async () => {
      const err = await msal({ clientSecret: 'not-the-secret' }).acquireTokenByClientCredential({ scopes: [sim.scopes.graph] }).then(() => undefined, (e: unknown) => e as { errorCode: string; message: string });
      expect(err?.errorCode).to.equal('invalid_client');
      expect(err?.message).to.include('AADSTS7000215');
    });
  });

  describe('Entra error codes', () => {
    const expectEntra = (r: { status: number; json: any }, status: number, error: string, code: number) => {
      expect(r.status, JSON.stringify(r.json)).to.equal(status);
      expect(r.json.error).to.equal(error);
      expect(r.json.error_codes).to.deep.equal([code]);
      expect(r.json.error_description).to.match(new RegExp(`^AADSTS${code}: `));
      expect(Object.keys(r.json)).to.deep.equal(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id']);
    };

    it('unknown client: 400 unauthorized_client AADSTS700016', async () => {
      expectEntra(await postToken({ client_id: '00000000-0000-0000-0000-0000000000aa', client_secret: 'x' }), 400, 'unauthorized_client', 700016);
    });

    it('unknown tenant: 400 invalid_request AADSTS90002 (token and discovery)', async () => {
      const r = await call(sim, 'POST', `${sim.loginUrl}/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', client_id: app().clientId, client_secret: app().clientSecret!, scope: sim.scopes.graph },
      });
      expectEntra(r, 400, 'invalid_request', 90002);
      const d = await call(sim, 'GET', `${sim.loginUrl}/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration`);
      expect(d.status).to.equal(400);
      expect(d.json.error_codes).to.deep.equal([90002]);
    });

    it('missing or unknown scope: 400 invalid_scope AADSTS70011; a non-.default scope AADSTS1002012', async () => {
      const creds = { client_id: app().clientId, client_secret: app().clientSecret! };
      const missing = await call(sim, 'POST', tokenUrl(), { form: { grant_type: 'client_credentials', ...creds } });
      expectEntra(missing, 400, 'invalid_scope', 70011);
      expectEntra(await postToken({ ...creds, scope: 'https://management.azure.com/.default' }), 400, 'invalid_scope', 70011);
      expectEntra(await postToken({ ...creds, scope: `${sim.graphUrl}/SecurityIncident.Read.All` }), 400, 'invalid_scope', 1002012);
    });

    it('expired assertion: 401 invalid_client AADSTS700024', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      const r = await withAssertion(await assertion({ nbf: past - 600, exp: past }));
      expectEntra(r, 401, 'invalid_client', 700024);
      expect(r.json.error_description).to.match(/not within its valid time range/);
    });

    it('assertion signed by an unregistered certificate: 401 invalid_client AADSTS700027 naming the thumbprint', async () => {
      const other = await createClientCertificate('not registered');
      const r = await withAssertion(await assertion({ key: other.privateKeyPem, thumbprintSha256: other.thumbprintSha256 }));
      expectEntra(r, 401, 'invalid_client', 700027);
      expect(r.json.error_description).to.include(other.thumbprintSha256);
      // Registered thumbprint, wrong key: the signature fails.
      const forged = await withAssertion(await assertion({ key: other.privateKeyPem }));
      expectEntra(forged, 401, 'invalid_client', 700027);
      expect(forged.json.error_description).to.match(/signature validation/);
    });

    it('assertion for another audience or subject: AADSTS700023 / AADSTS700021', async () => {
      expectEntra(await withAssertion(await assertion({ aud: 'https://login.example/token' })), 401, 'invalid_client', 700023);
      expectEntra(await withAssertion(await assertion({ iss: randomUUID() })), 401, 'invalid_client', 700021);
    });

    it('accepts a hand-made RS256 assertion with x5t, and echoes client-request-id as correlation_id', async () => {
      const ok = await withAssertion(await assertion({ alg: 'RS256' }));
      expect(ok.status).to.equal(200);
      const r = await call(sim, 'POST', tokenUrl(), {
        headers: { 'client-request-id': 'corr-123' },
        form: { grant_type: 'client_credentials', client_id: app().clientId, client_secret: 'bad', scope: sim.scopes.graph },
      });
      expect(r.json.correlation_id).to.equal('corr-123');
    });

    it('publishes the OpenID configuration and JWKS MSAL and validators read', async () => {
      const d = await call(sim, 'GET', `${sim.loginUrl}/${tenantId}/v2.0/.well-known/openid-configuration`);
      expect(d.json).to.include({
        token_endpoint: tokenUrl(), issuer: `${sim.loginUrl}/${tenantId}/v2.0`,
        authorization_endpoint: `${sim.loginUrl}/${tenantId}/oauth2/v2.0/authorize`, jwks_uri: `${sim.loginUrl}/${tenantId}/discovery/v2.0/keys`,
      });
      const jwks = await call(sim, 'GET', d.json.jwks_uri);
      const kid = (JSON.parse(Buffer.from((await token(sim)).split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
      expect(jwks.json.keys.map((k: { kid: string }) => k.kid)).to.include(kid);
    });
  });

  describe('API token checks', () => {
    it('401 without a token, with a garbage token, and with another API’s token (both ways)', async () => {
      const none = await call(sim, 'GET', `${sim.graphUrl}/v1.0/security/incidents`);
      expect(none.status).to.equal(401);
      expect(none.json.error).to.include({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
      expect(none.headers['www-authenticate']).to.match(/^Bearer /);
      const garbage = await graphGet(sim, '/security/incidents', 'abc');
      expect(garbage.json.error.code).to.equal('InvalidAuthenticationToken');
      const mdeOnGraph = await graphGet(sim, '/security/incidents', await token(sim, 'mde'));
      expect(mdeOnGraph.json.error.message).to.equal('Access token validation failure. Invalid audience.');
      const graphOnMde = await call(sim, 'GET', `${sim.mdeUrl}/api/alerts`, { headers: { Authorization: `Bearer ${await token(sim, 'graph')}` } });
      expect(graphOnMde.status).to.equal(401);
      expect(graphOnMde.json.error.code).to.equal('Unauthorized');
    });

    it('401 once the token has expired (injected clock)', async () => {
      const { manualClock } = await import('../../sandbox/simulator');
      const clock = manualClock(Date.UTC(2026, 10, 1, 12));
      const s = await startSimulator({ incidents: 5, clock, tokenLifetimeSeconds: 60, tenants: [{ apps: [{ roles: { graph: ['SecurityIncident.Read.All'] }, certificate: false }] }] });
      try {
        const t = await token(s);
        expect((await graphGet(s, '/security/incidents', t)).status).to.equal(200);
        clock.advance(61_000);
        const r = await graphGet(s, '/security/incidents', t);
        expect(r.status).to.equal(401);
        expect(r.json.error.message).to.equal('Access token has expired or is not yet valid.');
      } finally {
        await s.stop();
      }
    });

    it('403 lists the granted roles; read-only apps cannot write; MDE 403 in its own shape', async () => {
      const readOnly = await token(sim, 'graph', 1);
      const id = sim.data.tenant().incidents.idAt(0);
      const r = await call(sim, 'PATCH', `${sim.graphUrl}/v1.0/security/incidents/${id}`, { headers: { Authorization: `Bearer ${readOnly}` }, body: { status: 'resolved' } });
      expect(r.status).to.equal(403);
      expect(r.json.error.message).to.equal('Missing application roles. API required roles: SecurityIncident.ReadWrite.All, application roles: SecurityIncident.Read.All,SecurityAlert.Read.All,ThreatHunting.Read.All.');
      expect((await graphGet(sim, '/security/alerts_v2?$top=1', readOnly)).status).to.equal(200);
      const mdeRead = await token(sim, 'mde', 1);
      const m = await call(sim, 'POST', `${sim.mdeUrl}/api/alerts/batchUpdate`, { headers: { Authorization: `Bearer ${mdeRead}` }, body: { alertIds: ['x'], status: 'Resolved' } });
      expect(m.status).to.equal(403);
      expect(m.json.error.code).to.equal('Forbidden');
      expect(m.json.error.message).to.include('Alert.ReadWrite.All');
    });

    it('issues Event Hubs tokens (audience https://eventhubs.azure.net, no roles: Azure RBAC decides), also for the client’s //.default, refused by Graph', async () => {
      const creds = { client_id: app().clientId, client_secret: app().clientSecret! };
      for (const scope of ['https://eventhubs.azure.net/.default', 'https://eventhubs.azure.net//.default']) {
        const r = await postToken({ ...creds, scope });
        expect(r.status, scope).to.equal(200);
        const claims = decodeJwt(r.json.access_token);
        expect(claims).to.include({ aud: 'https://eventhubs.azure.net', appid: app().clientId, tid: tenantId });
        expect(claims.roles).to.deep.equal([]);
        expect((await graphGet(sim, '/security/incidents?$top=1', r.json.access_token)).status).to.equal(401);
      }
    });

    it('accepts the real resource URIs as audiences only when acceptRealAudiences is on', async () => {
      const creds = { client_id: app().clientId, client_secret: app().clientSecret! };
      const real = await postToken({ ...creds, scope: 'https://graph.microsoft.com/.default' });
      expect(decodeJwt(real.json.access_token).aud).to.equal('https://graph.microsoft.com');
      expect((await graphGet(sim, '/security/incidents?$top=1', real.json.access_token)).status).to.equal(200);
      const mdeReal = await postToken({ ...creds, scope: 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default' });
      const m = await call(sim, 'GET', `${sim.mdeUrl}/api/alerts?$top=1`, { headers: { Authorization: `Bearer ${mdeReal.json.access_token}` } });
      expect(m.status).to.equal(200);
      const strict = await startSimulator({ incidents: 5, acceptRealAudiences: false });
      try {
        const a = strict.tenants[0]!.apps[0]!;
        const r = await call(strict, 'POST', `${strict.loginUrl}/${strict.tenants[0]!.tenantId}/oauth2/v2.0/token`, {
          form: { grant_type: 'client_credentials', client_id: a.clientId, client_secret: a.clientSecret!, scope: 'https://graph.microsoft.com/.default' },
        });
        expect(r.status).to.equal(400);
        expect(r.json.error_codes).to.deep.equal([70011]);
      } finally {
        await strict.stop();
      }
    });

    it('keeps tenants apart: each tenant’s app sees its own data and rate-limit bucket', async () => {
      const two = await startSimulator({ incidents: 5, tenants: 2, rateLimits: { graph: { windows: [{ limit: 2, windowMs: 60_000 }] } } });
      try {
        const [a, b] = [await token(two, 'graph', 0, 0), await token(two, 'graph', 0, 1)];
        const first = await graphGet(two, '/security/incidents?$top=1', a);
        const second = await graphGet(two, '/security/incidents?$top=1', b);
        expect(first.json.value[0].tenantId).to.equal(two.tenants[0]!.tenantId);
        expect(second.json.value[0].tenantId).to.equal(two.tenants[1]!.tenantId);
        expect(second.json.value[0].displayName === first.json.value[0].displayName && second.json.value[0].createdDateTime === first.json.value[0].createdDateTime).to.equal(false);
        expect((await graphGet(two, '/security/incidents?$top=1', a)).status).to.equal(200);
        expect((await graphGet(two, '/security/incidents?$top=1', a)).status).to.equal(429);
        expect((await graphGet(two, '/security/incidents?$top=1', b)).status).to.equal(200);
        const crossTenant = await call(two, 'POST', `${two.loginUrl}/${two.tenants[1]!.tenantId}/oauth2/v2.0/token`, {
          form: { grant_type: 'client_credentials', client_id: two.tenants[0]!.apps[0]!.clientId, client_secret: two.tenants[0]!.apps[0]!.clientSecret!, scope: two.scopes.graph },
        });
        expect(crossTenant.json.error_codes).to.deep.equal([700016]);
      } finally {
        await two.stop();
      }
    });

    it('never logs tokens or secrets; the log names tenant and app', async () => {
      const t = await token(sim);
      await graphGet(sim, '/security/incidents?$top=1', t, { 'User-Agent': 'MdePartner-DefenderSync-SplunkAddOn/1.0.0', Prefer: 'include-unknown-enum-members' });
      const logged = JSON.stringify(sim.requestLog);
      expect(logged).to.not.include(t.split('.')[2]!);
      expect(logged).to.not.include(app().clientSecret!);
      const last = sim.requestLog.at(-1)!;
      expect(last).to.include({ api: 'graph', tenantId, clientId: app().clientId, userAgent: 'MdePartner-DefenderSync-SplunkAddOn/1.0.0', prefer: 'include-unknown-enum-members', status: 200 });
    });
  });
});
