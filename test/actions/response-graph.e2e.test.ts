// defender_sync_identity_action (Graph v1.0) and defender_sync_push_alert (Graph beta) through their packaged
// launchers, as splunkd's sendmodalert runs them, against the Defender simulator: success, duplicates, hostile
// ids, missing permission, retired endpoint, throttling, the per-run cap, dry run, capability refused, canary.
import { expect } from 'chai';
import { expectCanaryAbsent, outcomes, summaryOf, type Rec } from '../helpers/response-actions';
import { addAccount, startWorld, type World } from '../helpers/world';

const CANARY = 'canary-Secret-7f3a9c-do-not-leak';
const FULL_GRAPH = ['SecurityIncident.ReadWrite.All', 'SecurityAlert.ReadWrite.All', 'SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All'];
const LIMITED_GRAPH = ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'SecurityIdentitiesAccount.Read.All'];


describe('response actions on Graph (packaged, against the simulator)', function () {
  this.timeout(240_000);
  let w: World;
  let identities: Array<{ id: string; onPremisesSecurityIdentifier: string | null; accounts: Array<{ identityProvider: string; isEnabled: boolean }> }>;
  const graphRequests = (from: number) => w.sim.requestLog.slice(from).filter((q) => q.api === 'graph');

  before(async () => {
    w = await startWorld({
      simulator: {
        incidents: 20,
        mdeAlerts: 0,
        tenants: [{ apps: [{ roles: { graph: FULL_GRAPH }, certificate: false }, { roles: { graph: LIMITED_GRAPH }, certificate: false }] }],
      },
    });
    await addAccount(w, 'prod');
    await addAccount(w, 'limited', { app: { tenant: 0, app: 1 } });
    identities = w.sim.identities.accounts(w.tenantId);
  });
  after(async () => w?.stop());
  beforeEach(() => w.splunkd.events.clear());

  describe('defender_sync_identity_action', () => {
    it('acts once per identity (by id or SID), reports every row, refuses hostile ids and UPNs before any call', async () => {
      const [a, b, c] = [identities[0]!, identities[1]!, identities.find((i) => i.onPremisesSecurityIdentifier)!];
      const hostile = ['../../v1.0/security/alerts_v2', '%2e%2e', 'a?x=1', 'S-1-5-21-1\'or\'1', '٣'];
      const from = w.sim.requestLog.length;
      const r = await w.splunkd.runAlertAction({
        action: 'defender_sync_identity_action',
        user: 'admin',
        searchName: 'Risky sign-ins',
        rows: [
          { user: a.id }, { user: b.id }, { user: a.id }, { user: c.onPremisesSecurityIdentifier! },
          { user: 'alice@contoso.com' }, ...hostile.map((user) => ({ user })),
        ],
        configuration: { account: 'prod', action: 'disable', identity_provider: 'entraID', index: 'defender' },
      });
      expect(r.exitCode, JSON.stringify(r.stderr.slice(-3))).to.equal(3);
      const invoked = w.sim.identities.invoked.filter((x) => x.action === 'disable');
      expect(invoked.map((x) => x.identityAccountId).sort()).to.deep.equal([a.id, b.id, (c as { id: string }).id].sort());
      expect(invoked.every((x) => x.identityProvider === 'entraID')).to.equal(true);
      expect(a.accounts.find((x) => x.identityProvider === 'entraID')?.isEnabled).to.equal(false);

      const out = outcomes(w);
      expect(out).to.have.length(10);
      expect(out.map((o) => o.result)).to.deep.equal(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
      expect(out[0]).to.deep.include({
        action: 'defender_sync_identity_action', requested: 'disable', target_type: 'identity', target: a.id, http_status: 200, error: null,
        api: 'graph-v1.0', user: 'admin', search_name: 'Risky sign-ins', row: 0, identity_provider: 'entraID', identity_account_id: a.id,
        defender_action_id: invoked.find((x) => x.identityAccountId === a.id)?.correlationId,
      });
      expect(out[2]).to.deep.include({ result: 'succeeded', duplicate_of: 0 });
      expect(out[3]).to.deep.include({ target_type: 'identity_sid', target: c.onPremisesSecurityIdentifier, identity_account_id: (c as { id: string }).id });
      expect(out[4]?.error).to.match(/^'alice@contoso.com' looks like a user principal name: Graph's identityAccounts offers no documented lookup by UPN/);
      expect(out[5]?.error).to.equal("'../../v1.0/security/alerts_v2' is not an identity account id (letters, digits, '_' and '-')");
      expect(w.splunkd.events.search({ sourcetype: 'defender_sync:action' })[0]?.index).to.equal('defender');
      const paths = graphRequests(from).map((q) => q.path);
      for (const id of hostile) expect(paths.some((p) => p.includes(id) || p.includes(encodeURIComponent(id)))).to.equal(false);
      // a, b: GET + POST; c: $filter lookup + POST.
      expect(paths).to.have.length(6);
      expect(summaryOf(r.stderr)).to.match(/ rows=10 targets=3 succeeded=4 failed=0 invalid=6 refused=0 dry_run=0 duplicates=1 /);

      // enable undoes disable.
      const back = await w.splunkd.runAlertAction({ action: 'defender_sync_identity_action', user: 'admin', rows: [{ user: a.id }], configuration: { account: 'prod', action: 'enable' } });
      expect(back.exitCode).to.equal(0);
      expect(a.accounts.find((x) => x.identityProvider === 'entraID')?.isEnabled).to.equal(true);
    });

    it('names the missing permission, says when the provider has no account, and fails those rows with exit 4', async () => {
      const noOkta = identities.find((i) => !i.accounts.some((x) => x.identityProvider === 'okta'))!;
      const r = await w.splunkd.runAlertAction({
        action: 'defender_sync_identity_action',
        user: 'admin',
        rows: [{ user: identities[3]!.id }],
        configuration: { account: 'limited', action: 'revokeAllSessions' },
      });
      expect(r.exitCode).to.equal(4);
      const [denied] = outcomes(w);
      expect(denied).to.deep.include({ result: 'failed', http_status: 403 });
      expect(String(denied?.error)).to.contain('Missing application roles. API required roles: SecurityIdentitiesActions.ReadWrite.All');
      expect(String(denied?.error)).to.contain('Fix: grant app');
      expect(String(denied?.error)).to.contain('application permission SecurityIdentitiesActions.ReadWrite.All');

      w.splunkd.events.clear();
      const okta = await w.splunkd.runAlertAction({ action: 'defender_sync_identity_action', user: 'admin', rows: [{ user: noOkta.id }], configuration: { account: 'prod', action: 'disable', identity_provider: 'okta' } });
      expect(okta.exitCode).to.equal(4);
      expect(outcomes(w)[0]?.error).to.match(new RegExp(`^identity account '${noOkta.id}' has no okta account \\(it has: entraID(, activeDirectory)?\\): set identity_provider`));
    });

    it('waits out a 429, and reports a retired endpoint (410) as a clear per-row error', async () => {
      const [a, b] = [identities[5]!, identities[6]!];
      w.sim.faults.add({ api: 'graph', kind: 'status', status: 429, retryAfter: '1', path: `/identityAccounts/${a.id}/invokeAction` });
      w.sim.faults.add({ api: 'graph', kind: 'status', status: 410, path: `/identityAccounts/${b.id}/invokeAction` });
      const r = await w.splunkd.runAlertAction({
        action: 'defender_sync_identity_action',
        user: 'admin',
        rows: [{ user: a.id }, { user: b.id }],
        configuration: { account: 'prod', action: 'forcePasswordReset' },
      });
      expect(r.exitCode).to.equal(4);
      const [first, second] = outcomes(w);
      expect(first).to.deep.include({ result: 'succeeded', http_status: 200 });
      expect(second).to.deep.include({ result: 'failed', http_status: 410 });
      expect(String(second?.error)).to.match(/^Graph POST \/v1\.0\/security\/identities\/identityAccounts\/\{id\}\/invokeAction answered 410: the endpoint is not available to this tenant \(identity actions need Microsoft Defender for Identity.*\); nothing was changed\./);
      expect(summaryOf(r.stderr)).to.match(/ throttled=1 retries=1 /);
      expect(w.sim.identities.invoked.filter((x) => x.action === 'forcePasswordReset').map((x) => x.identityAccountId)).to.deep.equal([a.id]);
    });

    it('refuses the whole run above max_targets, plans without calling in a dry run, and refuses users without the capability', async () => {
      const from = w.sim.requestLog.length;
      const eleven = identities.slice(10, 21).map((i) => ({ user: i.id }));
      const over = await w.splunkd.runAlertAction({ action: 'defender_sync_identity_action', user: 'admin', rows: eleven, configuration: { account: 'prod', action: 'disable' } });
      expect(over.exitCode).to.equal(8);
      expect(outcomes(w).map((o) => o.result)).to.deep.equal(eleven.map(() => 'refused'));
      expect(outcomes(w)[0]?.error).to.match(/^the results name 11 distinct identities, more than max_targets=10: nothing was sent\./);

      w.splunkd.events.clear();
      const dry = await w.splunkd.runAlertAction({ action: 'defender_sync_identity_action', user: 'admin', rows: eleven, configuration: { account: 'prod', action: 'disable', max_targets: '20', dry_run: '1' } });
      expect(dry.exitCode).to.equal(0);
      expect(outcomes(w).map((o) => [o.result, o.requested, o.target])).to.deep.equal(eleven.map((e) => ['dry_run', 'disable', e.user]));

      w.splunkd.events.clear();
      const refused = await w.splunkd.runAlertAction({ action: 'defender_sync_identity_action', user: 'analyst', rows: eleven.slice(0, 2), configuration: { account: 'prod', action: 'disable' } });
      expect(refused.exitCode).to.equal(7);
      // The refusal is logged; the analyst's role (user) may not write events either (no edit_tcp), which is logged too.
      const errors = refused.stderr.filter((l) => l.level === 'ERROR').map((l) => l.text);
      expect(errors.some((t) => /defender_sync_identity_action refused: user 'analyst' lacks the capability 'defender_sync_respond'.*defender_sync_responder/.test(t)), errors.join('\n')).to.equal(true);
      expect(errors.some((t) => t.includes('could not write 2 outcome'))).to.equal(true);
      expect(summaryOf(refused.stderr)).to.match(/ user=analyst rows=2 targets=0 succeeded=0 failed=0 invalid=0 refused=2 /);
      expect(graphRequests(from)).to.deep.equal([]);
      expect(w.sim.identities.invoked.filter((x) => eleven.some((e) => e.user === x.identityAccountId))).to.deep.equal([]);
    });
  });

  describe('defender_sync_push_alert', () => {
    const detection = (over: Record<string, string | string[]> = {}) => ({
      signature: 'Encoded PowerShell', dest: 'ws-0042.contoso.com', user: 'kai@contoso.com', src_ip: '203.0.113.7',
      file_hash: 'a'.repeat(64), url: 'https://evil.example/payload', ...over,
    });
    const config = (over: Record<string, string> = {}) => ({
      account: 'prod', title: 'Splunk: $result.signature$', severity: 'high', description: 'Detected by Splunk search $result.signature$ on $result.dest$.',
      category: 'Execution', techniques: 'T1059, T1059.001', recommended_actions: 'Isolate the device.', ...over,
    });

    it('creates one Defender alert per distinct row (a 429 waited out), with evidence, a portal link and the alert ingested at once', async () => {
      const incident = w.sim.data.tenant().incidents.idAt(3);
      const before = w.sim.data.tenant().alerts.size();
      w.sim.faults.add({ api: 'graph', kind: 'status', status: 429, retryAfter: '1', path: '/beta/security/alerts_v2/createAlert' });
      const r = await w.splunkd.runAlertAction({
        action: 'defender_sync_push_alert',
        user: 'admin',
        rows: [
          detection(),
          detection({ signature: 'Mimikatz', url: '', link: incident }),
          detection(),
          detection({ file_hash: 'd41d8cd98f00b204e9800998ecf8427e' }),
          detection({ signature: 'x', dest: '../../etc/passwd' }),
        ],
        configuration: config({ link_to_incident: '$result.link$' }),
      });
      expect(r.exitCode, JSON.stringify(r.stderr.slice(-3))).to.equal(3);
      // The throttled create was waited out and sent again: two alerts, not three.
      expect(summaryOf(r.stderr)).to.match(/ targets=2 succeeded=3 failed=0 invalid=2 .* throttled=1 retries=1 /);
      expect(w.sim.data.tenant().alerts.size()).to.equal(before + 2);
      const out = outcomes(w);
      expect(out.map((o) => o.result)).to.deep.equal(['succeeded', 'succeeded', 'succeeded', 'invalid', 'invalid']);
      expect(out[2]?.duplicate_of).to.equal(0);
      expect(out[3]?.error).to.equal("field 'file_hash' ('d41d8cd98f00b204e9800998ecf8427e') is an MD5; Defender alerts take SHA-256 or SHA-1 file hashes");
      expect(out[4]?.error).to.equal("field 'dest' ('../../etc/passwd') is not an MDE device id (40 hex digits) or a device name");

      const id = String(out[0]?.defender_action_id);
      const alert = w.sim.data.get('alert', id) as Rec;
      expect(alert).to.deep.include({ title: 'Splunk: Encoded PowerShell', severity: 'high', category: 'Execution', detectionSource: 'manual', serviceSource: 'microsoft365Defender', recommendedActions: 'Isolate the device.' });
      expect(alert.mitreTechniques).to.deep.equal(['T1059', 'T1059.001']);
      expect((alert.evidence as Rec[]).map((e) => e['@odata.type'])).to.deep.equal(
        ['device', 'user', 'ip', 'file', 'url'].map((t) => `#microsoft.graph.security.${t}Evidence`),
      );
      expect(out[0]).to.deep.include({ api: 'graph-beta', requested: 'create', target_type: 'alert', target: 'Splunk: Encoded PowerShell', http_status: 201, alert_web_url: alert.alertWebUrl, incident_id: alert.incidentId });
      const linked = w.sim.data.get('alert', String(out[1]?.defender_action_id)) as Rec;
      expect(linked.incidentId).to.equal(incident);
      expect(w.sim.data.alertIdsOf(incident)).to.include(linked.id);
      expect(w.sim.data.alertIdsOf(String(alert.incidentId))).to.deep.equal([id]);

      const ingested = w.splunkd.events.search({ sourcetype: 'ms365:defender:alert' });
      expect(ingested.map((e) => (JSON.parse(e._raw) as Rec).id).sort()).to.deep.equal([id, linked.id].sort());
      expect(ingested[0]?.source).to.equal(`defender_sync_alerts:${w.tenantId}`);
    });

    it('names the missing permission, reports a withdrawn beta endpoint (404), and refuses bad configuration before any call', async () => {
      const denied = await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'admin', rows: [detection()], configuration: config({ account: 'limited' }) });
      expect(denied.exitCode).to.equal(4);
      expect(outcomes(w)[0]).to.deep.include({ result: 'failed', http_status: 403 });
      expect(String(outcomes(w)[0]?.error)).to.match(/API required roles: SecurityAlert\.Create\.All,SecurityAlert\.ReadWrite\.All.*application permission SecurityAlert\.Create\.All/);

      w.splunkd.events.clear();
      w.sim.faults.add({ api: 'graph', kind: 'status', status: 404, path: '/beta/security/alerts_v2/createAlert' });
      const gone = await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'admin', rows: [detection({ signature: 'gone' })], configuration: config() });
      expect(gone.exitCode).to.equal(4);
      expect(String(outcomes(w)[0]?.error)).to.match(/^Graph beta POST \/beta\/security\/alerts_v2\/createAlert answered 404: the endpoint is not available to this tenant \(createAlert is a Graph beta \(preview\) API/);

      w.splunkd.events.clear();
      const from = w.sim.requestLog.length;
      const bad = await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'admin', rows: [detection()], configuration: config({ severity: 'urgent', techniques: 'T1', category: '' }) });
      expect(bad.exitCode).to.equal(2);
      expect(outcomes(w)[0]).to.deep.include({
        result: 'invalid',
        error: "category is required: Defender alerts need a category; severity 'urgent' is not one of unknown, informational, low, medium, high; technique 'T1' is not a MITRE technique id like T1059 or T1059.001",
      });
      expect(graphRequests(from)).to.deep.equal([]);
    });

    it('cap, dry run and capability: nothing created', async () => {
      const before = w.sim.data.tenant().alerts.size();
      const from = w.sim.requestLog.length;
      const rows = Array.from({ length: 11 }, (_, i) => detection({ signature: `rule ${i}` }));
      expect((await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'admin', rows, configuration: config() })).exitCode).to.equal(8);
      expect(outcomes(w)[0]?.error).to.match(/^the results name 11 distinct alerts, more than max_targets=10/);
      w.splunkd.events.clear();
      expect((await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'admin', rows: rows.slice(0, 2), configuration: config({ dry_run: '1' }) })).exitCode).to.equal(0);
      expect(outcomes(w).map((o) => [o.result, o.target, o.entities])).to.deep.equal([['dry_run', 'Splunk: rule 0', 5], ['dry_run', 'Splunk: rule 1', 5]]);
      w.splunkd.events.clear();
      const refused = await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'analyst', rows: rows.slice(0, 1), configuration: config() });
      expect(refused.exitCode).to.equal(7);
      expect(summaryOf(refused.stderr)).to.match(/ refused=1 /);
      expect(graphRequests(from)).to.deep.equal([]);
      expect(w.sim.data.tenant().alerts.size()).to.equal(before);
    });
  });

  it('the account secret never leaves storage/passwords (canary)', async () => {
    await addAccount(w, 'canary', { secret: CANARY });
    const r = await w.splunkd.runAlertAction({ action: 'defender_sync_identity_action', user: 'admin', rows: [{ user: identities[8]!.id }], configuration: { account: 'canary', action: 'disable' } });
    const p = await w.splunkd.runAlertAction({ action: 'defender_sync_push_alert', user: 'admin', rows: [{ dest: 'ws-1' }], configuration: { account: 'canary', title: 't', description: 'd', category: 'Execution' } });
    expect([r.exitCode, p.exitCode]).to.deep.equal([4, 4]); // Entra refuses the canary secret
    expect(String(outcomes(w)[0]?.error)).to.contain('AADSTS7000215');
    expectCanaryAbsent(w, CANARY, [r, p]);
  });
});
