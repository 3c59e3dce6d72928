import { expect } from 'chai';
import { createApi, errorFrom, ResponseError, stanzas, type ApiTransport } from '../../src/setup/rest/api';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeTransport(answer: (seen: Seen) => Response | Promise<Response>, seen: Seen[] = []): ApiTransport {
  return {
    restUrl: (endpoint, ns) => (ns === 'app' ? `/en-US/splunkd/__raw/servicesNS/nobody/TA_defender_sync/${endpoint}` : `/en-US/splunkd/__raw/services/${endpoint}`),
    headers: () => ({ 'X-Splunk-Form-Key': 'csrf-123', 'X-Requested-With': 'XMLHttpRequest' }),
    fetch: async (url, init) => {
      const s = { url, init };
      seen.push(s);
      return answer(s);
    },
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('setup/rest/api: the page’s splunkd client', () => {
  it('GETs the app namespace with output_mode=json and query arguments, and the global namespace on request', async () => {
    const seen: Seen[] = [];
    const api = createApi(fakeTransport(() => json({ entry: [{ name: 'a', content: { x: 1 } }] }), seen));
    const feed = await api.get('configs/conf-ta_defender_sync_account', { query: { count: 0 } });
    await api.get('authentication/current-context', { namespace: 'global' });
    expect(feed.entry?.[0]?.content).to.deep.equal({ x: 1 });
    expect(seen.map((s) => s.url)).to.deep.equal([
      '/en-US/splunkd/__raw/servicesNS/nobody/TA_defender_sync/configs/conf-ta_defender_sync_account?output_mode=json&count=0',
      '/en-US/splunkd/__raw/services/authentication/current-context?output_mode=json',
    ]);
    expect(seen[0]!.init.method).to.equal('GET');
    expect(seen[0]!.init.body).to.equal(undefined);
    expect(seen[0]!.init.headers).to.include({ 'X-Splunk-Form-Key': 'csrf-123', 'X-Requested-With': 'XMLHttpRequest' });
    expect(seen[0]!.init.headers).not.to.have.property('Content-Type');
  });

  it('POSTs form-encoded bodies with the CSRF form key, and DELETEs without a body', async () => {
    const seen: Seen[] = [];
    const api = createApi(fakeTransport(() => json({ entry: [] }), seen));
    await api.post('storage/passwords', { name: 'account.prod', password: 'p&s=w d+', realm: 'TA_defender_sync' });
    await api.del('storage/passwords/TA_defender_sync%3Aproxy%3A');
    expect(seen[0]!.init.method).to.equal('POST');
    expect(seen[0]!.init.headers).to.include({ 'Content-Type': 'application/x-www-form-urlencoded', 'X-Splunk-Form-Key': 'csrf-123' });
    expect(seen[0]!.init.body).to.equal('name=account.prod&password=p%26s%3Dw+d%2B&realm=TA_defender_sync');
    expect(seen[1]!.init.method).to.equal('DELETE');
    expect(seen[1]!.url).to.equal('/en-US/splunkd/__raw/servicesNS/nobody/TA_defender_sync/storage/passwords/TA_defender_sync%3Aproxy%3A?output_mode=json');
    expect(seen[1]!.init.body).to.equal(undefined);
  });

  it('rejects with splunkd’s own message and status', async () => {
    const api = createApi(fakeTransport(() => json({ messages: [{ type: 'ERROR', text: 'An object with name=prod already exists' }] }, 409)));
    const e = await api.post('configs/conf-x', { name: 'prod' }).then(
      () => expect.fail('should reject'),
      (err: unknown) => err,
    );
    expect(e).to.be.instanceOf(ResponseError);
    expect((e as ResponseError).status).to.equal(409);
    expect((e as ResponseError).message).to.equal('An object with name=prod already exists');
  });

  it('says what failed when splunkd gives no message (403 from Splunk Web, HTML, network down)', async () => {
    expect(errorFrom(403, undefined, 'POST', 'configs/conf-x').message).to.equal('POST configs/conf-x failed: you do not have permission to do this.');
    expect(errorFrom(401, {}, 'GET', 'data/indexes').message).to.equal('GET data/indexes failed: your Splunk session has expired: sign in again.');
    const html = createApi(fakeTransport(() => new Response('<html>oops</html>', { status: 500 })));
    await html.get('x').then(
      () => expect.fail('should reject'),
      (e: ResponseError) => expect(e.message).to.equal('GET x failed: HTTP 500.'),
    );
    const down = createApi(fakeTransport(() => Promise.reject(new TypeError('Failed to fetch'))));
    await down.get('x').then(
      () => expect.fail('should reject'),
      (e: ResponseError) => {
        expect(e.status).to.equal(0);
        expect(e.message).to.equal('Splunk did not answer (Failed to fetch). Check that Splunk Web is running and reload the page.');
      },
    );
    const notJson = createApi(fakeTransport(() => new Response('<feed/>', { status: 200 })));
    await notJson.get('x').then(
      () => expect.fail('should reject'),
      (e: ResponseError) => expect(e.message).to.equal('GET x: splunkd answered with something other than JSON.'),
    );
  });

  it('stanzas() leaves out the [default] stanza that conf listings include', () => {
    expect(stanzas({ entry: [{ name: 'default', content: {} }, { name: 'prod', content: {} }] }).map((e) => e.name)).to.deep.equal(['prod']);
  });
});
