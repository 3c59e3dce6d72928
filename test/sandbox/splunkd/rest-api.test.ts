import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { FAKE_APP, writeFakeApp } from './helpers/fake-app';
import { call } from './helpers/rest-call';

const NS = `/servicesNS/nobody/${FAKE_APP}`;

describe('sandbox/splunkd: REST', () => {
  let home: string;
  let splunkd: Splunkd;
  let admin: string;
  let analyst: string;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-splunkd-'));
    writeFakeApp(join(home, 'etc', 'apps'));
    splunkd = await startSplunkd({ splunkHome: home });
    admin = splunkd.sessionKeyFor('admin');
    analyst = splunkd.sessionKeyFor('analyst');
  });
  afterEach(async () => {
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it('answers 401 without a valid `Authorization: Splunk <key>`, as splunkd words it', async () => {
      const path = `${NS}/configs/conf-app`;
      const none = await call(splunkd, 'GET', path);
      expect(none.status).to.equal(401);
      expect(none.json).to.deep.equal({ messages: [{ type: 'WARN', text: 'call not properly authenticated' }] });
      expect((await call(splunkd, 'GET', path, { key: 'not-a-key' })).status).to.equal(401);
      const bearer = await call(splunkd, 'GET', path, { authorization: `Bearer ${admin}` });
      expect(bearer.status).to.equal(401);
      const basic = await call(splunkd, 'GET', path, { authorization: 'Basic YWRtaW46Y2hhbmdlbWU=' });
      expect(basic.json).to.deep.equal({ messages: [{ type: 'ERROR', text: 'Unauthorized' }] });
    });

    it('logs in with POST /services/auth/login and refuses a wrong password', async () => {
      const ok = await call(splunkd, 'POST', '/services/auth/login', { form: { username: 'analyst', password: 'changeme' } });
      expect(ok.status).to.equal(200);
      expect(ok.json.sessionKey).to.be.a('string').with.length.greaterThan(20);
      expect((await call(splunkd, 'GET', '/services/authentication/current-context', { key: ok.json.sessionKey })).json.entry[0].content.username).to.equal('analyst');
      const bad = await call(splunkd, 'POST', '/services/auth/login', { form: { username: 'admin', password: 'nope' } });
      expect(bad.status).to.equal(401);
      expect(bad.json.messages[0].text).to.equal('Login failed');
      const revoked = splunkd.sessionKeyFor('admin');
      splunkd.revokeSessionKey(revoked);
      expect((await call(splunkd, 'GET', '/services/authentication/current-context', { key: revoked })).status).to.equal(401);
    });

    it('answers XML unless output_mode=json, like splunkd', async () => {
      const r = await call(splunkd, 'GET', `${NS}/configs/conf-app/ui`, { key: admin, json: false });
      expect(r.status).to.equal(200);
      expect(r.headers['content-type']).to.match(/^text\/xml/);
      expect(r.text).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
      expect(r.json).to.equal(undefined);
    });

    it('tells who is calling: authentication/current-context with username, roles and capabilities', async () => {
      const a = (await call(splunkd, 'GET', '/services/authentication/current-context', { key: admin })).json;
      expect(a.entry[0].name).to.equal('context');
      expect(a.entry[0].content).to.include({ username: 'admin', realname: 'Administrator' });
      expect(a.entry[0].content.roles).to.deep.equal(['admin']);
      expect(a.entry[0].content.capabilities).to.include.members(['admin_all_objects', 'list_storage_passwords', 'edit_storage_passwords', 'edit_tcp']);
      const u = (await call(splunkd, 'GET', '/services/authentication/current-context', { key: analyst })).json.entry[0].content;
      expect(u.roles).to.deep.equal(['user']);
      expect(u.capabilities).not.to.include.members(['admin_all_objects']);
      expect(u.capabilities).not.to.include('list_storage_passwords');
    });
  });

  describe('configs/conf-*', () => {
    it("lists stanzas in splunkd's JSON shape, with [default] inheritance and local over default", async () => {
      const r = await call(splunkd, 'GET', `${NS}/configs/conf-ta_fake_settings`, { key: admin });
      expect(r.status).to.equal(200);
      expect(Object.keys(r.json)).to.include.members(['links', 'origin', 'updated', 'generator', 'entry', 'paging', 'messages']);
      expect(r.json.messages).to.deep.equal([]);
      expect(r.json.paging).to.deep.equal({ total: 2, perPage: 30, offset: 0 });
      const logging = r.json.entry.find((e: { name: string }) => e.name === 'logging');
      expect(logging.id).to.equal(`${splunkd.uri}${NS}/configs/conf-ta_fake_settings/logging`);
      expect(logging.content).to.deep.include({ loglevel: 'INFO', disabled: false, 'eai:appName': FAKE_APP });
      expect(logging.acl).to.deep.include({ app: FAKE_APP, owner: 'nobody', sharing: 'app', can_write: true, removable: false });
    });

    it('pages 30 entries by default; count=0 gives all, offset and search filter', async () => {
      for (let i = 0; i < 34; i++) {
        const r = await call(splunkd, 'POST', `${NS}/configs/conf-many`, { key: admin, form: { name: `s${String(i).padStart(2, '0')}`, k: i % 2 ? 'odd' : 'even' } });
        expect(r.status).to.equal(201);
      }
      const page = (await call(splunkd, 'GET', `${NS}/configs/conf-many`, { key: admin })).json;
      expect(page.entry).to.have.length(30);
      expect(page.paging).to.deep.equal({ total: 34, perPage: 30, offset: 0 });
      expect((await call(splunkd, 'GET', `${NS}/configs/conf-many?count=0`, { key: admin })).json.entry).to.have.length(34);
      const tail = (await call(splunkd, 'GET', `${NS}/configs/conf-many?count=5&offset=32`, { key: admin })).json;
      expect(tail.entry.map((e: { name: string }) => e.name)).to.deep.equal(['s32', 's33']);
      const odd = (await call(splunkd, 'GET', `${NS}/configs/conf-many?count=0&search=k%3Dodd`, { key: admin })).json;
      expect(odd.entry).to.have.length(17);
    });

    it('creates (201) in local/ as .conf text, refuses an existing name (409), updates (200) and reads back', async () => {
      const created = await call(splunkd, 'POST', `${NS}/configs/conf-ta_fake_account`, {
        key: admin,
        form: { name: 'prod', tenant_id: '00000000-0000-0000-0000-000000000001', note: 'line one\nline two' },
      });
      expect(created.status).to.equal(201);
      expect(created.json.entry[0].name).to.equal('prod');
      expect(readFileSync(join(home, 'etc', 'apps', FAKE_APP, 'local', 'ta_fake_account.conf'), 'utf8')).to.equal(
        '[prod]\ntenant_id = 00000000-0000-0000-0000-000000000001\nnote = line one\\\nline two\n',
      );
      const again = await call(splunkd, 'POST', `${NS}/configs/conf-ta_fake_account`, { key: admin, form: { name: 'prod' } });
      expect(again.status).to.equal(409);
      expect(again.json).to.deep.equal({ messages: [{ type: 'ERROR', text: 'An object with name=prod already exists' }] });
      const updated = await call(splunkd, 'POST', `${NS}/configs/conf-ta_fake_account/prod`, { key: admin, form: { client_id: 'c' } });
      expect(updated.status).to.equal(200);
      const read = (await call(splunkd, 'GET', `${NS}/configs/conf-ta_fake_account/prod`, { key: admin })).json.entry[0].content;
      expect(read).to.deep.include({ tenant_id: '00000000-0000-0000-0000-000000000001', client_id: 'c', note: 'line one\nline two' });
    });

    it('writes an override of a default stanza to local/ and shows the merged result', async () => {
      await call(splunkd, 'POST', `${NS}/configs/conf-ta_fake_settings/logging`, { key: admin, form: { loglevel: 'DEBUG' } });
      const local = readFileSync(join(home, 'etc', 'apps', FAKE_APP, 'local', 'ta_fake_settings.conf'), 'utf8');
      expect(local).to.equal('[logging]\nloglevel = DEBUG\n');
      const read = (await call(splunkd, 'GET', `${NS}/configs/conf-ta_fake_settings/logging`, { key: admin })).json.entry[0].content;
      expect(read.loglevel).to.equal('DEBUG');
    });

    it('answers 404 for a missing stanza and an update of one', async () => {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const r = await call(splunkd, method, `${NS}/configs/conf-ta_fake_settings/nope`, method === 'POST' ? { key: admin, form: { a: '1' } } : { key: admin });
        expect(r.status, method).to.equal(404);
        expect(r.json.messages[0].text).to.equal('Could not find object id=nope');
      }
    });

    it('deletes a local stanza, and refuses (400) to delete one that default/ defines', async () => {
      await call(splunkd, 'POST', `${NS}/configs/conf-ta_fake_account`, { key: admin, form: { name: 'gone' } });
      expect((await call(splunkd, 'DELETE', `${NS}/configs/conf-ta_fake_account/gone`, { key: admin })).status).to.equal(200);
      expect((await call(splunkd, 'GET', `${NS}/configs/conf-ta_fake_account/gone`, { key: admin })).status).to.equal(404);
      const r = await call(splunkd, 'DELETE', `${NS}/configs/conf-ta_fake_settings/logging`, { key: admin });
      expect(r.status).to.equal(400);
      expect(r.json.messages[0].text).to.equal('Object id=logging cannot be deleted in config=ta_fake_settings.');
    });

    it('lets analyst read but not write (403 with the capability splunkd names)', async () => {
      expect((await call(splunkd, 'GET', `${NS}/configs/conf-ta_fake_settings/logging`, { key: analyst })).status).to.equal(200);
      for (const [method, path] of [
        ['POST', `${NS}/configs/conf-ta_fake_settings/logging`],
        ['POST', `${NS}/configs/conf-ta_fake_settings`],
        ['DELETE', `${NS}/configs/conf-ta_fake_settings/proxy`],
      ] as const) {
        const r = await call(splunkd, method, path, method === 'POST' ? { key: analyst, form: { name: 'x', loglevel: 'DEBUG' } } : { key: analyst });
        expect(r.status, `${method} ${path}`).to.equal(403);
        expect(r.json).to.deep.equal({
          messages: [{ type: 'ERROR', text: 'You (user=analyst) do not have permission to perform this operation (requires capability: admin_all_objects).' }],
        });
      }
      expect(readFileSync(join(home, 'etc', 'apps', FAKE_APP, 'default', 'ta_fake_settings.conf'), 'utf8')).to.contain('loglevel = INFO');
    });

    it('refuses stanza names and keys that would corrupt the .conf file', async () => {
      const bad = await call(splunkd, 'POST', `${NS}/configs/conf-x`, { key: admin, form: { name: 'a]\n[b' } });
      expect(bad.status).to.equal(400);
      const badKey = await call(splunkd, 'POST', `${NS}/configs/conf-x`, { key: admin, form: { name: 'a', 'k\n[evil]': 'v' } });
      expect(badKey.status).to.equal(400);
      expect((await call(splunkd, 'GET', `${NS}/configs/conf-..%2Fx`, { key: admin })).status).to.equal(400);
    });
  });

  describe('apps/local, data/indexes, receivers/simple', () => {
    it('reports the app from app.conf and marks it configured on POST configured=1', async () => {
      const before = (await call(splunkd, 'GET', `/services/apps/local/${FAKE_APP}`, { key: admin })).json.entry[0];
      expect(before.name).to.equal(FAKE_APP);
      expect(before.content).to.deep.include({ configured: false, visible: true, version: '1.2.3', label: 'Fake Add-on' });
      expect((await call(splunkd, 'POST', `/services/apps/local/${FAKE_APP}`, { key: analyst, form: { configured: '1' } })).status).to.equal(403);
      const after = await call(splunkd, 'POST', `/services/apps/local/${FAKE_APP}`, { key: admin, form: { configured: '1' } });
      expect(after.status).to.equal(200);
      expect(after.json.entry[0].content.configured).to.equal(true);
      expect(readFileSync(join(home, 'etc', 'apps', FAKE_APP, 'local', 'app.conf'), 'utf8')).to.equal('[install]\nis_configured = 1\n');
      expect((await call(splunkd, 'POST', `/services/apps/local/${FAKE_APP}/_reload`, { key: admin })).status).to.equal(200);
      expect((await call(splunkd, 'GET', '/services/apps/local/NoSuchApp', { key: admin })).status).to.equal(404);
    });

    it('lists the configured indexes', async () => {
      const r = (await call(splunkd, 'GET', '/services/data/indexes?count=0', { key: analyst })).json;
      expect(r.entry.map((e: { name: string }) => e.name)).to.deep.equal(['main', 'defender', 'summary']);
      expect(r.entry[0].content).to.include({ datatype: 'event', totalEventCount: 0 });
    });

    it('indexes a raw event posted to receivers/simple (capability edit_tcp), in memory and in the index JSONL', async () => {
      const r = await call(splunkd, 'POST', '/services/receivers/simple?index=defender&sourcetype=defender_sync%3Aaction&source=test&host=h1', {
        key: admin,
        body: '{"id":"1","result":"ok"}',
      });
      expect(r.status).to.equal(200);
      expect(r.json).to.deep.equal({ index: 'defender', bytes: 24, host: 'h1', source: 'test', sourcetype: 'defender_sync:action' });
      const [e] = splunkd.events.search({ index: 'defender', sourcetype: 'defender_sync:action' });
      expect(e).to.deep.include({ index: 'defender', source: 'test', host: 'h1', _raw: '{"id":"1","result":"ok"}' });
      const line = JSON.parse(readFileSync(join(home, 'var', 'lib', 'splunk', 'defender', 'events.jsonl'), 'utf8').trim());
      expect(line).to.deep.equal(e);
      const denied = await call(splunkd, 'POST', '/services/receivers/simple?index=main', { key: analyst, body: 'x' });
      expect(denied.status).to.equal(403);
      expect(denied.json.messages[0].text).to.contain('(requires capability: edit_tcp)');
      expect((await call(splunkd, 'POST', '/services/receivers/simple?index=nope', { key: admin, body: 'x' })).status).to.equal(400);
      expect(splunkd.events.count()).to.equal(1);
    });

    it('answers 404 Not Found for endpoints it does not serve', async () => {
      const r = await call(splunkd, 'GET', '/services/saved/searches', { key: admin });
      expect(r.status).to.equal(404);
      expect(r.json.messages[0].type).to.equal('ERROR');
    });
  });
});
