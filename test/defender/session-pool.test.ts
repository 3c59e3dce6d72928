import { expect } from 'chai';
import type { Account } from '../../src/config/account';
import { parseSettings } from '../../src/config/settings';
import { SessionPool } from '../../src/defender/session-pool';
import type { HttpRequest } from '../../src/defender/transport';
import { FakeClock } from '../helpers/fake-clock';

const account = (name: string, tenantId: string): Account => ({ name, tenantId, clientId: '11111111-1111-1111-1111-111111111111', authType: 'client_secret', cloud: 'commercial' });
const settings = (graph: string) => parseSettings({ network: { graph_requests_per_minute: graph } });
const url = 'https://graph.microsoft.com/v1.0/security/incidents?$top=1';

describe('session pool (one process, many stanzas)', () => {
  it('shares one agent per network setup and one token cache per account; a new secret gets a new cache', () => {
    const pool = new SessionPool();
    pool.open({ account: account('a', 't1'), secret: 's1', settings: settings('150') });
    pool.open({ account: account('a', 't1'), secret: 's1', settings: settings('150') });
    pool.open({ account: account('b', 't2'), secret: 's2', settings: settings('150') });
    expect(pool.size).to.deep.equal({ transports: 1, tokenCaches: 2, pacers: 1 });
    pool.open({ account: account('a', 't1'), secret: 'rotated', settings: settings('150') });
    expect(pool.size.tokenCaches).to.equal(3);
  });

  it('paces two stanzas of the same app and tenant together, other tenants apart', async () => {
    const clock = new FakeClock(0);
    const sent: Array<{ at: number; url: string }> = [];
    const transport = {
      async send(req: HttpRequest) {
        sent.push({ at: clock.now(), url: req.url });
        return { status: 200, headers: {}, body: '{"value":[]}' };
      },
    };
    const tokens = { token: async () => 'tok' };
    const pool = new SessionPool({ clock });
    const open = (acc: Account) => pool.open({ account: acc, secret: 's', settings: settings('2'), transport, tokens, clock });
    // Two stanzas (e.g. incidents and alerts) of tenant t1, one of tenant t2; 2 requests a minute allowed.
    const [x, y, z] = [open(account('a', 't1')), open(account('a', 't1')), open(account('c', 't2'))];
    await x.graph.call({ method: 'GET', url });
    await y.graph.call({ method: 'GET', url });
    await z.graph.call({ method: 'GET', url });
    await z.graph.call({ method: 'GET', url });
    expect(clock.sleeps).to.deep.equal([]);
    await y.graph.call({ method: 'GET', url }); // t1's third request in the minute waits for the window
    expect(clock.now()).to.be.at.least(60_000);
    // Each stanza's summary counts only its own requests.
    expect([x.stats.requests, y.stats.requests, z.stats.requests]).to.deep.equal([1, 2, 2]);
  });
});
