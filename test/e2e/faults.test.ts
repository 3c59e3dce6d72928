// The fault matrix (DESIGN §5 rules 3 and 5): scripted simulator faults during a run of the packaged input.
// Each case asserts the exit code, the exact ERROR lines, that the checkpoint never covers a version splunkd
// did not receive, and that the next clean run completes the data with no version indexed twice.
// Retryable faults (429 in every Retry-After form, 5xx, resets, stalls past request_timeout, garbled JSON,
// a revoked token) end in success; 403/404 stop at once with one actionable ERROR line; a 429 longer than
// the run's budget stops within it and says the run resumes from its checkpoint.
import { expect } from 'chai';
import type { RequestRecord } from '../../sandbox/simulator';
import type { IndexedEvent } from '../../sandbox/splunkd';
import { addAccount, addInput, readCheckpoint, runOnce, setSettings, startWorld, type RunOutcome, type World } from '../helpers/world';
import { covered, data, errorLines, pairsOnce, recordPair, SCHEME, simRecords, ST, summaryOf, bySourcetype, type Rec, type Summary } from './support';

type Api = 'graph' | 'mde';

interface Case {
  title: string;
  scheme?: string;
  /** Called before the run's n-th API request of this input is answered (n from 1). */
  onRequest(n: number, w: World): void;
  exitCode: number;
  /** Exact ERROR lines (regexps on the text after the level word). */
  errors: RegExp[];
  check?(run: RunOutcome, summary: Summary, w: World): void;
}

const when = (m: number, action: (w: World) => void) => (n: number, w: World) => {
  if (n === m) action(w);
};

const time = (q: RequestRecord) => Date.parse(q.time);
const api = (run: RunOutcome): RequestRecord[] => run.requests.filter((q) => q.api === 'graph' || q.api === 'mde');

/** The failed request and the one after it (the retry), asserting the retry waited at least `ms`. */
function expectWaited(run: RunOutcome, status: number, ms: number): void {
  const calls = api(run);
  const k = calls.findIndex((q) => q.status === status);
  expect(k, `a ${status} answer`).to.be.greaterThan(-1);
  const retry = calls[k + 1];
  expect(retry, 'a retry after it').to.not.equal(undefined);
  expect(retry!.query).to.deep.equal(calls[k]!.query);
  expect(retry!.status).to.equal(200);
  expect(time(retry!) - time(calls[k]!), `wait after the ${status}`).to.be.at.least(ms);
}

function retried(statuses: string[]) {
  return (run: RunOutcome, s: Summary) => {
    const failed = api(run).filter((q) => q.fault);
    expect(failed.map((q) => q.fault)).to.deep.equal(statuses);
    expect(s.retries).to.equal(statuses.length);
    expect(s.status).to.equal('caught_up');
  };
}

