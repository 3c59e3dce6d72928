import { expect } from 'chai';
import { ApiClient, newStats } from '../../src/defender/api-client';
import { DefenderError } from '../../src/defender/errors';
import { RateLimiter } from '../../src/defender/rate-limiter';
import { TransportError, type HttpRequest, type HttpResponse } from '../../src/defender/transport';
import { FakeClock } from '../helpers/fake-clock';

type Scripted = HttpResponse | TransportError;

function setup(script: Scripted[], opts: { deadline?: number } = {}) {
  const clock = new FakeClock(0);
  const sent: HttpRequest[] = [];
  const tokenCalls: boolean[] = [];
  const stats = newStats();
  const client = new ApiClient({
    api: 'graph',
    scope: 'https://graph.microsoft.com/.default',
    tokens: {
      async token(_scope, fresh = false) {
        tokenCalls.push(fresh);
        return `token-${tokenCalls.length}`;
      },
    },
    transport: {
      async send(req) {
        sent.push(req);
        const next = script.shift();
        if (!next) throw new Error('script exhausted');
        if (next instanceof TransportError) throw next;
        return next;
      },
    },
    limiter: new RateLimiter([], clock),
    account: 'prod',
    tenant: 't1',
    clientId: 'c1',
    clock,
    stats,
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 },
    random: () => 0,
    ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
  });
  return { client, clock, sent, tokenCalls, stats };
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });
const status = (s: number, headers: Record<string, string> = {}, body = '{"error":{"code":"x","message":"m"}}'): HttpResponse => ({ status: s, headers, body });
const url = 'https://graph.microsoft.com/v1.0/security/incidents?$top=50';

describe('API client', () => {
  it('sends the bearer token, Prefer and JSON headers and parses the body', async () => {
    const { client, sent } = setup([ok({ value: [1] })]);
    const r = await client.call<{ value: number[] }>({ method: 'PATCH', url, body: { status: 'resolved' } });
    expect(r.data).to.deep.equal({ value: [1] });
    expect(sent[0]?.headers).to.deep.equal({
      Accept: 'application/json',
      Prefer: 'include-unknown-enum-members',
      'Content-Type': 'application/json',
      Authorization: 'Bearer token-1',
    });
    expect(sent[0]?.body).to.equal('{"status":"resolved"}');
  });

  it('waits exactly Retry-After on 429, in every form, and counts it', async () => {
    const date = new Date(30_000).toUTCString();
    const { client, clock, stats } = setup([
      status(429, { 'retry-after': '2.128' }),
      status(429, { 'retry-after': '10' }),
      status(429, { 'retry-after': date }),
      status(429),
      ok({}),
    ]);
    await client.call({ method: 'GET', url });
    expect(clock.sleeps).to.deep.equal([2128, 10000, 30000 - 12128, 400]);
    expect(stats).to.deep.equal({ requests: 5, throttled: 4, retries: 4 });
  });

  it('retries 5xx, resets, timeouts and garbled JSON', async () => {
    const { client, stats } = setup([
      status(503),
      new TransportError('ECONNRESET', 'graph.microsoft.com'),
      new TransportError('ETIMEDOUT', 'graph.microsoft.com'),
      { status: 200, headers: {}, body: '{"value":[' },
      ok({ value: [] }),
    ]);
    const r = await client.call({ method: 'GET', url });
    expect(r.data).to.deep.equal({ value: [] });
    expect(stats.retries).to.equal(4);
  });

  it('retries a call that creates something only after a 429, never after a 5xx or a reset that may follow the creation', async () => {
    const throttled = setup([status(429, { 'retry-after': '1' }), ok({ id: 'a1' })]);
    const r = await throttled.client.call<{ id: string }>({ method: 'POST', url, body: {}, idempotent: false });
    expect(r.data).to.deep.equal({ id: 'a1' });
    expect(throttled.sent).to.have.length(2);
    for (const failure of [status(503), status(500), new TransportError('ECONNRESET', 'graph.microsoft.com')]) {
      const { client, sent, stats } = setup([failure, ok({ id: 'twice' })]);
      const err = await client.call({ method: 'POST', url, body: {}, idempotent: false }).catch((e) => e);
      expect(err).to.be.instanceOf(DefenderError);
      expect(sent).to.have.length(1);
      expect(stats.retries).to.equal(0);
    }
  });

  it('gets a fresh token once after a 401, then gives up with an actionable error', async () => {
    const first = setup([status(401), ok({})]);
    await first.client.call({ method: 'GET', url });
    expect(first.tokenCalls).to.deep.equal([false, true]);
    const second = setup([status(401), status(401)]);
    const err = await second.client.call({ method: 'GET', url }).catch((e) => e);
    expect(err).to.be.instanceOf(DefenderError);
    expect(err.category).to.equal('auth');
    expect(second.sent).to.have.length(2);
  });

  it('never retries 400/403/404', async () => {
    for (const s of [400, 403, 404]) {
      const { client, sent } = setup([status(s)]);
      const err = await client.call({ method: 'GET', url, requiredRole: 'SecurityIncident.Read.All' }).catch((e) => e);
      expect(err).to.be.instanceOf(DefenderError);
      expect(err.status).to.equal(s);
      expect(sent).to.have.length(1);
    }
  });

  it('stops instead of waiting past the run deadline', async () => {
    const { client, clock } = setup([status(429, { 'retry-after': '120' })], { deadline: 60_000 });
    const err = await client.call({ method: 'GET', url }).catch((e) => e);
    expect(err.category).to.equal('throttled');
    expect(err.message).to.contain('Graph GET /v1.0/security/incidents returned 429');
    expect(clock.sleeps).to.deep.equal([]);
  });

  it('never puts the token in an error', async () => {
    const { client } = setup([status(403)]);
    const err = await client.call({ method: 'GET', url }).catch((e) => e);
    expect(err.message).not.to.contain('token-1');
  });
});
