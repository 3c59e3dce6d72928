// The REST client against the splunkd stand-in: conf helpers, events, errors, and TLS trust with a
// splunkd whose certificate comes from its own CA.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Splunkd, startSplunkd } from '../../sandbox/splunkd/index';
import { SplunkdClient, SplunkdError } from '../../src/splunk/rest';
import { FAKE_APP, writeFakeApp } from '../sandbox/splunkd/helpers/fake-app';
import { lookupLoopback } from '../sandbox/splunkd/helpers/https-stub';

describe('splunk/rest: SplunkdClient against the splunkd stand-in', () => {
  let home: string;
  let splunkd: Splunkd;
  let client: SplunkdClient;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'ds-rest-standin-'));
    writeFakeApp(join(home, 'etc', 'apps'));
    splunkd = await startSplunkd({ splunkHome: home, tlsHosts: ['splunk.sandbox.test'] });
    client = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('admin'), app: FAKE_APP });
  });
  after(async () => {
    client.close();
    await splunkd.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('reads a stanza (default layer) and gets undefined for a missing one', async () => {
    expect(await client.getConfStanza('ta_fake_settings', 'logging')).to.deep.equal({ loglevel: 'INFO', disabled: 'false' });
    expect(await client.getConfStanza('ta_fake_settings', 'nope')).to.equal(undefined);
  });

  it('creates, updates and lists stanzas with postConfStanza, keeping keys it was not given', async () => {
    await client.postConfStanza('ta_fake_account', 'prod', { tenant_id: 't1', client_id: 'c1' });
    await client.postConfStanza('ta_fake_account', 'prod', { client_id: 'c2' });
    await client.postConfStanza('ta_fake_account', 'dev', { tenant_id: 't2' });
    for (let i = 0; i < 35; i++) await client.postConfStanza('ta_fake_account', `bulk${i}`, { tenant_id: String(i) });
    const all = await client.listConfStanzas('ta_fake_account');
    expect(all).to.have.length(37); // more than splunkd's default page of 30: count=0 was sent
    expect(all.find((s) => s.name === 'prod')!.content).to.deep.include({ tenant_id: 't1', client_id: 'c2' });
    await client.deleteConfStanza('ta_fake_account', 'dev');
    expect(await client.getConfStanza('ta_fake_account', 'dev')).to.equal(undefined);
  });

  it('submits events to an index through receivers/simple', async () => {
    await client.submitEvent({ index: 'defender', sourcetype: 'defender_sync:action', source: 'defender_sync_update', host: 'sh1' }, '{"incidentId":"42","result":"ok"}');
    expect(splunkd.events.search({ index: 'defender', sourcetype: 'defender_sync:action' }).map((e) => e._raw)).to.deep.equal(['{"incidentId":"42","result":"ok"}']);
  });

  it('raises splunkd’s 403 for a user who may not write, naming the endpoint', async () => {
    const analyst = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: splunkd.sessionKeyFor('analyst'), app: FAKE_APP });
    try {
      await analyst.postConfStanza('ta_fake_settings', 'logging', { loglevel: 'DEBUG' });
      expect.fail('should be refused');
    } catch (e) {
      expect(e).to.be.instanceOf(SplunkdError);
      expect((e as Error).message).to.equal(
        `splunkd POST /servicesNS/nobody/${FAKE_APP}/configs/conf-ta_fake_settings/logging failed with HTTP 403: You (user=analyst) do not have permission to perform this operation (requires capability: admin_all_objects).`,
      );
    } finally {
      analyst.close();
    }
  });

  it('says when the session key has expired', async () => {
    const key = splunkd.sessionKeyFor('admin');
    splunkd.revokeSessionKey(key);
    const stale = new SplunkdClient({ serverUri: splunkd.uri, sessionKey: key, app: FAKE_APP });
    try {
      await stale.getConfStanza('ta_fake_settings', 'logging');
      expect.fail('should be refused');
    } catch (e) {
      expect((e as SplunkdError).status).to.equal(401);
      expect((e as Error).message).to.contain('call not properly authenticated (the session key was refused');
      expect((e as Error).message).not.to.contain(key);
    } finally {
      stale.close();
    }
  });

  it('off loopback, trusts splunkd only through $SPLUNK_HOME/etc/auth/cacert.pem', async () => {
    const uri = `https://splunk.sandbox.test:${splunkd.port}`;
    const key = splunkd.sessionKeyFor('admin');
    const untrusted = new SplunkdClient({ serverUri: uri, sessionKey: key, app: FAKE_APP, lookup: lookupLoopback, splunkHome: join(home, 'elsewhere') });
    try {
      await untrusted.getConfStanza('ta_fake_settings', 'logging');
      expect.fail('should not trust the sandbox CA');
    } catch (e) {
      expect((e as SplunkdError).status).to.equal(0);
    } finally {
      untrusted.close();
    }
    const trusted = new SplunkdClient({ serverUri: uri, sessionKey: key, app: FAKE_APP, lookup: lookupLoopback, splunkHome: home });
    expect(await trusted.getConfStanza('ta_fake_settings', 'logging')).to.include({ loglevel: 'INFO' });
    trusted.close();
  });
});