describe('e2e: fault matrix', function () {
  this.timeout(240_000);
  let w: World;
  let incidentPath: string;
  let tenant: string;
  let clientId: string;

  before(async () => {
    // 250 incidents (7 pages with the tie group, whose passes use $skip), ~2,500 alerts (2 alerts_v2 pages).
    w = await startWorld({ simulator: { incidents: 250, alertsPerIncident: { min: 6, max: 14 }, mdeAlerts: 100 } });
    await addAccount(w, 'prod');
    incidentPath = `${new URL(w.sim.graphUrl).pathname}/v1.0/security/incidents`;
    tenant = w.tenantId;
    clientId = w.clientId;
  });
  after(async () => w?.stop());
  afterEach(() => w.sim.faults.clear());

  const fault = (status: number, retryAfter?: string, count = 1) => (x: World) =>
    void x.sim.faults.add({ kind: 'status', status, api: 'any', count, ...(retryAfter !== undefined ? { retryAfter } : {}) });

  const consent = (role: string) =>
    `Fix: grant app ${clientId} the Microsoft Graph application permission ${role} \\(Entra admin center > App registrations > API permissions > Add a permission > Application permissions\\), then click "Grant admin consent"\\.`;
  const failed = (code: string) => ` action=run_failed input=\\S+ error_code=${code}$`;

  const CASES: Case[] = [
    {
      title: '429 with an integer Retry-After: waits that long, then continues',
      onRequest: when(2, fault(429, '1')),
      exitCode: 0,
      errors: [],
      check: (run, s) => {
        expectWaited(run, 429, 1000);
        expect([s.throttled, s.retries]).to.deep.equal([1, 1]);
      },
    },
    {
      title: '429 with a fractional Retry-After (0.35): waits that long, then continues',
      onRequest: when(3, fault(429, '0.35')),
      exitCode: 0,
      errors: [],
      check: (run, s) => {
        expectWaited(run, 429, 350);
        expect([s.throttled, s.retries]).to.deep.equal([1, 1]);
      },
    },
    {
      title: '429 without Retry-After: backs off (at least half the first step), then continues',
      onRequest: when(2, fault(429)),
      exitCode: 0,
      errors: [],
      check: (run, s) => {
        expectWaited(run, 429, 500);
        expect([s.throttled, s.retries]).to.deep.equal([1, 1]);
      },
    },
    {
      title: '500, 502, 503 and 504 on four pages: each retried',
      onRequest: (n, x) => {
        const status = { 2: 500, 4: 502, 6: 503, 8: 504 }[n];
        if (status) fault(status)(x);
      },
      exitCode: 0,
      errors: [],
      check: retried(['status 500', 'status 502', 'status 503', 'status 504']),
    },
    {
      title: 'connection reset in the middle of a body: retried',
      onRequest: when(2, (x) => void x.sim.faults.add({ kind: 'reset', api: 'graph' })),
      exitCode: 0,
      errors: [],
      check: retried(['reset']),
    },
    {
      title: 'garbled JSON in a 200: retried',
      onRequest: when(3, (x) => void x.sim.faults.add({ kind: 'malformed', api: 'graph' })),
      exitCode: 0,
      errors: [],
      check: retried(['malformed']),
    },
    {
      title: '401 for a token that was valid a moment ago: one fresh token, then success',
      onRequest: when(3, (x) => x.sim.faults.revokeTokens()),
      exitCode: 0,
      errors: [],
      check: (run, s) => {
        expect(run.requests.filter((q) => q.api === 'token' && q.method === 'POST')).to.have.length(2);
        const calls = api(run);
        const k = calls.findIndex((q) => q.status === 401);
        expect(k).to.equal(2);
        expect(calls[k + 1]!.query).to.deep.equal(calls[k]!.query);
        expect(calls.filter((q) => q.status === 401)).to.have.length(1);
        expect(s.retries).to.equal(1);
      },
    },
    {
      title: '403: one ERROR naming the role and admin consent, no retry',
      onRequest: when(2, fault(403)),
      exitCode: 1,
      errors: [
        new RegExp(
          `^account 'prod' \\(tenant TENANT\\): Graph GET PATH returned 403: Insufficient privileges to complete the operation\\. CONSENT${failed('forbidden')}`,
        ),
      ],
      check: (run, s) => {
        expect(api(run).map((q) => q.status)).to.deep.equal([200, 403]);
        expect([s.retries, s.pages, s.status]).to.deep.equal([0, 1, 'failed']);
      },
    },
    {
      title: '404 in the middle of a run: one ERROR, no retry, the next run resumes',
      onRequest: when(3, fault(404)),
      exitCode: 1,
      errors: [new RegExp(`^account 'prod' \\(tenant TENANT\\): Graph GET PATH returned 404: Resource not found\\. Fix: .+${failed('not_found')}`)],
      check: (run, s) => {
        expect(api(run).map((q) => q.status)).to.deep.equal([200, 200, 404]);
        expect([s.retries, s.pages]).to.deep.equal([0, 2]);
      },
    },
    {
      title: '404 on a request that pages with $skip (a tie group): one ERROR, the next run resumes',
      onRequest: when(1, (x) => void x.sim.faults.add({ kind: 'nextLinkNotFound', api: 'graph' })),
      exitCode: 1,
      errors: [new RegExp(`^account 'prod' \\(tenant TENANT\\): Graph GET PATH returned 404: Resource not found\\. Fix: .+${failed('not_found')}`)],
      check: (run) => {
        const last = api(run).at(-1)!;
        expect([last.status, last.query.$skip]).to.deep.equal([404, '50']);
      },
    },
    {
      title: 'alerts_v2: 503 with Retry-After between its two pages: retried after exactly that',
      scheme: SCHEME.alerts,
      onRequest: when(2, fault(503, '0.2')),
      exitCode: 0,
      errors: [],
      check: (run, s) => {
        expectWaited(run, 503, 200);
        expect([s.retries, s.pages]).to.deep.equal([1, 2]);
      },
    },
    {
      title: 'endpoint alerts: 429 with Retry-After: 1 from Defender for Endpoint: waits, then continues',
      scheme: SCHEME.endpoint,
      onRequest: when(1, fault(429, '1')),
      exitCode: 0,
      errors: [],
      check: (run, s) => {
        expectWaited(run, 429, 1000);
        expect([s.throttled, s.retries]).to.deep.equal([1, 1]);
      },
    },
  ];

  let inputNumber = 0;

  /** Runs a fresh input under `c`, checks it, then runs it clean and checks nothing is lost or repeated. */
  async function faultRun(c: Case, params: Record<string, string> = {}): Promise<RunOutcome> {
    const scheme = c.scheme ?? SCHEME.incidents;
    const name = `fault_${++inputNumber}`;
    await addInput(w, scheme, name, { account: 'prod', index: 'defender', start_date: '2020-01-01', ...params });
    let n = 0;
    const off = w.sim.onRequest((info) => {
      if (info.api === 'graph' || info.api === 'mde') c.onRequest(++n, w);
    });
    let run: RunOutcome;
    try {
      run = await runOnce(w, scheme, name);
    } finally {
      off();
      w.sim.faults.clear();
    }
    const errors = errorLines(run.result);
    expect(errors, 'ERROR lines').to.have.length(c.errors.length);
    c.errors.forEach((re, k) => {
      const source = re.source.replace(/TENANT/g, tenant).replace(/PATH/g, incidentPath.replace(/[.]/g, '\\.')).replace(/CONSENT/g, consent('SecurityIncident\\.Read\\.All'));
      expect(errors[k]).to.match(new RegExp(source));
    });
    expect(run.result.exitCode).to.equal(c.exitCode);
    expect(run.result.protocolErrors).to.deep.equal([]);
    const summary = summaryOf(run.result);
    c.check?.(run, summary, w);
    expectCheckpointBehind(scheme, name, run.result.events);

    const clean = await runOnce(w, scheme, name);
    expect(errorLines(clean.result)).to.deep.equal([]);
    expect(clean.result.exitCode).to.equal(0);
    expectAllOnce(scheme, [...run.result.events, ...clean.result.events]);
    return run;
  }

  function kinds(scheme: string): Array<{ sourcetype: string; kind: 'incident' | 'alert' | 'mdeAlert'; field: string }> {
    if (scheme === SCHEME.incidents)
      return [
        { sourcetype: ST.incident, kind: 'incident', field: 'lastUpdateDateTime' },
        { sourcetype: ST.incidentAlert, kind: 'alert', field: 'lastUpdateDateTime' },
      ];
    if (scheme === SCHEME.alerts) return [{ sourcetype: ST.alert, kind: 'alert', field: 'lastUpdateDateTime' }];
    return [{ sourcetype: ST.endpointAlert, kind: 'mdeAlert', field: 'lastUpdateTime' }];
  }

  /** The checkpoint covers only versions splunkd received in this run. */
  function expectCheckpointBehind(scheme: string, name: string, events: IndexedEvent[]): void {
    const cursor = readCheckpoint(w, scheme, name)?.cursor;
    const main = kinds(scheme)[0]!;
    const got = new Set(bySourcetype(events, main.sourcetype).map((e) => recordPair(data(e), main.kind)));
    const ahead = simRecords(w, main.kind)
      .filter((r) => covered(cursor, String(r.id), String(r[main.field])))
      .map((r) => recordPair(r, main.kind))
      .filter((p) => !got.has(p));
    expect(ahead, 'versions the checkpoint covers that splunkd never got').to.deep.equal([]);
  }

  function expectAllOnce(scheme: string, events: IndexedEvent[]): void {
    for (const k of kinds(scheme)) {
      const got = pairsOnce(bySourcetype(events, k.sourcetype), k.field);
      const all = simRecords(w, k.kind).map((r: Rec) => recordPair(r, k.kind));
      expect(all.filter((p) => !got.has(p)), `${k.sourcetype} never received`).to.deep.equal([]);
    }
  }

  for (const c of CASES) it(c.title, () => faultRun(c));

  it('a response stalled beyond [network] request_timeout: abandoned and retried', async () => {
    await setSettings(w, 'network', { request_timeout: '2' });
    try {
      const run = await faultRun({
        title: 'stall',
        onRequest: when(2, (x) => void x.sim.faults.add({ kind: 'stall', ms: 5000, api: 'graph' })),
        exitCode: 0,
        errors: [],
        check: (r, s) => {
          expect(s.retries).to.equal(1);
          // The stalled request is abandoned after the 2 s timeout (the simulator never answers it), then
          // sent again.
          expect(api(r).filter((q) => q.fault === 'stall')).to.have.length(0);
          expect(s.durationMs).to.be.at.least(2000);
        },
      });
      expect(run.result.exitCode).to.equal(0);
    } finally {
      await setSettings(w, 'network', { request_timeout: '60' });
    }
  });

  it('a 429 longer than the run budget: stops within the budget with one ERROR saying it resumes, checkpoint at the last full page', async () => {
    // interval 30 → the minimum budget of 30 s. Retry-After 16 s, again and again: one wait fits, the
    // second would end after the budget, so the run stops at once instead.
    const run = await faultRun(
      {
        title: 'persistent 429',
        onRequest: when(2, fault(429, '16', 100)),
        exitCode: 1,
        errors: [
          new RegExp(
            `^account 'prod' \\(tenant TENANT\\): Graph GET PATH returned 429: Please retry again later\\. Fix: nothing to do now — the run stopped within its time budget and resumes from its checkpoint; .+${failed('throttled')}`,
          ),
        ],
        check: (r, s) => {
          expect(api(r).map((q) => q.status)).to.deep.equal([200, 429, 429]);
          expect([s.pages, s.throttled, s.retries, s.status]).to.deep.equal([1, 2, 1, 'failed']);
          expect(s.durationMs).to.be.within(16_000, 30_000);
          expect(r.result.durationMs).to.be.below(30_000);
        },
      },
      { interval: '30' },
    );
    expect(bySourcetype(run.result.events, ST.incident)).to.have.length(50);
  });
});

