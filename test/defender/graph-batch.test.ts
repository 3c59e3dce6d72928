import { expect } from 'chai';
import type { ApiClient } from '../../src/defender/api-client';
import { newStats } from '../../src/defender/api-client';
import { runBatch, type BatchRequest } from '../../src/defender/graph-batch';
import { FakeClock } from '../helpers/fake-clock';

type Answer = (id: string, request: { url: string }) => { status: number; headers?: Record<string, string>; body?: unknown };

/** A Graph $batch endpoint answering each item with `answer`; records each batch's size. */
function fakeGraph(answer: Answer) {
  const sizes: number[] = [];
  const client = {
    stats: newStats(),
    async call({ body }: { body: { requests: Array<{ id: string; url: string }> } }) {
      sizes.push(body.requests.length);
      // Graph returns the items in any order.
      const responses = [...body.requests].reverse().map((r) => ({ id: r.id, ...answer(r.id, r) }));
      return { status: 200, headers: {}, data: { responses } };
    },
  };
  return { client: client as unknown as ApiClient, sizes };
}

const requests = (n: number): BatchRequest[] => Array.from({ length: n }, (_, i) => ({ method: 'PATCH', url: `/security/incidents/${i}`, body: { status: 'resolved' } }));

describe('Graph $batch runner', () => {
  it('keeps throttled items until the deadline, whatever the number of 429s', async () => {
    const clock = new FakeClock(0);
    const seen = new Map<string, number>();
    const { client } = fakeGraph((id) => {
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      return n <= 8 ? { status: 429, headers: { 'Retry-After': '1.5' } } : { status: 200, body: { id } };
    });
    const results = await runBatch(client, 'https://graph', requests(3), { clock, deadline: 60_000 });
    expect(results.map((r) => r.status)).to.deep.equal([200, 200, 200]);
    expect([...seen.values()]).to.deep.equal([9, 9, 9]);
    expect(clock.sleeps.every((ms) => ms === 1500)).to.equal(true);
    expect(client.stats.throttled).to.equal(24);
  });

  it('halves the batch after throttling and grows it back on clean answers', async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const { client, sizes } = fakeGraph(() => (calls++ < 20 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 204 }));
    await runBatch(client, 'https://graph', requests(60), { clock, deadline: 600_000 });
    // 20 refused → 10; each clean answer grows it by one, up to 20.
    expect(sizes).to.deep.equal([20, 10, 11, 12, 13, 14]);
  });

  it('gives server errors a few attempts, then reports them', async () => {
    const clock = new FakeClock(0);
    const { client } = fakeGraph(() => ({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } }));
    const [r] = await runBatch(client, 'https://graph', requests(1), { clock, maxItemAttempts: 3, random: () => 0 });
    expect(r).to.deep.equal({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } }, error: 'try later' });
    expect(clock.sleeps).to.deep.equal([500, 1000]);
  });

  it('reports what time left unsent, and never waits past the deadline', async () => {
    const clock = new FakeClock(0);
    const { client } = fakeGraph(() => ({ status: 429, headers: { 'Retry-After': '30' } }));
    const results = await runBatch(client, 'https://graph', requests(25), { clock, deadline: 10_000 });
    expect(results.map((r) => r.error)).to.deep.equal([
      ...Array(20).fill('throttled by Graph and not retried: the action ran out of time (alert_actions.conf maxtime)'),
      ...Array(5).fill('not sent: the action ran out of time (alert_actions.conf maxtime)'),
    ]);
    expect(results.slice(0, 20).every((r) => r.status === 429)).to.equal(true);
    expect(clock.sleeps).to.deep.equal([]);
  });

  it("refusals other than 429 and 5xx are final, with Defender's message", async () => {
    const clock = new FakeClock(0);
    const { client } = fakeGraph((id) => (id === '1' ? { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid value for determination' } } } : { status: 200, body: {} }));
    const results = await runBatch(client, 'https://graph', requests(2), { clock });
    expect(results.map((r) => [r.status, r.error])).to.deep.equal([
      [200, undefined],
      [400, 'Invalid value for determination'],
    ]);
  });
});
