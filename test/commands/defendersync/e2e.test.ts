// `| defendersync hunt` through the packaged launcher (linux package, bundled runtime, PATH without node), run
// by the splunkd stand-in as ChunkedExternProcessor runs it, against the Defender simulator's runHuntingQuery
// (issue 11, acceptance 1). The tables are this test's own, so every expected value is written here.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchCommandResult } from '../../../sandbox/splunkd';
import { addAccount, logFileLines, startWorld, type World } from '../../helpers/world';

const CANARY = 'hUnT8Q~canary.secret_of-the-hunting-app-5e1d';
const CANARY_NO_HUNTING = 'nOhUnT8Q~canary-secret-without-hunting-role';
const ROWS_BIG = 100_001;

// One instant per row, seven fractional digits as Defender writes them.
const base = Math.floor(Date.now() / 1000) * 1000 - 6 * 3600_000;
const iso = (ms: number, ticks = '0000000') => `${new Date(ms).toISOString().slice(0, 19)}.${ticks}Z`;
/** Defender's form of a millisecond instant: .mmm0000Z. */
const isoMs = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
const epoch = (ms: number, ticks: string) => `${ms / 1000}${ticks.replace(/0+$/, '') ? `.${ticks.replace(/0+$/, '')}` : ''}`;

const ZOO_COLUMNS = [
  { name: 'Timestamp', type: 'datetime' },
  { name: 'DeviceName', type: 'string' },
  { name: 'ProcessId', type: 'int' },
  { name: 'FileSize', type: 'long' },
  { name: 'Score', type: 'real' },
  { name: 'IsSigned', type: 'bool' },
  { name: 'Tags', type: 'dynamic' },
  { name: 'Details', type: 'dynamic' },
  { name: 'ReportGuid', type: 'guid' },
] as const;
const ZOO = [
  { Timestamp: iso(base, '1234567'), DeviceName: 'ws-01, "lab"', ProcessId: 4242, FileSize: 9007199254740991, Score: 0.25, IsSigned: true, Tags: ['a', 'b$'], Details: { Path: 'C:\\x', N: [1, 2] }, ReportGuid: '7d9e2c3a-1b2c-4d5e-8f90-0a1b2c3d4e5f' },
  { Timestamp: iso(base + 1000, '5000000'), DeviceName: 'srv-ünï\nline2', ProcessId: -1, FileSize: 0, Score: 1.5, IsSigned: false, Tags: ['solo'], Details: {}, ReportGuid: '00000000-0000-0000-0000-000000000001' },
  { Timestamp: iso(base + 2000), DeviceName: null, ProcessId: null, FileSize: null, Score: null, IsSigned: null, Tags: null, Details: null, ReportGuid: null },
];
const bigRow = (i: number) => ({ Timestamp: isoMs(base + i * 100), DeviceName: `dev-${i % 500}`, N: i });

