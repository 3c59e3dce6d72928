// --validate-arguments through the packaged launchers, as splunkd runs it when an input is created or
// edited: bad parameters and accounts that cannot work are refused with a message that says what is
// wrong and how to fix it, and splunkd saves nothing. Each message is asserted exactly.
import { expect } from 'chai';
import { SplunkdError } from '../../src/splunk/rest';
import { addAccount, addInput, simApp, startWorld, type World } from '../helpers/world';
import { SCHEME } from './support';

interface Refusal {
  title: string;
  scheme: string;
  params: Record<string, string>;
  message: (w: World) => string;
}

const consent = (clientId: string, api: string, role: string) =>
  `Fix: grant app ${clientId} the ${api} application permission ${role} (Entra admin center > App registrations > API permissions > Add a permission > Application permissions), then click "Grant admin consent".`;

const REFUSALS: Refusal[] = [
  {
    title: 'an account that does not exist: names it and the Configuration page',
    scheme: SCHEME.incidents,
    params: { account: 'nope' },
    message: () =>
      "account 'nope' does not exist in ta_defender_sync_account.conf: add it on the add-on's Configuration page (Accounts tab) or choose an existing account",
  },
  {
    title: 'a wrong client secret: Entra ID AADSTS7000215 and what to copy instead',
    scheme: SCHEME.incidents,
    params: { account: 'wrong_secret' },
    message: (w) =>
      `account 'wrong_secret' (tenant ${w.tenantId}): Entra ID returned 401: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${w.clientId}'. Fix: the client secret is wrong: copy the secret's Value (not its Secret ID) from Entra ID > App registrations > Certificates & secrets and save it on the account.`,
  },
  {
    title: 'an app without SecurityIncident.Read.All: Graph 403, the role and admin consent',
    scheme: SCHEME.incidents,
    params: { account: 'no_roles' },
    message: (w) =>
      `account 'no_roles' (tenant ${w.tenantId}): Graph GET /graph/v1.0/security/incidents returned 403: Missing application roles. API required roles: SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: . ${consent(simApp(w, 0, 2).clientId, 'Microsoft Graph', 'SecurityIncident.Read.All')}`,
  },
  {
    title: 'an app without SecurityAlert.Read.All for alerts_v2',
    scheme: SCHEME.alerts,
    params: { account: 'no_roles' },
    message: (w) =>
      `account 'no_roles' (tenant ${w.tenantId}): Graph GET /graph/v1.0/security/alerts_v2 returned 403: Missing application roles. API required roles: SecurityAlert.Read.All,SecurityAlert.ReadWrite.All,SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: . ${consent(simApp(w, 0, 2).clientId, 'Microsoft Graph', 'SecurityAlert.Read.All')}`,
  },
  {
    title: 'a Defender for Endpoint input whose app lacks Alert.Read.All (WindowsDefenderATP)',
    scheme: SCHEME.endpoint,
    params: { account: 'no_roles' },
    message: (w) =>
      `account 'no_roles' (tenant ${w.tenantId}): Defender for Endpoint API GET /mde/api/alerts returned 403: The application does not have any of the required application permissions (Alert.Read.All, Alert.ReadWrite.All) to access the resource. Granted: (none). ${consent(simApp(w, 0, 2).clientId, 'WindowsDefenderATP', 'Alert.Read.All')}`,
  },
  {
    title: 'a start_date that is not ISO 8601',
    scheme: SCHEME.incidents,
    params: { account: 'prod', start_date: '31/01/2026' },
    message: () => "start_date '31/01/2026' is not an ISO 8601 UTC time: use e.g. 2026-01-31 or 2026-01-31T08:00:00Z.",
  },
  {
    title: 'a start_date in the future',
    scheme: SCHEME.alerts,
    params: { account: 'prod', start_date: '2099-01-01' },
    message: () => "start_date '2099-01-01' is in the future.",
  },
  {
    title: 'an unknown Defender for Endpoint region',
    scheme: SCHEME.endpoint,
    params: { account: 'prod', region: 'mars' },
    message: () => "region 'mars' is not known: use one of default, us, eu, uk, au, swa, ina, aea.",
  },
  {
    title: 'a service source that is not a Graph serviceSource value',
    scheme: SCHEME.alerts,
    params: { account: 'prod', service_sources: 'microsoftDefenderForCloud, Defender for Endpoint' },
    message: () =>
      "service_sources: 'Defender for Endpoint' is not a Graph serviceSource value; use a comma list such as microsoftDefenderForEndpoint,microsoftDefenderForCloud.",
  },
];

describe('e2e: input validation (--validate-arguments)', function () {
  this.timeout(120_000);
  let w: World;

  before(async () => {
    w = await startWorld({ simulator: { incidents: 20 } });
    await addAccount(w, 'prod');
    await addAccount(w, 'wrong_secret', { secret: 'Xy98Q~not-the-secret-value-at-all.000000' });
    await addAccount(w, 'no_roles', { app: { tenant: 0, app: 2 } });
  });
  after(async () => w?.stop());

  for (const r of REFUSALS) {
    it(`refuses ${r.title}, and splunkd does not save the input`, async () => {
      const direct = await w.splunkd.runValidate(r.scheme, 'checked', r.params);
      expect(direct.message).to.equal(r.message(w));
      expect([direct.ok, direct.exitCode]).to.deep.equal([false, 1]);

      const name = `refused_${REFUSALS.indexOf(r)}`;
      const err = await addInput(w, r.scheme, name, r.params).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(SplunkdError);
      expect((err as SplunkdError).status).to.equal(400);
      expect((err as SplunkdError).messages).to.deep.equal([r.message(w)]);
      expect(await w.admin.getConfStanza('inputs', `${r.scheme}://${name}`)).to.equal(undefined);
    });
  }

  it('accepts a working account with one cheap call per input, and splunkd saves it', async () => {
    for (const scheme of [SCHEME.incidents, SCHEME.alerts, SCHEME.endpoint]) {
      const from = w.sim.requestLog.at(-1)?.seq ?? 0;
      await addInput(w, scheme, 'good', { account: 'prod', start_date: '2026-01-31' });
      const calls = w.sim.requestLog.filter((q) => q.seq > from && q.api !== 'token');
      expect(calls.map((q) => [q.path, q.query.$top, q.status])).to.deep.equal([
        [scheme === SCHEME.endpoint ? '/mde/api/alerts' : scheme === SCHEME.alerts ? '/graph/v1.0/security/alerts_v2' : '/graph/v1.0/security/incidents', '1', 200],
      ]);
      expect(await w.admin.getConfStanza('inputs', `${scheme}://good`)).to.include({ account: 'prod', start_date: '2026-01-31' });
    }
  });
});
