// The hunt flow with splunkd and Graph replaced: chunks, the one ERROR line per failure, the log lines.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/config/account';
import { defendersyncCommand, UNEXPECTED, type HuntRuntime } from '../../../src/commands/defendersync/command';
import { hunt, type HuntingResult, type HuntServices } from '../../../src/commands/defendersync/hunt';
import { DefenderError } from '../../../src/defender/errors';
import type { DefenderSession } from '../../../src/defender/session';
import { CapabilityError } from '../../../src/splunk/capabilities';
import type { ResultChunk } from '../../../src/splunk/chunked/generating';
import { DEFAULT_MAX_RESULT_ROWS, type SearchInfo } from '../../../src/splunk/chunked/search-info';
import { createLogger } from '../../../src/splunk/log';
import { SplunkdError } from '../../../src/splunk/rest';

const CANARY_KEY = 'canary-session-key-7f3a9c1e';

const info = (over: Partial<SearchInfo> = {}): SearchInfo => ({
  args: ['hunt', 'account=prod', 'query=DeviceInfo'],
  rawArgs: [],
  sessionKey: CANARY_KEY,
  splunkdUri: 'https://127.0.0.1:8089',
  sid: '1764583200.7',
  app: 'search',
  username: 'analyst',
  owner: 'analyst',
  command: 'defendersync',
  dispatchDir: '',
  maxResultRows: DEFAULT_MAX_RESULT_ROWS,
  ...over,
});

const session = { account: { name: 'prod', tenantId: '11111111-2222-3333-4444-555555555555' } } as unknown as DefenderSession;