describe('e2e: the simulator throttling for real (sliding window, Retry-After as Graph sends it)', function () {
  this.timeout(120_000);
  let w: World;

  before(async () => {
    // Client-side pacing stays off (startWorld), so the input meets Graph's 429s and must honour them.
    w = await startWorld({
      simulator: { incidents: 250, rateLimits: { graph: { windows: [{ limit: 3, windowMs: 1000 }], retryAfter: 'fractional' } } },
    });
    await addAccount(w, 'prod');
    await addInput(w, SCHEME.incidents, 'paced', { account: 'prod', index: 'defender', start_date: '2020-01-01' });
  });
  after(async () => w?.stop());

  it('waits out every 429 (throttled calls count, so an early retry would be refused again) and gets everything', async () => {
    const run = await runOnce(w, SCHEME.incidents, 'paced');
    expect(errorLines(run.result)).to.deep.equal([]);
    expect(run.result.exitCode).to.equal(0);
    const statuses = api(run).map((q) => q.status);
    const throttled = statuses.filter((s) => s === 429).length;
    expect(throttled, statuses.join(' ')).to.be.at.least(2);
    // Never two 429s in a row: each retry came after the window freed a slot.
    expect(statuses.join(' ')).to.not.include('429 429');
    const s = summaryOf(run.result);
    expect([s.throttled, s.retries, s.status]).to.deep.equal([throttled, throttled, 'caught_up']);
    const got = pairsOnce(bySourcetype(run.result.events, ST.incident), 'lastUpdateDateTime');
    expect(got).to.deep.equal(new Set(simRecords(w, 'incident').map((r) => recordPair(r, 'incident'))));
  });
});