const source = {
  table(name: string) {
    if (name === 'TypeZoo') return { name, columns: ZOO_COLUMNS.map((c) => ({ ...c })) };
    if (name === 'BigTable') return { name, columns: [{ name: 'Timestamp', type: 'datetime' as const }, { name: 'DeviceName', type: 'string' as const }, { name: 'N', type: 'long' as const }] };
    return undefined;
  },
  *rows(table: string) {
    if (table === 'TypeZoo') yield* ZOO;
    if (table === 'BigTable') for (let i = 0; i < ROWS_BIG; i++) yield bigRow(i);
  },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

describe('e2e: | defendersync hunt (packaged, against the simulator)', function () {
  this.timeout(240_000);
  let w: World;
  const results: SearchCommandResult[] = [];
  const sessionKeys: string[] = [];
  /** One search; splunkd's extra getinfo probe process only where a test is about it. */
  const hunt = async (args: string[], o: { user?: string; maxResultRows?: number; probe?: boolean } = {}) => {
    const from = w.sim.requestLog.length;
    const user = o.user ?? 'hunter';
    const sessionKey = w.splunkd.sessionKeyFor(user);
    sessionKeys.push(sessionKey);
    const r = await w.splunkd.runSearchCommand({ command: 'defendersync', args, user, sessionKey, ...(o.maxResultRows ? { maxResultRows: o.maxResultRows } : {}), probe: o.probe ?? false });
    results.push(r);
    return { r, calls: w.sim.requestLog.slice(from).filter((q) => q.path.endsWith('/runHuntingQuery')) };
  };

  before(async () => {
    w = await startWorld({
      users: [
        { name: 'admin', password: 'changeme', roles: ['admin'] },
        { name: 'hunter', password: 'changeme', roles: ['defender_sync_hunter'] },
        { name: 'analyst', password: 'changeme', roles: ['user'] },
      ],
      simulator: {
        incidents: 5,
        hunting: { source: () => source },
        tenants: [
          {
            apps: [
              { displayName: 'Hunting', clientSecret: CANARY, certificate: false, roles: { graph: ['ThreatHunting.Read.All'], mde: [] } },
              { displayName: 'No hunting', clientSecret: CANARY_NO_HUNTING, certificate: false, roles: { graph: ['SecurityIncident.Read.All'], mde: [] } },
            ],
          },
        ],
      },
    });
    await addAccount(w, 'prod', { app: { tenant: 0, app: 0 } });
    await addAccount(w, 'nohunt', { app: { tenant: 0, app: 1 } });
  });
  after(async () => w?.stop());

  it('1 row: typed fields in schema order, _time from Timestamp; the getinfo probe calls nothing', async () => {
    const { r, calls } = await hunt(['hunt', 'account=prod', 'query=TypeZoo | take 1', 'timespan=P1D'], { probe: true });
    expect(r.errors).to.deep.equal([]);
    expect(r.protocolErrors).to.deep.equal([]);
    expect(r.exitCode).to.equal(0);
    expect(r.probe?.exitCode).to.equal(0);
    expect(r.getinfo).to.deep.equal({ type: 'stateful', generating: true });
    expect(calls).to.have.length(1);
    expect(r.fields).to.deep.equal(['Timestamp', 'DeviceName', 'ProcessId', 'FileSize', 'Score', 'IsSigned', 'Tags', 'Tags{}', 'Details', 'Details{}', 'ReportGuid', '_time']);
    expect(r.rows).to.deep.equal([
      {
        Timestamp: ZOO[0]!.Timestamp,
        DeviceName: 'ws-01, "lab"',
        ProcessId: '4242',
        FileSize: '9007199254740991',
        Score: '0.25',
        IsSigned: 'true',
        Tags: '["a","b$"]',
        'Tags{}': ['a', 'b$'],
        Details: '{"Path":"C:\\\\x","N":[1,2]}',
        'Details{}': '',
        ReportGuid: '7d9e2c3a-1b2c-4d5e-8f90-0a1b2c3d4e5f',
        _time: epoch(base, '1234567'),
      },
    ]);
  });

  it('every type, nulls empty, a one-element array as one value, unicode and newlines intact', async () => {
    const { r } = await hunt(['hunt', 'account=prod', 'query=TypeZoo', 'timespan=P1D']);
    expect(r.errors).to.deep.equal([]);
    expect(r.rows).to.have.length(3);
    expect(r.rows[1]).to.include({ DeviceName: 'srv-ünï\nline2', ProcessId: '-1', FileSize: '0', Score: '1.5', IsSigned: 'false', Tags: '["solo"]', 'Tags{}': 'solo', Details: '{}', _time: epoch(base + 1000, '5') });
    expect(r.rows[2]).to.deep.equal({
      Timestamp: iso(base + 2000), DeviceName: '', ProcessId: '', FileSize: '', Score: '', IsSigned: '', Tags: '', 'Tags{}': '', Details: '', 'Details{}': '', ReportGuid: '', _time: String((base + 2000) / 1000),
    });
  });

  it('0 rows: no results, no error', async () => {
    const { r, calls } = await hunt(['hunt', 'account=prod', 'query=TypeZoo | where DeviceName == "nobody"']);
    expect([r.errors, r.rows, r.exitCode, calls.length]).to.deep.equal([[], [], 0, 1]);
    expect(r.chunks).to.have.length(1);
  });

  it('100,000 rows in chunks of at most 10,000, in order, one Graph call', async () => {
    const { r, calls } = await hunt(['hunt', 'account=prod', 'query=BigTable | take 100000', 'timespan=P1D']);
    expect(r.errors).to.deep.equal([]);
    expect(calls).to.have.length(1);
    expect(r.rows).to.have.length(100_000);
    expect(r.chunks.length).to.be.at.least(10);
    expect(r.chunks.every((c) => c.rows <= 10_000)).to.equal(true);
    expect(r.chunks.map((c) => c.finished)).to.deep.equal(r.chunks.map((_, i) => i === r.chunks.length - 1));
    expect(r.rows[0]).to.deep.equal({ Timestamp: isoMs(base), DeviceName: 'dev-0', N: '0', _time: String(base / 1000) });
    expect(r.rows[99_999]).to.deep.equal({ Timestamp: isoMs(base + 9_999_900), DeviceName: 'dev-499', N: '99999', _time: String((base + 9_999_900) / 1000) });
    expect(r.rows.every((row, i) => row.N === String(i))).to.equal(true);
  });

  describe('errors: one ERROR line that says what to fix', () => {
    it('KQL syntax error, with Microsoft\'s message and the position', async () => {
      const { r } = await hunt(['hunt', 'account=prod', 'query=TypeZoo | whre DeviceName == "x"']);
      expect(r.errors).to.have.length(1);
      expect(r.errors[0]).to.match(/^defendersync hunt: .*runHuntingQuery returned 400: .*'whre'.*\[1,11\]/);
      expect(r.exitCode).to.equal(0);
    });

    it('unknown account, without calling Microsoft', async () => {
      const { r, calls } = await hunt(['hunt', 'account=nosuch', 'query=TypeZoo']);
      expect(r.errors).to.deep.equal([
        "defendersync hunt: account 'nosuch' does not exist in ta_defender_sync_account.conf: add it on the add-on's Configuration page (Accounts tab) or choose an existing account",
      ]);
      expect(calls).to.have.length(0);
    });

    it('missing ThreatHunting.Read.All names the permission and admin consent', async () => {
      const { r } = await hunt(['hunt', 'account=nohunt', 'query=TypeZoo']);
      expect(r.errors).to.have.length(1);
      expect(r.errors[0]).to.match(/403.*ThreatHunting\.Read\.All/);
      expect(r.errors[0]).to.match(/admin consent/i);
    });

    it('429: a short Retry-After is waited out within the search; a long one says when to retry', async () => {
      w.sim.faults.add({ kind: 'status', status: 429, retryAfter: '1', path: 'runHuntingQuery' });
      const short = await hunt(['hunt', 'account=prod', 'query=TypeZoo | take 1']);
      expect(short.r.errors).to.deep.equal([]);
      expect(short.r.rows).to.have.length(1);
      expect(short.calls.map((c) => c.status)).to.deep.equal([429, 200]);
      // (Not the CPU-quota fault: its Retry-After is the wall clock's distance to the next 15-minute cycle.)
      w.sim.faults.add({ kind: 'status', status: 429, retryAfter: '600', path: 'runHuntingQuery' });
      const long = await hunt(['hunt', 'account=prod', 'query=TypeZoo | take 1']);
      expect(long.r.errors).to.have.length(1);
      expect(long.r.errors[0]).to.match(/429/);
      expect(long.r.errors[0]).to.match(/quota exhausted.*Fix: run it again after 600 seconds/);
    });

    it('query timed out', async () => {
      w.sim.faults.add({ kind: 'hunting', error: 'timeout' });
      const { r } = await hunt(['hunt', 'account=prod', 'query=TypeZoo']);
      expect(r.errors).to.have.length(1);
      expect(r.errors[0]).to.match(/timeout|timed out/i);
    });

    it('argument errors come from getinfo alone: no Microsoft call, no splunkd call', async () => {
      const { r, calls } = await hunt(['hunt', 'account=prod', 'timespan=7d'], { probe: true });
      expect(r.errors).to.deep.equal([
        'defendersync: query is required: add query="<KQL>", for example query="DeviceProcessEvents | take 10"',
        "defendersync: timespan '7d' is not an ISO 8601 duration: use for example P7D (7 days), PT12H (12 hours) or P1DT6H, or leave it out for Graph's default of 30 days",
      ]);
      expect(calls).to.have.length(0);
      expect(r.getinfo).to.equal(undefined);
    });

    it('a user without defender_sync_hunt is refused with the capability named, before any Microsoft call', async () => {
      const { r, calls } = await hunt(['hunt', 'account=prod', 'query=TypeZoo'], { user: 'analyst' });
      expect(r.errors).to.have.length(1);
      expect(r.errors[0]).to.match(/^defendersync hunt: user 'analyst' lacks the capability 'defender_sync_hunt'.*defender_sync_hunter/);
      expect(calls).to.have.length(0);
    });
  });

  // Last (mocha runs a suite's own tests before its nested suites): over every search above.
  describe('after every search', () => {
  it('never shows a stack trace, exits 0, and no canary secret or session key in stdout, stderr, logs or files', () => {
    const logs = logFileLines(w).join('\n');
    expect(logs).to.match(/action=hunt_complete .*rows=100000 chunks=10/);
    expect(logs, logs).to.match(/user=analyst .*action=hunt_failed .*error_code=capability_refused/);
    const texts = results.flatMap((r) => [JSON.stringify(r.rows), ...r.errors, ...r.messages.map((m) => m.text), ...r.stderr.map((l) => l.text), ...(r.probe?.stderr ?? []).map((l) => l.text)]);
    for (const t of texts) expect(t).to.not.match(/\bat .*\.(m?js|ts):\d+/);
    expect(results.every((r) => r.exitCode === 0 || r.exitCode === null)).to.equal(true);
    const all = [...texts, logs, JSON.stringify(w.splunkd.internalLog), ...filesUnder(join(w.splunkd.splunkHome, 'var')).filter((f) => statSync(f).size < 64 << 20).map((f) => readFileSync(f, 'utf8'))].join('\n');
    for (const secret of [CANARY, CANARY_NO_HUNTING, encodeURIComponent(CANARY), ...sessionKeys]) expect(all).to.not.contain(secret);
  });
  });
});