function services(outcome: HuntingResult | Error, calls: string[] = []): HuntServices {
  return {
    open: async (i, account, logger) => {
      calls.push(`open ${account}`);
      logger.addSecret(i.sessionKey);
      if (outcome instanceof Error && outcome.name !== 'DefenderError') throw outcome;
      return { user: i.username, session };
    },
    runHuntingQuery: async (_s, request) => {
      calls.push(`run ${request.query} ${request.timespan ?? '-'}`);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
}

function setup() {
  const splunkHome = mkdtempSync(join(tmpdir(), 'defendersync-hunt-'));
  const stderr: string[] = [];
  const logger = createLogger({ component: 'defendersync', stderr: { write: (s: string) => stderr.push(s) }, splunkHome });
  const logFile = () => {
    const p = join(splunkHome, 'var/log/splunk/ta_defender_sync.log');
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  };
  return { logger, logFile, stderr };
}

async function all(gen: AsyncIterable<ResultChunk>): Promise<ResultChunk[]> {
  const out: ResultChunk[] = [];
  for await (const c of gen) out.push(c);
  return out;
}

const options = { limits: { maxRows: 10_000, maxBytes: 1 << 24 }, now: () => 1000, signal: new AbortController().signal };
const request = { subcommand: 'hunt' as const, account: 'prod', query: 'DeviceInfo | take 3', timespan: 'P1D' };

function graphError(status: number, detail: string, fix: string): DefenderError {
  return new DefenderError('bad_request', 'bad_request', { account: 'prod', tenant: session.account.tenantId, api: 'graph', method: 'POST', path: '/v1.0/security/runHuntingQuery' }, detail, fix, status);
}

describe('defendersync hunt', () => {
  it('streams the rows in chunks capped by maxresultrows and logs one hunt_complete line', async () => {
    const { logger, logFile } = setup();
    const calls: string[] = [];
    const results = Array.from({ length: 5 }, (_, i) => ({ Timestamp: '2025-12-01T10:00:00Z', N: i }));
    const chunks = await all(hunt(request, info({ maxResultRows: 2 }), services({ schema: [{ name: 'Timestamp', type: 'DateTime' }, { name: 'N', type: 'Int64' }], results }, calls), logger, options));
    expect(calls).to.deep.equal(['open prod', 'run DeviceInfo | take 3 P1D']);
    expect(chunks.map((c) => c.last)).to.deep.equal([false, false, true]);
    expect(chunks[0]!.body).to.equal('Timestamp,N,_time\r\n2025-12-01T10:00:00Z,0,1764583200\r\n2025-12-01T10:00:00Z,1,1764583200\r\n');
    const line = logFile().split('\n').find((l) => l.includes('action=hunt_complete'));
    expect(line).to.match(/level=INFO .*sid=1764583200\.7 user=analyst account=prod action=hunt_complete tenant=11111111-2222-3333-4444-555555555555 rows=5 chunks=3 duration_ms=0 timespan=P1D query="DeviceInfo \| take 3"/);
  });

  const failures: Array<[string, Error, RegExp, string]> = [
    ['a KQL error', graphError(400, "Query could not be parsed at 'whre' on line [1,13]", 'Fix: correct the query.'), /^defendersync hunt: account 'prod' \(tenant 1111.*\): Graph POST \/v1.0\/security\/runHuntingQuery returned 400: Query could not be parsed at 'whre' on line \[1,13\]\. Fix: correct the query\.$/, 'bad_request'],
    ['an unknown account', new ConfigError("account 'prod' does not exist in ta_defender_sync_account.conf: add it on the add-on's Configuration page"), /^defendersync hunt: account 'prod' does not exist/, 'config_error'],
    ['a missing capability', new CapabilityError('analyst', 'defender_sync_hunt'), /^defendersync hunt: user 'analyst' lacks the capability 'defender_sync_hunt'.*defender_sync_hunter/, 'capability_refused'],
    ['splunkd refusing the secret', new SplunkdError(403, ['no'], 'GET', '/servicesNS/nobody/TA_defender_sync/storage/passwords', 'returned 403'), /^defendersync hunt: splunkd refused .*403 on \/servicesNS\/nobody\/TA_defender_sync\/storage\/passwords.*defender_sync_hunter/, 'splunkd_refused'],
    ['a search cancelled while Defender works', new DOMException('This operation was aborted', 'AbortError'), /^defendersync hunt: the search was cancelled before Defender answered$/, 'cancelled'],
    ['a bug', new TypeError(`x is undefined (key ${CANARY_KEY})`), /^defendersync hunt: unexpected error: x is undefined \(key \*+\); please report/, 'internal_error'],
  ];
  for (const [what, err, message, code] of failures) {
    it(`shows ${what} as one ERROR message and logs it, without the session key`, async () => {
      const { logger, logFile } = setup();
      const chunks = await all(hunt(request, info(), services(err), logger, options));
      expect(chunks).to.have.length(1);
      expect(chunks[0]).to.include({ body: '', last: true });
      const [level, text] = (chunks[0]!.messages as Array<[string, string]>)[0]!;
      expect(level).to.equal('ERROR');
      if (code === 'internal_error') expect(text).to.not.contain(CANARY_KEY);
      else expect(text).to.match(message);
      expect(logFile()).to.contain(`error_code=${code}`);
      expect(logFile()).to.contain('action=hunt_failed');
      expect(logFile()).to.not.contain(CANARY_KEY);
    });
  }
});

describe('defendersync command', () => {
  it('getinfo checks arguments without loading the hunting runtime', async () => {
    let loads = 0;
    const cmd = defendersyncCommand(async () => {
      loads++;
      throw new Error('not in getinfo');
    });
    expect(cmd.getinfo(info())).to.deep.equal({ problems: [] });
    expect(cmd.getinfo(info({ args: ['hunt', 'account=prod'] })).problems).to.deep.equal([
      'defendersync: query is required: add query="<KQL>", for example query="DeviceProcessEvents | take 10"',
    ]);
    expect(loads).to.equal(0);
    expect(cmd.describeUnexpected(new Error('boom'))).to.equal(UNEXPECTED);
  });

  it('execute loads the runtime once and hunts with the parsed request', async () => {
    const { logger } = setup();
    const seen: string[] = [];
    const rt: HuntRuntime = {
      services: services({ schema: [{ name: 'N', type: 'long' }], results: [{ N: 1 }] }, seen),
      logger: () => logger,
      limits: { maxRows: 10, maxBytes: 1000 },
      now: () => 0,
      hunt,
    };
    const cmd = defendersyncCommand(async () => rt);
    const gen = cmd.generate(info({ args: ['hunt', 'account=prod', 'query=DeviceInfo | count', 'timespan=PT1H'] }), new AbortController().signal);
    const first = await gen.next();
    expect(first.value).to.deep.equal({ body: 'N\r\n1\r\n', last: true });
    expect(seen).to.deep.equal(['open prod', 'run DeviceInfo | count PT1H']);
  });
});

describe('defendersync hunt over the row cap', () => {
  it('shows the rows that came back and an ERROR on the last chunk that says to narrow the timespan', async () => {
    const { logger, logFile } = setup();
    const cut = Object.assign(graphError(200, 'the query returned 3 rows, the advanced hunting row cap', 'Fix: narrow the timespan.'), {
      result: { schema: [{ name: 'N', type: 'Int64' }], results: [{ N: 1 }, { N: 2 }, { N: 3 }] },
    });
    const chunks = await all(hunt(request, info({ maxResultRows: 2 }), services(cut), logger, options));
    expect(chunks.map((c) => c.body)).to.deep.equal(['N\r\n1\r\n2\r\n', 'N\r\n3\r\n']);
    expect(chunks[0]!.messages).to.equal(undefined);
    expect(chunks[1]!.messages?.[0]?.[1]).to.match(/row cap\. Fix: narrow the timespan\.$/);
    expect(logFile()).to.match(/action=hunt_failed .*error_code=bad_request rows=3/);
    expect(logFile()).to.not.contain('hunt_complete');
  });
});
