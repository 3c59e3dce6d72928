// storage/passwords requests on the wire, checked byte for byte against a raw HTTPS stub.
import { expect } from 'chai';
import { CRED_SEP, END_MARK, getSecret, setSecret, deleteSecret, listSecretUsers } from '../../src/splunk/passwords';
import { SplunkdClient } from '../../src/splunk/rest';
import { type HttpsStub, type RecordedRequest, startHttpsStub } from '../sandbox/splunkd/helpers/https-stub';

const REALM = 'TA_defender_sync';
const NS = '/servicesNS/nobody/TA_defender_sync/storage/passwords';
const LIST = `GET ${NS}?output_mode=json&count=0&search=realm%3DTA_defender_sync`;

const entry = (realm: string, username: string, clear: string) => ({
  name: `${realm}:${username}:`,
  content: { realm, username, clear_password: clear, encr_password: '$7$x', password: '********' },
});

const show = (r: RecordedRequest) => `${r.method} ${r.url}${r.body ? ` ${r.body}` : ''}`;
const form = (r: RecordedRequest) => Object.fromEntries(new URLSearchParams(r.body));

describe('splunk/passwords on the wire', () => {
  let stub: HttpsStub;
  let client: SplunkdClient;
  let listed: unknown[];
  beforeEach(async () => {
    listed = [];
    stub = await startHttpsStub((req) => (req.method === 'GET' ? { status: 200, body: { entry: listed } } : { status: 201, body: {} }));
    client = new SplunkdClient({ serverUri: `https://127.0.0.1:${stub.port}`, sessionKey: 'k' });
  });
  afterEach(async () => {
    client.close();
    await stub.close();
  });

  it('creates a short secret as one entry: name, password, realm', async () => {
    await setSecret(client, REALM, 'account.prod', 's3cret value&=');
    expect(stub.requests.map(show)).to.deep.equal([LIST, `POST ${NS}?output_mode=json name=account.prod&password=s3cret+value%26%3D&realm=TA_defender_sync`]);
  });

  it('updates at storage/passwords/<realm>%3A<user>%3A when create answers 409', async () => {
    stub.handler = (req) =>
      req.method === 'GET' ? { status: 200, body: { entry: [] } } : req.path === NS ? { status: 409, body: { messages: [{ type: 'ERROR', text: 'exists' }] } } : { status: 200, body: {} };
    await setSecret(client, REALM, 'proxy', 'p');
    expect(stub.requests.map(show)).to.deep.equal([
      LIST,
      `POST ${NS}?output_mode=json name=proxy&password=p&realm=TA_defender_sync`,
      `POST ${NS}/TA_defender_sync%3Aproxy%3A?output_mode=json password=p`,
    ]);
  });

  it('writes a 600-character secret as solnlib does: 255-character chunks, then END_MARK', async () => {
    const secret = 'a'.repeat(255) + 'b'.repeat(255) + 'c'.repeat(90);
    await setSecret(client, REALM, 'account.prod', secret);
    const posts = stub.requests.slice(1);
    expect(posts.map((r) => `${r.method} ${r.path}`)).to.deep.equal(Array(4).fill(`POST ${NS}`));
    expect(posts.map(form)).to.deep.equal([
      { name: `account.prod${CRED_SEP}1`, password: 'a'.repeat(255), realm: REALM },
      { name: `account.prod${CRED_SEP}2`, password: 'b'.repeat(255), realm: REALM },
      { name: `account.prod${CRED_SEP}3`, password: 'c'.repeat(90), realm: REALM },
      { name: `account.prod${CRED_SEP}4`, password: END_MARK, realm: REALM },
    ]);
    expect(posts[0]!.body.startsWith('name=account.prod%60%60splunk_cred_sep%60%601&')).to.equal(true);
  });

  it('updates existing chunks in place, deletes chunks past the new end and the old plain entry', async () => {
    listed = [
      entry(REALM, 'account.prod', 'old plain'),
      ...[1, 2, 3, 4, 5].map((i) => entry(REALM, `account.prod${CRED_SEP}${i}`, i === 5 ? END_MARK : 'x'.repeat(255))),
    ];
    await setSecret(client, REALM, 'account.prod', 'y'.repeat(300));
    const enc = (u: string) => `${NS}/${encodeURIComponent(`${REALM}:${u}:`)}`;
    expect(stub.requests.slice(1).map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      `POST ${enc(`account.prod${CRED_SEP}1`)}`,
      `POST ${enc(`account.prod${CRED_SEP}2`)}`,
      `POST ${enc(`account.prod${CRED_SEP}3`)}`,
      `DELETE ${enc(`account.prod${CRED_SEP}4`)}`,
      `DELETE ${enc(`account.prod${CRED_SEP}5`)}`,
      `DELETE ${enc('account.prod')}`,
    ]);
    expect(stub.requests.slice(1, 4).map((r) => form(r).password)).to.deep.equal(['y'.repeat(255), 'y'.repeat(45), END_MARK]);
    expect(stub.requests[4]!.path).to.equal(`${NS}/TA_defender_sync%3Aaccount.prod%60%60splunk_cred_sep%60%604%3A`);
  });

  it('reads what solnlib wrote: chunks in any order up to END_MARK, ignoring other users and realms that merely match the search', async () => {
    listed = [
      entry(REALM, `account.prod${CRED_SEP}2`, 'second-'),
      entry('TA_defender_sync_other', `account.prod${CRED_SEP}1`, 'WRONG'),
      entry(REALM, `account.prod${CRED_SEP}3`, END_MARK),
      entry(REALM, `account.prod2${CRED_SEP}1`, 'WRONG'),
      entry(REALM, `account.prod${CRED_SEP}1`, 'first-'),
      entry(REALM, `account.prod${CRED_SEP}4`, 'stale beyond the end mark'),
      entry(REALM, 'account.prod', 'older plain entry'),
    ];
    expect(await getSecret(client, REALM, 'account.prod')).to.equal('first-second-');
    expect(await getSecret(client, REALM, 'account.none')).to.equal(undefined);
    expect(await listSecretUsers(client, REALM)).to.deep.equal(['account.prod', 'account.prod2']);
  });

  it('refuses a half-written secret (a chunk missing, or no end mark) instead of returning a wrong one', async () => {
    listed = [entry(REALM, `account.prod${CRED_SEP}1`, 'a'), entry(REALM, `account.prod${CRED_SEP}3`, END_MARK)];
    try {
      await getSecret(client, REALM, 'account.prod');
      expect.fail('should throw');
    } catch (e) {
      expect((e as Error).message).to.equal(
        'storage/passwords entry TA_defender_sync:account.prod: is incomplete: chunk 2 of the secret is missing and no end mark was found; save the secret again',
      );
      expect((e as Error).message).not.to.contain('a,');
    }
  });

  it('deletes the plain entry and every chunk, and reports whether anything was there', async () => {
    listed = [entry(REALM, 'proxy', 'p'), entry(REALM, `proxy${CRED_SEP}1`, 'x'), entry(REALM, `proxy${CRED_SEP}2`, END_MARK), entry(REALM, 'proxy2', 'q')];
    expect(await deleteSecret(client, REALM, 'proxy')).to.equal(true);
    expect(stub.requests.slice(1).map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).to.deep.equal([
      `DELETE ${NS}/TA_defender_sync:proxy:`,
      `DELETE ${NS}/TA_defender_sync:proxy${CRED_SEP}1:`,
      `DELETE ${NS}/TA_defender_sync:proxy${CRED_SEP}2:`,
    ]);
    listed = [];
    expect(await deleteSecret(client, REALM, 'proxy')).to.equal(false);
  });

  it('refuses names that would make an ambiguous entity id, and an empty secret', async () => {
    for (const [realm, user] of [['a:b', 'u'], [REALM, 'x:y'], ['', 'u'], [REALM, `u${CRED_SEP}1`]] as const) {
      try {
        await setSecret(client, realm, user, 's');
        expect.fail(`should refuse ${realm} ${user}`);
      } catch (e) {
        expect((e as Error).name).to.equal('SecretError');
      }
    }
    try {
      await setSecret(client, REALM, 'u', '');
      expect.fail('should refuse');
    } catch (e) {
      expect((e as Error).message).to.equal("refusing to store an empty secret for TA_defender_sync:u:; to remove it, delete it");
    }
    expect(stub.requests).to.have.length(0);
  });
});
