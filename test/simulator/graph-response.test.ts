// The simulator's Graph response endpoints, from defender-response.md §1c and §3: identity accounts and
// invokeAction (v1.0), and beta alerts_v2/createAlert, with their roles, validation and error shapes.
import { expect } from 'chai';
import { startSimulator, type Simulator } from '../../sandbox/simulator';
import { call, token } from './helpers';

describe('simulator Graph response endpoints', () => {
  let sim: Simulator;
  let full: string;
  let readOnly: string;
  const post = (bearer: string, path: string, body: unknown) => call(sim, 'POST', `${sim.graphUrl}${path}`, { headers: { Authorization: `Bearer ${bearer}` }, body });
  const get = (bearer: string, path: string) => call(sim, 'GET', `${sim.graphUrl}${path}`, { headers: { Authorization: `Bearer ${bearer}` } });

  before(async () => {
    sim = await startSimulator({ seed: 3, incidents: 10, mdeAlerts: 0, rateLimits: false });
    [full, readOnly] = [await token(sim), await token(sim, 'graph', 1)];
  });
  after(() => sim.stop());

  it('lists, filters by SID and reads identity accounts; invokeAction checks its body, acts and answers with a correlation id', async () => {
    const list = await get(full, '/v1.0/security/identities/identityAccounts?$top=3');
    expect(list.status).to.equal(200);
    expect(list.json.value).to.have.length(3);
    const withSid = sim.identities.accounts(sim.tenants[0]!.tenantId).find((a) => a.onPremisesSecurityIdentifier)!;
    const bySid = await get(full, `/v1.0/security/identities/identityAccounts?$filter=${encodeURIComponent(`onPremisesSecurityIdentifier eq '${withSid.onPremisesSecurityIdentifier}'`)}`);
    expect(bySid.json.value.map((a: { id: string }) => a.id)).to.deep.equal([withSid.id]);
    const one = await get(full, `/v1.0/security/identities/identityAccounts/${withSid.id}`);
    expect(one.json).to.deep.include({ '@odata.type': '#microsoft.graph.security.identityAccounts', id: withSid.id });
    const entra = withSid.accounts.find((a) => a.identityProvider === 'entraID')!;

    const path = `/v1.0/security/identities/identityAccounts/${withSid.id}/invokeAction`;
    const ok = await post(full, path, { accountId: entra.accountId, action: 'disable', identityProvider: 'entraID' });
    expect(ok.status).to.equal(200);
    expect(ok.json).to.include({ accountId: entra.accountId, action: 'disable', identityProvider: 'entraID' });
    expect(ok.json.correlationId).to.match(/^[0-9a-f-]{36}$/);
    expect(entra.isEnabled).to.equal(false);
    const bad = await post(full, path, { accountId: entra.accountId, action: 'delete', identityProvider: 'entraID' });
    expect([bad.status, bad.json.error.code]).to.deep.equal([400, 'BadRequest']);
    const wrongAccount = await post(full, path, { accountId: 'nope', action: 'enable', identityProvider: 'okta' });
    expect(wrongAccount.status).to.equal(400);
    const missing = await post(full, '/v1.0/security/identities/identityAccounts/nosuch/invokeAction', { accountId: 'x', action: 'enable', identityProvider: 'entraID' });
    expect(missing.status).to.equal(404);
    const denied = await post(readOnly, path, { accountId: entra.accountId, action: 'enable', identityProvider: 'entraID' });
    expect(denied.status).to.equal(403);
    expect(denied.json.error.message).to.match(/^Missing application roles\. API required roles: SecurityIdentitiesActions\.ReadWrite\.All, application roles: /);
  });

  it('beta createAlert validates the input, creates a manual alert in a new or linked incident, listed at once; v1.0 has no createAlert', async () => {
    const input = {
      title: 'From Splunk', severity: 'high', description: 'd', category: 'Execution', mitreTechniques: ['T1059'],
      entityDefinitions: [{ entityType: 'ip', entityIdentifier: 'address', identifierValue: '203.0.113.9', role: 'related' }],
    };
    const created = await post(full, '/beta/security/alerts_v2/createAlert', { createAlertInput: input });
    expect(created.status).to.equal(201);
    expect(created.json).to.include({ title: 'From Splunk', detectionSource: 'manual', serviceSource: 'microsoft365Defender', providerAlertId: `manual_${created.json.id}` });
    expect(created.json.evidence[0]).to.include({ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '203.0.113.9' });
    const listed = await get(full, `/v1.0/security/alerts_v2/${created.json.id}`);
    expect(listed.status).to.equal(200);
    expect(sim.data.alertIdsOf(created.json.incidentId)).to.deep.equal([created.json.id]);

    const incident = sim.data.tenant().incidents.idAt(0);
    const linked = await post(full, '/beta/security/alerts_v2/createAlert', { createAlertInput: { ...input, linkToIncident: Number(incident) } });
    expect(linked.json.incidentId).to.equal(incident);
    for (const [body, message] of [
      [{ ...input, severity: 'critical' }, /severity/],
      [{ ...input, entityDefinitions: [] }, /1 to 100 entities/],
      [{ ...input, entityDefinitions: [{ entityType: 'file', entityIdentifier: 'md5', identifierValue: 'x', role: 'related' }] }, /Valid values: sha256, sha1/],
      [{ ...input, linkToIncident: 999999999 }, /was not found/],
    ] as const) {
      const r = await post(full, '/beta/security/alerts_v2/createAlert', { createAlertInput: body });
      expect(r.status).to.equal(400);
      expect(r.json.error.message).to.match(message);
    }
    const denied = await post(readOnly, '/beta/security/alerts_v2/createAlert', { createAlertInput: input });
    expect(denied.status).to.equal(403);
    expect(denied.json.error.message).to.match(/^Missing application roles\. API required roles: SecurityAlert\.Create\.All,SecurityAlert\.ReadWrite\.All,/);
    expect((await post(full, '/v1.0/security/alerts_v2/createAlert', { createAlertInput: input })).status).to.be.oneOf([400, 405]);
    expect((await get(full, '/beta/security/incidents')).status).to.equal(400);
  });
});
