// Accounts end to end: two tenants ingested side by side by concurrent processes share no token, cursor or
// data; certificate accounts (SHA-256 thumbprint → PS256, SHA-1 → RS256) with the PEM private key in
// storage/passwords (longer than 255 characters: chunked) authenticate and ingest.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addAccount, addInput, readCheckpoint, runOnce, simApp, startWorld, type World } from '../helpers/world';
import {
  byId,
  bySourcetype,
  errorLines,
  expectedAlert,
  expectedIncident,
  expectEvents,
  pairsOnce,
  recordPair,
  SCHEME,
  simRecords,
  ST,
  summaryOf,
} from './support';

describe('e2e: accounts', function () {
  this.timeout(180_000);
  let w: World;

  before(async () => {
    w = await startWorld({ simulator: { tenants: 2, incidents: 120, mdeAlerts: 30 } });
  });
  after(async () => w?.stop());

  describe('two tenants at once', () => {
    it('run concurrently with their own token, cursor and data', async () => {
      const tenants = [simApp(w, 0, 0), simApp(w, 1, 0)];
      expect(tenants[0]!.tenantId).to.not.equal(tenants[1]!.tenantId);
      for (const [k, t] of tenants.entries()) {
        await addAccount(w, `tenant${k}`, { app: { tenant: k, app: 0 } });
        await addInput(w, SCHEME.incidents, `tenant${k}`, { account: `tenant${k}`, index: 'defender', start_date: '2020-01-01' });
        expect(t.clientSecret).to.be.a('string');
      }
      const from = w.sim.requestLog.at(-1)?.seq ?? 0;
      // Both processes start before either is awaited.
      const runs = tenants.map((_, k) => w.splunkd.runInput({ scheme: SCHEME.incidents, stanza: `tenant${k}`, timeoutMs: 120_000 }));
      const results = await Promise.all(runs.map((r) => r.result));
      const requests = w.sim.requestLog.filter((q) => q.seq > from);

      for (const [k, t] of tenants.entries()) {
        const r = results[k]!;
        expect(errorLines(r)).to.deep.equal([]);
        expect(r.exitCode).to.equal(0);
        const s = summaryOf(r);
        expect([s.tenant, s.account]).to.deep.equal([t.tenantId, `tenant${k}`]);

        // Tokens: one request per tenant, to that tenant's authority, for that tenant's app.
        const tokens = requests.filter((q) => q.api === 'token' && q.method === 'POST' && q.tenantId === t.tenantId);
        expect(tokens.map((q) => [q.path, q.clientId])).to.deep.equal([[`/${t.tenantId}/oauth2/v2.0/token`, t.clientId]]);
        // Every Graph call of this tenant carried a token of this tenant's app, and as many as the run made.
        const graph = requests.filter((q) => q.api === 'graph' && q.tenantId === t.tenantId);
        expect(graph.length).to.equal(s.requests);
        for (const q of graph) expect(q.clientId).to.equal(t.clientId);

        // Data: exactly this tenant's records, with this tenant in source.
        const incidents = simRecords(w, 'incident', t.tenantId);
        const alerts = simRecords(w, 'alert', t.tenantId);
        const incidentEvents = bySourcetype(r.events, ST.incident);
        const alertEvents = bySourcetype(r.events, ST.incidentAlert);
        expect(pairsOnce(incidentEvents, 'lastUpdateDateTime')).to.deep.equal(new Set(incidents.map((x) => recordPair(x, 'incident'))));
        expect(pairsOnce(alertEvents, 'lastUpdateDateTime')).to.deep.equal(new Set(alerts.map((x) => recordPair(x, 'alert'))));
        const base = { source: `${SCHEME.incidents}:${t.tenantId}`, index: 'defender', field: 'lastUpdateDateTime' };
        expectEvents(incidentEvents, { ...base, sourcetype: ST.incident, records: byId(incidents), expected: (x) => expectedIncident(w, x, t.tenantId) });
        expectEvents(alertEvents, { ...base, sourcetype: ST.incidentAlert, records: byId(alerts), expected: expectedAlert });

        // Cursor: each input's own checkpoint, bound to its tenant, at its tenant's newest incident.
        const state = readCheckpoint(w, SCHEME.incidents, `tenant${k}`);
        expect(state?.tenant).to.equal(t.tenantId);
        const newest = incidents.map((x) => String(x.lastUpdateDateTime)).sort().at(-1);
        expect(state?.cursor.time).to.equal(newest);
      }
      // Nothing of one tenant answered to the other's token: every API call is accounted for above.
      const graphCalls = requests.filter((q) => q.api === 'graph');
      expect(graphCalls.length).to.equal(results.reduce((n, r) => n + summaryOf(r).requests, 0));
    });
  });

  describe('certificate authentication', () => {
    const cert = () => {
      const c = simApp(w, 0, 0).certificates[0];
      if (!c?.privateKeyPem) throw new Error('the simulator generated no certificate for tenant 0, app 0');
      return c;
    };

    for (const [label, thumb] of [
      ['SHA-256 thumbprint (PS256, x5t#S256)', 'thumbprintSha256'],
      ['SHA-1 thumbprint (RS256, x5t)', 'thumbprintSha1'],
    ] as const) {
      it(`signs in with a ${label} and the key from storage/passwords, and ingests`, async () => {
        const c = cert();
        const name = `cert_${thumb}`;
        expect(c.privateKeyPem!.length, 'the PEM key is longer than one storage/passwords value').to.be.greaterThan(255);
        // Upper case with colons, as certificate tools print it; the account stores it as typed.
        const typed = c[thumb].toUpperCase().match(/../g)!.join(':');
        await addAccount(w, name, { secret: c.privateKeyPem!, certificateThumbprint: typed });
        const chunks = readFileSync(join(w.splunkd.splunkHome, 'etc', 'apps', 'TA_defender_sync', 'local', 'passwords.conf'), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith(`[credential:TA_defender_sync:account.${name}`));
        expect(chunks.length, 'chunked stanzas').to.be.greaterThan(1);

        await addInput(w, SCHEME.incidents, name, { account: name, index: 'defender', start_date: '2020-01-01' });
        const run = await runOnce(w, SCHEME.incidents, name);
        expect(errorLines(run.result)).to.deep.equal([]);
        expect(run.result.exitCode).to.equal(0);
        expect(bySourcetype(run.result.events, ST.incident)).to.have.length(simRecords(w, 'incident').length);
        const tokens = run.requests.filter((q) => q.api === 'token' && q.method === 'POST');
        expect(tokens.map((q) => [q.status, q.clientId])).to.deep.equal([[200, simApp(w, 0, 0).clientId]]);
      });
    }

    it('a thumbprint of a certificate the app does not have: the AADSTS700027 message and its fix', async () => {
      const c = cert();
      await addAccount(w, 'cert_unknown', { secret: c.privateKeyPem!, certificateThumbprint: 'ab'.repeat(32) });
      const r = await w.splunkd.runValidate(SCHEME.incidents, 'cert_unknown', { account: 'cert_unknown' });
      expect(r.message).to.equal(
        `account 'cert_unknown' (tenant ${w.tenantId}): Entra ID returned 401: AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${'AB'.repeat(32)}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${w.clientId}'.]. Fix: the certificate is not registered on the app (or its key does not match): upload the certificate (public part) in Entra ID > App registrations > Certificates & secrets, and check the thumbprint on the account.`,
      );
    });
  });
});
