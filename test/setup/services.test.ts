// The setup page's services against the splunkd stand-in (no browser): what lands in the confs and in
// storage/passwords, and what splunkd refuses.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../sandbox/splunkd/index';
import { APP_ID, PASSWORD_REALM } from '../../src/config/names';
import { alertsInput, endpointAlertsInput, incidentsInput } from '../../src/inputs/definitions';
import { emptyAccountForm, type AccountForm } from '../../src/setup/model/account-form';
import { networkFormFrom, proxyFormFrom } from '../../src/setup/model/settings-form';
import { ResponseError } from '../../src/setup/rest/api';
import { AccountInUseError, deleteAccount, listAccounts, saveAccount } from '../../src/setup/services/accounts';
import { isAppConfigured, markConfigured, currentUser } from '../../src/setup/services/context';
import { deleteInput, listIndexes, listInputs, readIndexMacro, saveInput, setIndexMacro, setInputEnabled } from '../../src/setup/services/inputs';
import { deleteSecret, writeSecret } from '../../src/setup/services/secrets';
import { saveLogging, saveNetwork, saveProxy } from '../../src/setup/services/settings';
import { CRED_SEP, END_MARK, getSecret, setSecret } from '../../src/splunk/passwords';
import { SplunkdClient } from '../../src/splunk/rest';
import { REJECT_MESSAGE, writeStandInApp } from './helpers/standin-app';
import { type RecordedCall, standInApi } from './helpers/standin-api';

const T = '11111111-2222-3333-4444-555555555555';
const C = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const CANARY = 'CANARY~8Q-secret-value-0123456789abcdef';

