// The Splunk Web stand-in over plain HTTP: login, the setup-view redirect, the view page's $C and assets,
// the theme API, and the /splunkd/__raw proxy's session, expose and CSRF rules.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../sandbox/splunkd/index';
import { type SplunkWeb, startSplunkWeb } from '../../sandbox/splunkweb/index';
import { APP_ID } from '../../src/config/names';
import { writeStandInApp } from './helpers/standin-app';

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
const RAW = '/en-US/splunkd/__raw';

describe('sandbox/splunkweb: the Splunk Web stand-in', function () {
  this.timeout(30_000);
  let home: string;
  let splunkd: Splunkd;
  let web: SplunkWeb;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-web-'));
    const app = writeStandInApp(home);
    mkdirSync(join(app, 'appserver', 'static', 'setup'), { recursive: true });
    writeFileSync(join(app, 'appserver', 'static', 'setup', 'main.js'), 'window.loaded = 1;\n');
    splunkd = await startSplunkd({ splunkHome: home });
    web = await startSplunkWeb({ splunkd });
  });
  after(async () => {
    await web.stop();
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('sends a visitor without a session to the login page, and signs in with splunkd’s users', async () => {
    const root = await get(`${web.url}/`);
    expect(root.status).to.equal(303);
    expect(root.headers.get('location')).to.equal(`/en-US/app/${APP_ID}/`);
    const app = await get(`${web.url}/en-US/app/${APP_ID}/inputs`);
    expect(app.headers.get('location')).to.equal(`/en-US/account/login?return_to=${encodeURIComponent(`/en-US/app/${APP_ID}/inputs`)}`);
    const form = (password: string) =>
      fetch(`${web.url}/en-US/account/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'admin', password, return_to: `/en-US/app/${APP_ID}/inputs` }).toString(),
      });
    const bad = await form('wrong');
    expect(bad.status).to.equal(401);
    expect(await bad.text()).to.contain('Login failed');
    const ok = await form('changeme');
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.equal(`/en-US/app/${APP_ID}/inputs`);
    const cookies = ok.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith(`session_id_${web.port}=`))).to.contain('HttpOnly');
    expect(cookies.find((c) => c.startsWith(`splunkweb_csrf_token_${web.port}=`))).to.match(/=\d+;/).and.not.contain('HttpOnly');
  });

  it('sends users to the setup view until the app is configured, then serves the view with $C and the app’s assets', async () => {
    const admin = web.login('admin', { theme: 'dark' });
    const before = await get(web.viewUrl('inputs'), admin.cookieHeader);
    expect(before.status).to.equal(303);
    expect(before.headers.get('location')).to.equal(`/en-US/app/${APP_ID}/configuration`);
    const setup = await get(web.viewUrl('configuration'), admin.cookieHeader);
    expect(setup.status).to.equal(200);

    const configured = await fetch(`${web.url}${RAW}/services/apps/local/${APP_ID}?output_mode=json`, {
      method: 'POST',
      headers: { Cookie: admin.cookieHeader, 'X-Splunk-Form-Key': admin.csrfToken, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'configured=1',
    });
    expect(configured.status).to.equal(200);
    const page = await get(web.viewUrl('inputs'), admin.cookieHeader);
    expect(page.status).to.equal(200);
    const html = await page.text();
    const config = JSON.parse(/window\.\$C = (\{.*?\});/.exec(html)![1]!) as Record<string, unknown>;
    expect(config).to.include({
      LOCALE: 'en-US',
      MRSPARKLE_ROOT_PATH: '',
      MRSPARKLE_PORT_NUMBER: String(web.port),
      SPLUNKD_PATH: '/en-US/splunkd/__raw',
      APP: APP_ID,
      USERNAME: 'admin',
      SPLUNK_UI_THEME: 'dark',
    });
    expect(html).to.contain('<div id="defender-sync-setup" data-page="inputs">');
    const script = /<script src="([^"]+main\.js)"><\/script>/.exec(html)![1]!;
    expect(script).to.match(new RegExp(`^/en-US/static/@\\d+:\\d+/app/${APP_ID}/setup/main\\.js$`));
    const js = await get(`${web.url}${script}`);
    expect(js.headers.get('content-type')).to.equal('application/javascript; charset=utf-8');
    expect(await js.text()).to.equal('window.loaded = 1;\n');
    expect((await get(`${web.url}/en-US/static/app/${APP_ID}/..%2F..%2Fdefault%2Fapp.conf`)).status).to.equal(404);
    const theme = await get(`${web.url}/en-US/static/@1/build/api/get_theme.js`, admin.cookieHeader);
    expect(await theme.text()).to.contain('Promise.resolve("dark")');
  });

  it('proxies splunkd for the signed-in user and refuses writes without the CSRF form key (403), changing nothing', async () => {
    const admin = web.login('admin');
    const url = `${web.url}${RAW}/servicesNS/nobody/${APP_ID}/configs/conf-ta_defender_sync_account?output_mode=json`;
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: 'name=csrf&tenant_id=x' });
    const noKey = await post({ Cookie: admin.cookieHeader });
    expect(noKey.status).to.equal(403);
    expect(((await noKey.json()) as { messages: Array<{ text: string }> }).messages[0]!.text).to.match(/CSRF validation failed/);
    expect((await post({ Cookie: admin.cookieHeader, 'X-Splunk-Form-Key': '12345' })).status).to.equal(403);
    const list = async () => ((await (await fetch(url, { headers: { Cookie: admin.cookieHeader } })).json()) as { entry: Array<{ name: string }> }).entry.map((e) => e.name);
    expect(await list()).not.to.include('csrf');
    expect((await post({ Cookie: admin.cookieHeader, 'X-Splunk-Form-Key': admin.csrfToken })).status).to.equal(201);
    expect(await list()).to.include('csrf');

    const context = await fetch(`${web.url}${RAW}/services/authentication/current-context?output_mode=json`, { headers: { Cookie: admin.cookieHeader } });
    expect(((await context.json()) as { entry: Array<{ content: { username: string } }> }).entry[0]!.content.username).to.equal('admin');
    expect((await fetch(`${web.url}${RAW}/services/authentication/current-context?output_mode=json`)).status).to.equal(401);
    const notExposed = await fetch(`${web.url}${RAW}/services/receivers/simple?index=main`, { method: 'POST', headers: { Cookie: admin.cookieHeader, 'X-Splunk-Form-Key': admin.csrfToken }, body: 'x' });
    expect(notExposed.status).to.equal(404);
  });

  it('passes splunkd’s own refusal of a user without the capability through verbatim', async () => {
    const analyst = web.login('analyst');
    const r = await fetch(`${web.url}${RAW}/servicesNS/nobody/${APP_ID}/configs/conf-ta_defender_sync_settings/logging?output_mode=json`, {
      method: 'POST',
      headers: { Cookie: analyst.cookieHeader, 'X-Splunk-Form-Key': analyst.csrfToken, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'loglevel=DEBUG',
    });
    expect(r.status).to.equal(403);
    expect(await r.json()).to.deep.equal({
      messages: [{ type: 'ERROR', text: 'You (user=analyst) do not have permission to perform this operation (requires capability: admin_all_objects).' }],
    });
  });
});
