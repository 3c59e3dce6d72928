import { expect } from 'chai';
import { cachedSplunkdConfigSource } from '../../src/config/cached-source';
import type { SplunkdClient } from '../../src/splunk/rest';

describe('cached config source (one process, many stanzas)', () => {
  it('reads each conf stanza and the realm’s credentials once per TTL for every run, and retries a failed read', async () => {
    let time = 0;
    const calls: string[] = [];
    let failConf = true;
    const client = {
      async getConfStanza(conf: string, stanza: string) {
        calls.push(`conf ${conf}/${stanza}`);
        if (stanza === 'flaky' && failConf) {
          failConf = false;
          throw new Error('splunkd 503');
        }
        return { tenant_id: stanza };
      },
      async get(path: string) {
        calls.push(`get ${path}`);
        return {
          entry: [
            { name: 'TA_defender_sync:account.a:', content: { realm: 'TA_defender_sync', username: 'account.a', clear_password: 'secret-a' } },
            { name: 'TA_defender_sync:account.b:', content: { realm: 'TA_defender_sync', username: 'account.b', clear_password: 'secret-b' } },
          ],
        };
      },
    } as unknown as SplunkdClient;
    const source = cachedSplunkdConfigSource(client, 30_000, () => time);
    expect(await source.confStanza('acc', 'a')).to.deep.equal({ tenant_id: 'a' });
    expect(await source.confStanza('acc', 'a')).to.deep.equal({ tenant_id: 'a' });
    expect(await source.secret('TA_defender_sync', 'account.a')).to.equal('secret-a');
    expect(await source.secret('TA_defender_sync', 'account.b')).to.equal('secret-b');
    expect(calls.filter((c) => c.startsWith('get'))).to.have.length(1);
    await source.confStanza('acc', 'flaky').catch(() => undefined);
    expect(await source.confStanza('acc', 'flaky')).to.deep.equal({ tenant_id: 'flaky' });
    time = 30_000;
    await source.confStanza('acc', 'a');
    await source.secret('TA_defender_sync', 'account.a');
    expect(calls).to.deep.equal(['conf acc/a', 'get storage/passwords', 'conf acc/flaky', 'conf acc/flaky', 'conf acc/a', 'get storage/passwords']);
  });
});