describe('setup/services against the splunkd stand-in', function () {
  this.timeout(30_000);
  let home: string;
  let splunkd: Splunkd;
  let runtime: SplunkdClient;
  const calls: RecordedCall[] = [];
  const local = (conf: string) => {
    const p = join(home, 'etc', 'apps', APP_ID, 'local', `${conf}.conf`);
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  };
  /** storage/passwords entries of our realm as username → clear value (read as admin, like the runtime). */
  const entries = async (): Promise<Record<string, string>> => {
    const feed = await runtime.get('storage/passwords', { count: 0 });
    const out: Record<string, string> = {};
    for (const e of feed.entry ?? []) if (e.content?.realm === PASSWORD_REALM) out[String(e.content.username)] = String(e.content.clear_password);
    return out;
  };
  const form = (o: Partial<AccountForm>): AccountForm => ({ ...emptyAccountForm(), name: 'prod', tenantId: T, clientId: C, clientSecret: CANARY, ...o });

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-setup-'));
    writeStandInApp(home);
    splunkd = await startSplunkd({ splunkHome: home });
    runtime = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin'), splunkHome: home });
  });
  after(async () => {
    runtime.close();
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls.length = 0;
  });
  afterEach(() => {
    // The page only writes and deletes secrets, and no answer to it carries one.
    expect(calls.filter((c) => c.method === 'GET' && c.path.includes('storage/passwords'))).to.deep.equal([]);
    for (const c of calls) expect(c.response, `${c.method} ${c.path}`).not.to.contain(CANARY);
  });

  it('secrets: lays out entries exactly as the runtime’s setSecret does (plain ≤ 255, solnlib chunks beyond) and reads back with getSecret', async () => {
    const api = standInApi(splunkd, 'admin', calls);
    const long = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(1650)}\n-----END PRIVATE KEY-----\n`;
    await writeSecret(api, 'page', long);
    await setSecret(runtime, PASSWORD_REALM, 'runtime', long);
    const all = await entries();
    const layout = (user: string) =>
      Object.entries(all)
        .filter(([u]) => u === user || u.startsWith(`${user}${CRED_SEP}`))
        .map(([u, v]) => [u.slice(user.length), v])
        .sort();
    expect(layout('page')).to.deep.equal(layout('runtime'));
    expect(layout('page')).to.have.length(8); // 7 pieces of 255 + END_MARK
    expect(all[`page${CRED_SEP}8`]).to.equal(END_MARK);
    expect(await getSecret(runtime, PASSWORD_REALM, 'page')).to.equal(long);

    await writeSecret(api, 'page', 'short');
    expect(Object.keys(await entries()).filter((u) => u.startsWith('page'))).to.deep.equal(['page']);
    expect(await getSecret(runtime, PASSWORD_REALM, 'page')).to.equal('short');
    await writeSecret(api, 'page', long);
    expect(Object.keys(await entries()).filter((u) => u.startsWith('page'))).to.have.length(8);
    await deleteSecret(api, 'page');
    await deleteSecret(api, 'runtime');
    expect(await entries()).to.deep.equal({});
  });

  it('accounts: create writes the contract keys and account.<name>, marks the app configured; edit without a secret keeps it', async () => {
    const api = standInApi(splunkd, 'admin', calls);
    expect(await isAppConfigured(api)).to.equal(false);
    await saveAccount(api, { form: form({}), mode: 'create' });
    expect(await markConfigured(api)).to.equal(true);
    expect(await markConfigured(api)).to.equal(false);
    expect(await isAppConfigured(api)).to.equal(true);
    expect(local('ta_defender_sync_account')).to.equal(`[prod]\ntenant_id = ${T}\nclient_id = ${C}\nauth_type = client_secret\ncloud = commercial\n`);
    expect(await entries()).to.deep.equal({ 'account.prod': CANARY });

    const [record] = await listAccounts(api);
    await saveAccount(api, { form: form({ clientSecret: '', cloud: 'gcc_high' }), mode: 'edit', previous: record });
    expect(local('ta_defender_sync_account')).to.contain('cloud = gcc_high');
    expect(await entries()).to.deep.equal({ 'account.prod': CANARY });
  });

  it('accounts: a clone with an existing name is refused by splunkd (409) before any secret is written', async () => {
    const api = standInApi(splunkd, 'admin', calls);
    const before = local('ta_defender_sync_account');
    const e = await saveAccount(api, { form: form({ clientSecret: 'other-secret' }), mode: 'clone' }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(ResponseError);
    expect((e as ResponseError).status).to.equal(409);
    expect(local('ta_defender_sync_account')).to.equal(before);
    expect(await entries()).to.deep.equal({ 'account.prod': CANARY });
  });

  it('a user without admin_all_objects is refused with splunkd’s 403 text, and nothing changes', async () => {
    const api = standInApi(splunkd, 'analyst', calls);
    expect((await currentUser(api)).capabilities).not.to.include('admin_all_objects');
    const before = local('ta_defender_sync_account');
    const e = (await saveAccount(api, { form: form({ name: 'mine' }), mode: 'create' }).catch((x: unknown) => x)) as ResponseError;
    expect(e.status).to.equal(403);
    expect(e.message).to.equal('You (user=analyst) do not have permission to perform this operation (requires capability: admin_all_objects).');
    expect(local('ta_defender_sync_account')).to.equal(before);
    expect(await entries()).to.deep.equal({ 'account.prod': CANARY });
  });

  it('inputs: splunkd’s live validation message comes back verbatim and nothing is written; create, edit, disable, delete', async () => {
    const api = standInApi(splunkd, 'admin', calls);
    const failed = (await saveInput(api, incidentsInput, { name: 'inc', account: 'reject', interval: '300', index: 'defender' }, 'create').catch((x: unknown) => x)) as ResponseError;
    expect(failed.status).to.equal(400);
    expect(failed.message).to.equal(REJECT_MESSAGE);
    expect(local('inputs')).to.equal('');

    await saveInput(api, incidentsInput, { name: 'inc', account: 'prod', start_date: '', interval: '300', index: 'defender' }, 'create');
    await saveInput(api, alertsInput, { name: 'al', account: 'prod', service_sources: 'microsoftSentinel', interval: '600', index: 'main' }, 'create');
    await saveInput(api, endpointAlertsInput, { name: 'mde', account: 'prod', region: 'eu', interval: '900', index: 'main' }, 'create');
    let { rows, unavailable } = await listInputs(api);
    expect(unavailable).to.deep.equal([]);
    expect(rows.map((r) => [r.scheme, r.name, r.account, r.interval, r.index, r.disabled])).to.deep.equal([
      ['defender_sync_incidents', 'inc', 'prod', '300', 'defender', false],
      ['defender_sync_alerts', 'al', 'prod', '600', 'main', false],
      ['defender_sync_endpoint_alerts', 'mde', 'prod', '900', 'main', false],
    ]);
    await saveInput(api, alertsInput, { account: 'prod', service_sources: '', interval: '1200', index: 'main' }, 'edit', rows[1]);
    await setInputEnabled(api, rows[2]!, false);
    ({ rows } = await listInputs(api));
    expect(local('inputs')).to.contain('[defender_sync_alerts://al]\naccount = prod\nservice_sources = \ninterval = 1200\nindex = main\n');
    expect(rows[2]!.disabled).to.equal(true);

    const inUse = (await deleteAccount(api, 'prod').catch((x: unknown) => x)) as AccountInUseError;
    expect(inUse).to.be.instanceOf(AccountInUseError);
    expect(inUse.message).to.equal(
      "Account 'prod' is used by 3 inputs defender_sync_incidents://inc, defender_sync_alerts://al, defender_sync_endpoint_alerts://mde: delete those inputs or point them at another account first.",
    );
    expect(await entries()).to.deep.equal({ 'account.prod': CANARY });

    for (const row of rows) await deleteInput(api, row);
    expect((await listInputs(api)).rows).to.deep.equal([]);
    await deleteAccount(api, 'prod');
    expect(await listAccounts(api)).to.deep.equal([]);
    expect(await entries()).to.deep.equal({});
  });

  it('settings: proxy (password only in storage/passwords), network and logging go to local/', async () => {
    const api = standInApi(splunkd, 'admin', calls);
    await saveProxy(api, { ...proxyFormFrom(undefined), enabled: true, host: 'proxy.corp', port: '3128', username: 'svc', password: CANARY });
    await saveNetwork(api, { ...networkFormFrom({}), requestTimeout: '30', graphPerMinute: '120' });
    await saveLogging(api, { level: 'DEBUG' });
    expect(local('ta_defender_sync_settings')).to.equal(
      '[proxy]\nproxy_enabled = 1\nproxy_type = http\nproxy_url = proxy.corp\nproxy_port = 3128\nproxy_username = svc\n\n' +
        '[network]\nca_bundle = \nrequest_timeout = 30\ngraph_requests_per_minute = 120\nmde_requests_per_minute = 100\n\n' +
        '[logging]\nloglevel = DEBUG\n',
    );
    expect(await entries()).to.deep.equal({ proxy: CANARY });
    await saveProxy(api, { ...proxyFormFrom(undefined), enabled: false, host: 'proxy.corp', port: '3128', username: '' });
    expect(await entries()).to.deep.equal({});
  });

  it('indexes and the defender_sync_index macro', async () => {
    const api = standInApi(splunkd, 'admin', calls);
    expect(await listIndexes(api)).to.deep.equal(['defender', 'main', 'summary']);
    expect(await readIndexMacro(api)).to.deep.equal({ definition: '(index=main)', index: 'main' });
    await setIndexMacro(api, 'defender');
    expect(await readIndexMacro(api)).to.deep.equal({ definition: '(index=defender)', index: 'defender' });
    expect(local('macros')).to.equal('[defender_sync_index]\ndefinition = (index=defender)\n');
  });
});
