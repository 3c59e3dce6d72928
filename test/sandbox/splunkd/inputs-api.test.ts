import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { FAKE_APP, FAKE_SCHEME, writeFakeApp } from './helpers/fake-app';
import { call } from './helpers/rest-call';

const BASE = `/servicesNS/nobody/${FAKE_APP}/data/inputs/${FAKE_SCHEME}`;

describe('sandbox/splunkd: data/inputs/<scheme>', () => {
  let home: string;
  let splunkd: Splunkd;
  let admin: string;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-inputs-'));
    writeFakeApp(join(home, 'etc', 'apps'));
    splunkd = await startSplunkd({ splunkHome: home, serverName: 'sh01' });
    admin = splunkd.sessionKeyFor('admin');
  });
  afterEach(async () => {
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const localInputs = () => {
    const p = join(home, 'etc', 'apps', FAKE_APP, 'local', 'inputs.conf');
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  };
  const lastValidation = () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => n === 'param' }).parse(
      readFileSync(join(home, 'last_validate.xml'), 'utf8'),
    );
    const item = doc.items.item;
    return {
      doc: doc.items,
      name: item['@name'] as string,
      params: Object.fromEntries(item.param.map((p: Record<string, string>) => [p['@name'], p['#text'] ?? ''])) as Record<string, string>,
    };
  };

  it('lists the inputs of the scheme by name, with inherited settings', async () => {
    const r = await call(splunkd, 'GET', `${BASE}?count=0`, { key: admin });
    expect(r.status).to.equal(200);
    const names = r.json.entry.map((e: { name: string }) => e.name);
    expect(names).to.include.members(['good', 'slow', 'off']);
    const good = r.json.entry.find((e: { name: string }) => e.name === 'good');
    expect(good.id).to.equal(`${splunkd.uri}${BASE}/good`);
    expect(good.content).to.deep.include({ mode: 'good', interval: '300', index: 'main', host: 'sh01', disabled: false });
    const off = (await call(splunkd, 'GET', `${BASE}/off`, { key: admin })).json.entry[0];
    expect(off.content.disabled).to.equal(true);
    expect((await call(splunkd, 'GET', `${BASE}/nope`, { key: admin })).status).to.equal(404);
    expect((await call(splunkd, 'GET', `${BASE}?count=0`, { key: splunkd.sessionKeyFor('analyst') })).status).to.equal(200);
  });

  it('runs --validate-arguments with the caller’s session key, then saves [<scheme>://<name>] to local/inputs.conf', async () => {
    const r = await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'contoso', mode: 'good', account: 'prod', interval: '60' } });
    expect(r.status).to.equal(201);
    expect(r.json.entry[0].name).to.equal('contoso');
    expect(r.json.entry[0].content).to.deep.include({ mode: 'good', account: 'prod', interval: '60', index: 'main' });
    const v = lastValidation();
    expect(v.doc.session_key).to.equal(admin);
    expect(v.doc.server_uri).to.equal(splunkd.uri);
    expect(v.doc.server_host).to.equal('sh01');
    expect(v.doc.checkpoint_dir).to.equal(join(home, 'var', 'lib', 'splunk', 'modinputs', FAKE_SCHEME));
    expect(v.name).to.equal('contoso');
    expect(v.params).to.deep.equal({ interval: '60', index: 'main', mode: 'good', account: 'prod' });
    expect(localInputs()).to.equal('[fake_input://contoso]\nmode = good\naccount = prod\ninterval = 60\n');
    const again = await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'contoso', mode: 'good' } });
    expect(again.status).to.equal(409);
  });

  it('answers 400 with the script’s <error><message> when validation fails, and saves nothing', async () => {
    const r = await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'bad', mode: 'reject' } });
    expect(r.status).to.equal(400);
    expect(r.json).to.deep.equal({
      messages: [{ type: 'ERROR', text: "account 'prod': Graph returned 403: grant SecurityIncident.Read.All & admin-consent" }],
    });
    expect(localInputs()).to.equal('');
    const crash = await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'bad', mode: 'crash' } });
    expect(crash.status).to.equal(400);
    expect(crash.json.messages[0].text).to.equal(
      `External validation for scheme=${FAKE_SCHEME} failed: the script returned with exit status=7 without an <error><message>.`,
    );
  });

  it('refuses arguments the scheme does not declare and missing required ones, before running anything', async () => {
    unlinkSync(join(home, 'etc', 'apps', FAKE_APP, 'default', 'inputs.conf'));
    const bogus = await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'x', mode: 'good', bogus: '1' } });
    expect(bogus.status).to.equal(400);
    expect(bogus.json.messages[0].text).to.equal('Argument "bogus" is not supported by this handler.');
    const missing = await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'x', account: 'a' } });
    expect(missing.status).to.equal(400);
    expect(missing.json.messages[0].text).to.equal('Missing required argument(s): mode');
    expect(existsSync(join(home, 'last_validate.xml'))).to.equal(false);
  });

  it('edits with validation of the merged settings, enables and disables', async () => {
    await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'e', mode: 'good', account: 'a' } });
    const refused = await call(splunkd, 'POST', `${BASE}/e`, { key: admin, form: { mode: 'reject' } });
    expect(refused.status).to.equal(400);
    const ok = await call(splunkd, 'POST', `${BASE}/e`, { key: admin, form: { account: 'b' } });
    expect(ok.status).to.equal(200);
    expect(lastValidation().params).to.include({ mode: 'good', account: 'b' });
    expect((await call(splunkd, 'POST', `${BASE}/e/disable`, { key: admin })).json.entry[0].content.disabled).to.equal(true);
    expect(localInputs()).to.equal('[fake_input://e]\nmode = good\naccount = b\ndisabled = 1\n');
    expect(() => splunkd.runInput({ scheme: FAKE_SCHEME, stanza: 'e' })).to.throw(/is disabled/);
    expect((await call(splunkd, 'POST', `${BASE}/e/enable`, { key: admin })).json.entry[0].content.disabled).to.equal(false);
    expect((await call(splunkd, 'POST', `${BASE}/nope`, { key: admin, form: { mode: 'good' } })).status).to.equal(404);
  });

  it('deletes a local input and refuses to delete one from default/ (400, splunkd’s words)', async () => {
    await call(splunkd, 'POST', BASE, { key: admin, form: { name: 'tmp', mode: 'good' } });
    expect((await call(splunkd, 'DELETE', `${BASE}/tmp`, { key: admin })).status).to.equal(200);
    expect((await call(splunkd, 'GET', `${BASE}/tmp`, { key: admin })).status).to.equal(404);
    const r = await call(splunkd, 'DELETE', `${BASE}/good`, { key: admin });
    expect(r.status).to.equal(400);
    expect(r.json.messages[0].text).to.equal('Object id=fake_input://good cannot be deleted in config=inputs.');
  });

  it('refuses writes by analyst (403) and serves no unregistered scheme (404)', async () => {
    const analyst = splunkd.sessionKeyFor('analyst');
    const r = await call(splunkd, 'POST', BASE, { key: analyst, form: { name: 'x', mode: 'good' } });
    expect(r.status).to.equal(403);
    expect(r.json.messages[0].text).to.equal('You (user=analyst) do not have permission to perform this operation (requires capability: admin_all_objects).');
    expect((await call(splunkd, 'GET', `/servicesNS/nobody/${FAKE_APP}/data/inputs/broken_scheme`, { key: admin })).status).to.equal(404);
  });
});
