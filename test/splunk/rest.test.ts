import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isLoopbackHost } from '../../src/splunk/loopback';
import { SplunkdClient, SplunkdError } from '../../src/splunk/rest';
import { type HttpsStub, lookupLoopback, startHttpsStub } from '../sandbox/splunkd/helpers/https-stub';

const KEY = 'Zc1aEXAMPLEq2fKc0OGkfm3r^1oY2Fu4-sessionkey';

async function failure(p: Promise<unknown>): Promise<SplunkdError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(SplunkdError);
    return e as SplunkdError;
  }
  throw new Error('expected a SplunkdError');
}

describe('splunk/rest: SplunkdClient against a raw HTTPS stub', () => {
  let stub: HttpsStub;
  let client: SplunkdClient;
  let home: string;
  beforeEach(async () => {
    stub = await startHttpsStub();
    client = new SplunkdClient({ serverUri: `https://127.0.0.1:${stub.port}`, sessionKey: KEY });
    home = mkdtempSync(join(tmpdir(), 'ds-rest-'));
  });
  afterEach(async () => {
    client.close();
    await stub.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('sends Authorization: Splunk <key>, output_mode=json, and namespaces paths under servicesNS/nobody/TA_defender_sync', async () => {
    stub.handler = () => ({ status: 200, body: { entry: [{ name: 'prod x', content: { tenant_id: 't', 'eai:acl': null, disabled: false } }] } });
    const stanza = await client.getConfStanza('ta_defender_sync_account', 'prod x');
    expect(stanza).to.deep.equal({ tenant_id: 't', disabled: 'false' });
    const [req] = stub.requests;
    expect(req!.method).to.equal('GET');
    expect(req!.url).to.equal('/servicesNS/nobody/TA_defender_sync/configs/conf-ta_defender_sync_account/prod%20x?output_mode=json');
    expect(req!.headers.authorization).to.equal(`Splunk ${KEY}`);
  });

  it('leaves services/… and servicesNS/… paths as they are and encodes owner and app', async () => {
    const other = new SplunkdClient({ serverUri: `https://localhost:${stub.port}/`, sessionKey: KEY, owner: 'a b', app: 'x/y' });
    await other.get('services/authentication/current-context');
    await other.get('/servicesNS/-/-/data/indexes', { count: 0, search: 'isInternal=0' });
    await other.get('data/inputs/defender_sync_incidents');
    other.close();
    expect(stub.requests.map((r) => r.url)).to.deep.equal([
      '/services/authentication/current-context?output_mode=json',
      '/servicesNS/-/-/data/indexes?output_mode=json&count=0&search=isInternal%3D0',
      '/servicesNS/a%20b/x%2Fy/data/inputs/defender_sync_incidents?output_mode=json',
    ]);
  });

  it('posts form-encoded bodies, repeating multi-valued keys', async () => {
    await client.post('configs/conf-x/s', { a: '1', b: 'x y', c: ':&=', list: ['p', 'q'], skipped: undefined, n: 5, t: true });
    const [req] = stub.requests;
    expect(req!.headers['content-type']).to.equal('application/x-www-form-urlencoded');
    expect(req!.body).to.equal('a=1&b=x+y&c=%3A%26%3D&list=p&list=q&n=5&t=true');
    expect(req!.url).to.equal('/servicesNS/nobody/TA_defender_sync/configs/conf-x/s?output_mode=json');
  });

  it('returns undefined for a missing stanza (404) and lists stanzas with count=0, without [default]', async () => {
    stub.handler = (req) =>
      req.path.endsWith('/missing')
        ? { status: 404, body: { messages: [{ type: 'ERROR', text: 'Could not find object id=missing' }] } }
        : { status: 200, body: { entry: [{ name: 'default', content: {} }, { name: 'a', content: { k: 'v', n: 3 } }] } };
    expect(await client.getConfStanza('c', 'missing')).to.equal(undefined);
    expect(await client.listConfStanzas('c')).to.deep.equal([{ name: 'a', content: { k: 'v', n: '3' } }]);
    expect(stub.requests[1]!.url).to.equal('/servicesNS/nobody/TA_defender_sync/configs/conf-c?output_mode=json&count=0');
  });

  it('postConfStanza updates in place, creates with name= on 404, and updates after a 409 race', async () => {
    const script: number[] = [404, 409, 200];
    stub.handler = () => ({ status: script.shift() ?? 200, body: {} });
    await client.postConfStanza('ta_defender_sync_settings', 'logging', { loglevel: 'DEBUG' });
    expect(stub.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).to.deep.equal([
      'POST /servicesNS/nobody/TA_defender_sync/configs/conf-ta_defender_sync_settings/logging loglevel=DEBUG',
      'POST /servicesNS/nobody/TA_defender_sync/configs/conf-ta_defender_sync_settings loglevel=DEBUG&name=logging',
      'POST /servicesNS/nobody/TA_defender_sync/configs/conf-ta_defender_sync_settings/logging loglevel=DEBUG',
    ]);
  });

  it('raises SplunkdError naming the endpoint and what splunkd said, never the session key', async () => {
    stub.handler = () => ({
      status: 403,
      body: { messages: [{ type: 'ERROR', text: `You (user=analyst) do not have permission to perform this operation (requires capability: list_storage_passwords OR admin_all_objects). key=${KEY}` }] },
    });
    const err = await failure(client.get('storage/passwords', { count: 0 }));
    expect(err.status).to.equal(403);
    expect(err.message).to.equal(
      'splunkd GET /servicesNS/nobody/TA_defender_sync/storage/passwords failed with HTTP 403: You (user=analyst) do not have permission to perform this operation (requires capability: list_storage_passwords OR admin_all_objects). key=********',
    );
    expect(err.messages).to.have.length(1);
    for (const text of [err.message, err.stack ?? '', inspect(err, { depth: 10 }), JSON.stringify(err), String(err)]) {
      expect(text).not.to.contain(KEY);
    }
  });

  it('says a 401 means the session key was refused, and reads splunkd XML errors too', async () => {
    stub.handler = () => ({ status: 401, body: '<response><messages><msg type="WARN">call not properly authenticated</msg></messages></response>' });
    const err = await failure(client.get('storage/passwords'));
    expect(err.status).to.equal(401);
    expect(err.messages).to.deep.equal(['call not properly authenticated']);
    expect(err.message).to.contain('(the session key was refused: it is invalid or has expired)');
  });

  it('never follows a redirect, so the key cannot be sent to another origin', async () => {
    const elsewhere = await startHttpsStub();
    try {
      stub.handler = () => ({ status: 302, headers: { Location: `https://127.0.0.1:${elsewhere.port}/steal` } });
      const err = await failure(client.get('configs/conf-x'));
      expect(err.status).to.equal(302);
      expect(err.message).to.contain('not followed');
      expect(elsewhere.requests).to.have.length(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('verifies certificates off loopback: a self-signed splunkd fails before any request is sent', async () => {
    const remote = new SplunkdClient({ serverUri: `https://splunkd.example.test:${stub.port}`, sessionKey: KEY, lookup: lookupLoopback, splunkHome: home });
    const err = await failure(remote.get('configs/conf-x'));
    remote.close();
    expect(err.status).to.equal(0);
    expect(err.message).to.match(/could not reach splunkd at https:\/\/splunkd\.example\.test:\d+: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/);
    expect(err.message).to.contain('$SPLUNK_HOME/etc/auth/cacert.pem');
    expect(err.message).not.to.contain(KEY);
    expect(stub.requests).to.have.length(0);
  });

  it('trusts $SPLUNK_HOME/etc/auth/cacert.pem off loopback, and still checks the host name', async () => {
    mkdirSync(join(home, 'etc', 'auth'), { recursive: true });
    writeFileSync(join(home, 'etc', 'auth', 'cacert.pem'), stub.tls.caPem);
    const remote = new SplunkdClient({ serverUri: `https://splunkd.example.test:${stub.port}`, sessionKey: KEY, lookup: lookupLoopback, splunkHome: home });
    await remote.get('configs/conf-x');
    remote.close();
    expect(stub.requests).to.have.length(1);
    const wrongName = new SplunkdClient({ serverUri: `https://other.example.test:${stub.port}`, sessionKey: KEY, lookup: lookupLoopback, splunkHome: home });
    const err = await failure(wrongName.get('configs/conf-x'));
    wrongName.close();
    expect(err.message).to.contain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(stub.requests).to.have.length(1);
  });

  it('ignores HTTPS_PROXY from the environment (the key goes to server_uri only)', async () => {
    const saved = { https: process.env.HTTPS_PROXY, lower: process.env.https_proxy };
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    process.env.https_proxy = 'http://127.0.0.1:9';
    try {
      const c = new SplunkdClient({ serverUri: `https://127.0.0.1:${stub.port}`, sessionKey: KEY });
      await c.get('configs/conf-x');
      c.close();
      expect(stub.requests).to.have.length(1);
    } finally {
      if (saved.https === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved.https;
      if (saved.lower === undefined) delete process.env.https_proxy;
      else process.env.https_proxy = saved.lower;
    }
  });

  it('submits an event to services/receivers/simple with its metadata in the query and the raw body', async () => {
    stub.handler = () => ({ status: 200, body: { index: 'defender', bytes: 12 } });
    const res = await client.submitEvent({ index: 'defender', sourcetype: 'defender_sync:action', source: 'defender_sync_update', host: undefined }, '{"id":"1 2"}');
    expect(res).to.deep.equal({ index: 'defender', bytes: 12 });
    const [req] = stub.requests;
    expect(req!.method).to.equal('POST');
    expect(req!.url).to.equal('/services/receivers/simple?output_mode=json&index=defender&sourcetype=defender_sync%3Aaction&source=defender_sync_update');
    expect(req!.body).to.equal('{"id":"1 2"}');
  });

  it('times out and says so', async () => {
    stub.handler = () => ({ status: 200, hang: true });
    const slow = new SplunkdClient({ serverUri: `https://127.0.0.1:${stub.port}`, sessionKey: KEY, timeoutMs: 100 });
    const err = await failure(slow.get('configs/conf-x'));
    slow.close();
    expect(err.status).to.equal(0);
    expect(err.message).to.match(/^splunkd GET \/servicesNS\/nobody\/TA_defender_sync\/configs\/conf-x timed out waiting for splunkd at https:\/\/127\.0\.0\.1:\d+/);
  });

  it('reports a refused connection with the address it tried', async () => {
    const port = stub.port;
    await stub.close();
    const err = await failure(new SplunkdClient({ serverUri: `https://127.0.0.1:${port}`, sessionKey: KEY }).get('x'));
    expect(err.message).to.contain(`could not reach splunkd at https://127.0.0.1:${port}: ECONNREFUSED`);
    stub = await startHttpsStub();
  });

  it('refuses a server_uri that is not a URL, http off loopback, and an empty session key', () => {
    expect(() => new SplunkdClient({ serverUri: '127.0.0.1:8089', sessionKey: KEY })).to.throw("server_uri '127.0.0.1:8089' is not a URL");
    expect(() => new SplunkdClient({ serverUri: 'http://splunk.example.com:8089', sessionKey: KEY })).to.throw(/must use https/);
    expect(() => new SplunkdClient({ serverUri: 'http://127.0.0.1:8089', sessionKey: KEY })).not.to.throw();
    expect(() => new SplunkdClient({ serverUri: 'https://127.0.0.1:8089', sessionKey: '' })).to.throw(/session key is empty/);
  });
});

describe('splunk/loopback: isLoopbackHost', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost in every spelling a URL gives', () => {
    for (const uri of ['https://127.0.0.1:8089', 'https://127.1.2.3', 'https://[::1]:8089', 'https://LOCALHOST:8089', 'https://[::ffff:127.0.0.1]:1', 'https://[0:0:0:0:0:0:0:1]:1']) {
      expect(isLoopbackHost(new URL(uri).hostname), uri).to.equal(true);
    }
  });
  it('refuses every other host, including look-alikes', () => {
    for (const host of ['128.0.0.1', '10.0.0.1', 'localhost.example.com', 'mylocalhost', '::2', '::ffff:10.0.0.1', 'splunk', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(host), host).to.equal(false);
    }
  });
});
