// Secrets through the splunkd stand-in: round trips, the 255/256 boundary, a 4 KB PEM key, Unicode,
// shrinking, deletion, permissions, and no clear secret on disk. A port of solnlib's reader checks that
// UCC add-ons would read what we write.
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../sandbox/splunkd/index';
import { CRED_SEP, deleteSecret, END_MARK, getSecret, listCredentials, listSecretUsers, setSecret } from '../../src/splunk/passwords';
import { SplunkdClient, SplunkdError } from '../../src/splunk/rest';
import { FAKE_APP, writeFakeApp } from '../sandbox/splunkd/helpers/fake-app';
import { call } from '../sandbox/splunkd/helpers/rest-call';

const REALM = 'TA_defender_sync';

/** solnlib CredentialManager._get_all_passwords + get_password, ported line by line (reference: solnlib/credentials.py). */
function solnlibGetPassword(entries: Array<{ name: string; content: Record<string, string> }>, realm: string, user: string): string {
  const ptn = new RegExp(`^(.+)${CRED_SEP}(\\d+)`);
  const results = new Map<string, { realm: string; username: string; clears?: Map<number, string>; clear_password?: string }>();
  for (const p of entries) {
    const m = ptn.exec(p.name);
    if (!m) continue;
    const actual = `${m[1]}:`;
    const stanza = results.get(actual) ?? { realm: p.content.realm!, username: p.content.username!.split(CRED_SEP)[0]!, clears: new Map() };
    results.set(actual, stanza);
    stanza.clears!.set(Number(m[2]), p.content.clear_password!);
  }
  for (const p of entries) {
    if (!ptn.exec(p.name) && !results.has(p.name)) results.set(p.name, { realm: p.content.realm!, username: p.content.username!, clear_password: p.content.clear_password! });
  }
  for (const v of results.values()) {
    if (!v.clears) continue;
    let clear = '';
    for (const i of [...v.clears.keys()].sort((a, b) => a - b)) {
      if (v.clears.get(i) === END_MARK) break;
      clear += v.clears.get(i);
    }
    v.clear_password = clear;
  }
  for (const v of results.values()) if (v.username === user && v.realm === realm) return v.clear_password!;
  throw new Error(`solnlib: Failed to get password of realm=${realm}, user=${user}.`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('splunk/passwords through the splunkd stand-in', () => {
  let home: string;
  let splunkd: Splunkd;
  let client: SplunkdClient;
  // Certificate auth stores the private key with its certificate: about 4 KB of PEM.
  const pem = `${generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs8', format: 'pem' })}`;
  let bundle = '';

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-pw-'));
    writeFakeApp(join(home, 'etc', 'apps')); // an app other than ours, for namespace checks
    splunkd = await startSplunkd({
      splunkHome: home,
      users: [
        { name: 'admin', password: 'changeme', roles: ['admin'] },
        { name: 'analyst', password: 'changeme', roles: ['user'] },
        { name: 'writer', password: 'changeme', roles: ['writer'] },
      ],
      roles: {
        admin: ['admin_all_objects', 'list_storage_passwords', 'edit_storage_passwords'],
        user: ['search'],
        writer: ['edit_storage_passwords'],
      },
    });
    // Our own app, empty but installed, as on a real search head.
    const appDir = join(home, 'etc', 'apps', REALM);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(appDir, 'default'), { recursive: true });
    writeFileSync(join(appDir, 'default', 'app.conf'), '[package]\nid = TA_defender_sync\n');
    client = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin') });
    bundle = `${pem}${splunkd.caPem}`;
    expect(bundle.length).to.be.greaterThan(3900);
  });
  after(async () => {
    client.close();
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const secrets: Array<[string, string]> = [
    ['a short client secret', 'Zx9~q8Q-abc.DEF_ghi'],
    ['exactly 255 characters', 'x'.repeat(254) + 'y'],
    ['256 characters', 'x'.repeat(255) + 'z'],
    ['a 4 KB PEM private key with its certificate', '<bundle>'],
    ['Unicode beyond the BMP across a chunk boundary', `${'é'.repeat(254)}😀${'漢字'.repeat(200)}`],
    ['characters that need URL and XML escaping', `&=%:+ <a>"'\\\n\t;${'#'.repeat(300)}`],
  ];
  for (const [what, given] of secrets) {
    it(`stores and reads back ${what}, readable by solnlib too`, async () => {
      const secret = given === '<bundle>' ? bundle : given;
      const user = `account.${what.replace(/[^a-z0-9]/gi, '_')}`;
      await setSecret(client, REALM, user, secret);
      expect(await getSecret(client, REALM, user)).to.equal(secret);
      const entries = (await client.get('storage/passwords', { count: 0 })).entry!.map((e) => ({ name: e.name, content: e.content as Record<string, string> }));
      expect(solnlibGetPassword(entries, REALM, user)).to.equal(secret);
      const mine = entries.filter((e) => e.content.username === user || e.content.username!.startsWith(`${user}${CRED_SEP}`));
      const points = Array.from(secret).length;
      expect(mine.length, 'entries').to.equal(points <= 255 ? 1 : Math.ceil(points / 255) + 1);
      for (const e of mine) expect(Array.from(e.content.clear_password!).length).to.be.at.most(255);
    });
  }

  it('chunks at 256 characters, not at 255: one entry, then two chunks and an end mark', async () => {
    await setSecret(client, REALM, 'b255', 'a'.repeat(255));
    await setSecret(client, REALM, 'b256', 'a'.repeat(256));
    const names = (await listCredentials(client, REALM)).map((c) => c.username).filter((u) => u.startsWith('b25'));
    expect(names.sort()).to.deep.equal(['b255', `b256${CRED_SEP}1`, `b256${CRED_SEP}2`, `b256${CRED_SEP}3`]);
  });

  it('replaces a long secret by a shorter one and leaves no stale chunk, then back to one entry', async () => {
    const user = 'account.shrinking';
    await setSecret(client, REALM, user, 'L'.repeat(1000));
    await setSecret(client, REALM, user, 'S'.repeat(300));
    let mine = (await listCredentials(client, REALM)).filter((c) => c.username.startsWith(user));
    expect(mine.map((c) => c.username).sort()).to.deep.equal([1, 2, 3].map((i) => `${user}${CRED_SEP}${i}`));
    expect(await getSecret(client, REALM, user)).to.equal('S'.repeat(300));
    await setSecret(client, REALM, user, 'tiny-secret');
    mine = (await listCredentials(client, REALM)).filter((c) => c.username.startsWith(user));
    expect(mine.map((c) => c.username)).to.deep.equal([user]);
    expect(await getSecret(client, REALM, user)).to.equal('tiny-secret');
  });

  it('deletes every chunk, lists users, and returns undefined for a secret that is not there', async () => {
    await setSecret(client, REALM, 'proxy', 'p'.repeat(600));
    expect(await listSecretUsers(client, REALM)).to.include('proxy');
    expect(await deleteSecret(client, REALM, 'proxy')).to.equal(true);
    expect((await listCredentials(client, REALM)).filter((c) => c.username.startsWith('proxy'))).to.deep.equal([]);
    expect(await getSecret(client, REALM, 'proxy')).to.equal(undefined);
    expect(await deleteSecret(client, REALM, 'proxy')).to.equal(false);
  });

  it('keeps secrets of our app in our app: another app namespace does not see them', async () => {
    await setSecret(client, REALM, 'account.ns', 'in-our-app');
    const other = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin'), app: FAKE_APP });
    expect(await getSecret(other, REALM, 'account.ns')).to.equal(undefined);
    other.close();
  });

  it('never writes a clear secret to disk: passwords.conf holds $7$ values only', async () => {
    const canary = 'CANARY-7f3e-never-on-disk-' + 'q'.repeat(400);
    await setSecret(client, REALM, 'account.canary', canary);
    const conf = readFileSync(join(home, 'etc', 'apps', REALM, 'local', 'passwords.conf'), 'utf8');
    expect(conf).to.match(/^\[credential:TA_defender_sync:account\.canary``splunk_cred_sep``1:\]\npassword = \$7\$[A-Za-z0-9+/=]+$/m);
    for (const file of filesUnder(home)) {
      const bytes = readFileSync(file);
      expect(bytes.includes('CANARY-7f3e'), file).to.equal(false);
      expect(bytes.includes(END_MARK), `${file} holds the end mark in clear`).to.equal(false);
    }
  });

  it('splunkd refuses a caller without list_storage_passwords (403) and the error says which capability', async () => {
    const analyst = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('analyst') });
    try {
      await getSecret(analyst, REALM, 'account.ns');
      expect.fail('should be refused');
    } catch (e) {
      expect(e).to.be.instanceOf(SplunkdError);
      expect((e as SplunkdError).status).to.equal(403);
      expect((e as Error).message).to.contain('(requires capability: list_storage_passwords OR admin_all_objects)');
    } finally {
      analyst.close();
    }
  });

  it('writer (edit_storage_passwords only) may create but not read back; clear_password needs list_storage_passwords', async () => {
    const key = splunkd.sessionKeyFor('writer');
    const created = await call(splunkd, 'POST', `/servicesNS/nobody/${REALM}/storage/passwords`, { key, form: { name: 'w', password: 'pw-by-writer', realm: REALM } });
    expect(created.status).to.equal(201);
    expect(created.json.entry[0].name).to.equal(`${REALM}:w:`);
    expect(created.json.entry[0].content).to.include({ realm: REALM, username: 'w', password: '********' });
    expect(created.json.entry[0].content).not.to.have.property('clear_password');
    expect(created.json.entry[0].content.encr_password).to.match(/^\$7\$/);
    expect((await call(splunkd, 'GET', `/servicesNS/nobody/${REALM}/storage/passwords`, { key })).status).to.equal(403);
    const dup = await call(splunkd, 'POST', `/servicesNS/nobody/${REALM}/storage/passwords`, { key, form: { name: 'w', password: 'x', realm: REALM } });
    expect(dup.status).to.equal(409);
    expect(dup.json.messages[0].text).to.equal(`An object with name=${REALM}:w: already exists`);
    const admin = splunkd.sessionKeyFor('admin');
    const one = await call(splunkd, 'GET', `/servicesNS/nobody/${REALM}/storage/passwords/${REALM}%3Aw%3A`, { key: admin });
    expect(one.json.entry[0].content.clear_password).to.equal('pw-by-writer');
    const noColon = await call(splunkd, 'GET', `/servicesNS/nobody/${REALM}/storage/passwords/${REALM}:w`, { key: admin });
    expect(noColon.status).to.equal(200);
    const update = await call(splunkd, 'POST', `/servicesNS/nobody/${REALM}/storage/passwords/${REALM}%3Aw%3A`, { key, form: { password: 'changed' } });
    expect(update.status).to.equal(200);
    expect((await call(splunkd, 'GET', `/servicesNS/nobody/${REALM}/storage/passwords/${REALM}%3Aw%3A`, { key: admin })).json.entry[0].content.clear_password).to.equal('changed');
    expect((await call(splunkd, 'DELETE', `/servicesNS/nobody/${REALM}/storage/passwords/${REALM}%3Aw%3A`, { key })).status).to.equal(200);
    expect((await call(splunkd, 'GET', `/servicesNS/nobody/${REALM}/storage/passwords/${REALM}%3Aw%3A`, { key: admin })).status).to.equal(404);
    expect((await call(splunkd, 'POST', `/servicesNS/nobody/${REALM}/storage/passwords`, { key: splunkd.sessionKeyFor('analyst'), form: { name: 'a', password: 'b' } })).status).to.equal(403);
  });
});
