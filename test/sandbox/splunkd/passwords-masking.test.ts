// Since Splunk 8.0, storage/passwords answers POST (create, update) and DELETE without clear_password
// (splunk-sdk-python PR #291: "POST requests to the /storage/passwords endpoint should not return the
// clear_password back in plaintext"); GET keeps it for callers with list_storage_passwords.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../../sandbox/splunkd/index';
import { FAKE_APP, writeFakeApp } from './helpers/fake-app';
import { call } from './helpers/rest-call';

const NS = `/servicesNS/nobody/${FAKE_APP}`;
const CANARY = 'canary-secret-7f3a';

describe('sandbox/splunkd: storage/passwords responses to writes carry no clear_password', () => {
  let home: string;
  let splunkd: Splunkd;
  let admin: string;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-splunkd-pw-'));
    writeFakeApp(join(home, 'etc', 'apps'));
    splunkd = await startSplunkd({ splunkHome: home });
    admin = splunkd.sessionKeyFor('admin');
  });
  after(async () => {
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('create (201), update (200) and delete (200) bodies hold neither clear_password nor the secret; GET still returns it', async () => {
    const created = await call(splunkd, 'POST', `${NS}/storage/passwords`, { key: admin, form: { name: 'account.x', password: CANARY, realm: 'R' } });
    expect(created.status).to.equal(201);
    expect(created.json.entry[0].content).to.include({ realm: 'R', username: 'account.x', password: '********' });
    expect(created.json.entry[0].content).not.to.have.property('clear_password');
    expect(created.text).not.to.contain(CANARY);

    const updated = await call(splunkd, 'POST', `${NS}/storage/passwords/R%3Aaccount.x%3A`, { key: admin, form: { password: `${CANARY}-2` } });
    expect(updated.status).to.equal(200);
    expect(updated.json.entry[0].content).not.to.have.property('clear_password');
    expect(updated.text).not.to.contain(CANARY);

    // The DELETE response lists the remaining entries: they stay masked too.
    await call(splunkd, 'POST', `${NS}/storage/passwords`, { key: admin, form: { name: 'other', password: CANARY, realm: 'R' } });
    const deleted = await call(splunkd, 'DELETE', `${NS}/storage/passwords/R%3Aaccount.x%3A`, { key: admin });
    expect(deleted.status).to.equal(200);
    expect(deleted.json.entry.map((e: { name: string }) => e.name)).to.deep.equal(['R:other:']);
    expect(deleted.text).not.to.contain(CANARY);

    const listed = await call(splunkd, 'GET', `${NS}/storage/passwords`, { key: admin });
    expect(listed.json.entry[0].content.clear_password).to.equal(CANARY);
  });
});
