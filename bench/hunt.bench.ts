// `| defendersync hunt` (issue 11, acceptance 2), side by side in one run:
// - time to the last row of a 100k-row hunt through the packaged command, driven as splunkd's
//   ChunkedExternProcessor drives it (getinfo, then execute requests until finished), against the raw floor
//   (bench/raw-floor.ts in its hunt mode: token, runHuntingQuery, CSV to stdout) over the same rows. Goal <= 1.25x.
// - getinfo cold start (launcher start → getinfo reply → exit at EOF) against a bare `node -e 0` on the
//   bundled runtime. Goal <= 1.5x.
// Rounds are interleaved so drift in machine load hits both sides alike; medians are compared.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { encodeRequest, ReplyReader } from '../sandbox/splunkd/chunked-wire';
import { runChild } from './support/child';
import { median, scaled } from './support/stats';
import { accountFor, repoRoot, startBenchWorld, type BenchWorld } from './support/world';
import type { BenchResult } from './run';

export const name = 'hunt';

const ROWS = scaled(100_000);
const ROUNDS = 5;
const START_ROUNDS = 20;
const QUERY = `DeviceProcessEvents | take ${ROWS}`;

const COLUMNS = [
  ['Timestamp', 'datetime'], ['DeviceId', 'string'], ['DeviceName', 'string'], ['ActionType', 'string'], ['FileName', 'string'],
  ['FolderPath', 'string'], ['ProcessId', 'long'], ['ProcessCommandLine', 'string'], ['AccountName', 'string'], ['SHA256', 'string'],
  ['InitiatingProcessFileName', 'string'], ['ProcessIntegrityLevel', 'string'], ['IsProcessRemoteSession', 'bool'], ['AdditionalFields', 'dynamic'], ['ReportId', 'long'],
] as const;

function makeRows(n: number): Array<Record<string, unknown>> {
  const start = Date.now() - 12 * 3600_000;
  return Array.from({ length: n }, (_, i) => ({
    Timestamp: `${new Date(start + i * 100).toISOString().slice(0, 19)}.${String(i % 10_000_000).padStart(7, '0')}Z`,
    DeviceId: `d${(i % 977).toString(16).padStart(40, '0')}`,
    DeviceName: `ws-${i % 977}.contoso.com`,
    ActionType: 'ProcessCreated',
    FileName: i % 3 === 0 ? 'powershell.exe' : 'cmd.exe',
    FolderPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    ProcessId: 1000 + (i % 60000),
    ProcessCommandLine: `powershell.exe -NoProfile -Command "Get-Item C:\\temp\\${i}.txt, C:\\x"`,
    AccountName: `user${i % 211}`,
    SHA256: (i * 2654435761).toString(16).padStart(64, 'a'),
    InitiatingProcessFileName: 'explorer.exe',
    ProcessIntegrityLevel: 'Medium',
    IsProcessRemoteSession: i % 7 === 0,
    AdditionalFields: { Tags: ['t1', `t${i % 5}`], Remote: i % 2 === 0 },
    ReportId: i,
  }));
}

/**
 * splunkd's side of one search: getinfo, then execute requests until a reply says finished. Replies are framed
 * with the splunkd stand-in's reader (bodies joined once complete, not re-copied per pipe read) and not parsed.
 */
function chunkedRun(w: BenchWorld, launcher: string, sessionKey: string, args: string[], getinfoOnly: boolean): Promise<{ ms: number; bytes: number; replies: number; error?: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(launcher, [], { env: w.env, cwd: join(w.appDir, 'bin'), stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new ReplyReader();
    let bytes = 0;
    let replies = 0;
    let lastReplyMs = 0;
    let error: string | undefined;
    child.stdout.on('data', (d: Buffer) => {
      reader.push(d);
      try {
        for (let reply = reader.next(); reply; reply = reader.next()) {
          const meta = reply.metadata as { finished?: boolean; inspector?: { messages: string[][] } };
          bytes += reply.body.length;
          replies++;
          error ??= meta.inspector?.messages.find((x) => x[0] === 'ERROR')?.[1];
          const more = replies === 1 ? !getinfoOnly && meta.finished !== true : meta.finished === false;
          if (more) child.stdin.write(encodeRequest({ action: 'execute', finished: true }));
          else {
            lastReplyMs = Number(process.hrtime.bigint() - started) / 1e6;
            child.stdin.end();
          }
        }
      } catch (err) {
        reject(err as Error);
      }
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve({ ms: getinfoOnly ? Number(process.hrtime.bigint() - started) / 1e6 : lastReplyMs, bytes, replies, ...(error ? { error } : {}) }));
    child.stdin.write(
      encodeRequest({
        action: 'getinfo',
        preview: false,
        searchinfo: { args, raw_args: args, sid: `bench.${Date.now()}`, app: 'search', owner: 'admin', username: 'admin', session_key: sessionKey, splunkd_uri: w.splunkd.uri, command: 'defendersync', maxresultrows: 50_000, earliest_time: '0', latest_time: '0', dispatch_dir: '' },
      }),
    );
  });
}

export async function run(): Promise<BenchResult[]> {
  const rows = makeRows(ROWS);
  const columns = COLUMNS.map(([n, type]) => ({ name: n, type }));
  const w = await startBenchWorld({
    tenants: [{}],
    simulator: { hunting: { source: () => ({ table: (t: string) => (t === 'DeviceProcessEvents' ? { name: t, columns } : undefined), rows: () => rows }) } },
  });
  try {
    const launcher = join(w.appDir, 'bin', 'defendersync.sh');
    const sessionKey = w.splunkd.sessionKeyFor('admin');
    const args = ['hunt', `account=${accountFor(0)}`, `query=${QUERY}`, 'timespan=P1D'];
    const t = w.tenants[0]!;
    const floorStdin = JSON.stringify({
      tokenUrl: `${w.sim.loginUrl}/${t.tenantId}/oauth2/v2.0/token`,
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      scope: w.sim.scopes.graph,
      hunt: { url: `${w.sim.graphUrl}/v1.0/security/runHuntingQuery`, query: QUERY, timespan: 'P1D' },
    });
    const command: number[] = [];
    const floor: number[] = [];
    let bytes = 0;
    let replies = 0;
    for (let i = 0; i < ROUNDS + 1; i++) {
      const c = await chunkedRun(w, launcher, sessionKey, args, false);
      if (c.error) throw new Error(`the hunt failed: ${c.error}`);
      const f = await runChild({ file: w.runtime, args: [join(repoRoot, 'bench', 'raw-floor.ts')], env: w.env, cwd: w.splunkd.splunkHome, stdin: floorStdin, timeoutMs: 600_000 });
      if (f.exitCode !== 0) throw new Error(`the floor failed: ${f.stderr.join(' ')}`);
      if (i === 0) continue; // warm-up
      command.push(c.ms);
      floor.push(f.wallMs);
      bytes = c.bytes;
      replies = c.replies;
    }

    const bare: number[] = [];
    const getinfo: number[] = [];
    for (let i = 0; i < START_ROUNDS + 3; i++) {
      const b = await runChild({ file: w.runtime, args: ['-e', '0'], env: w.env, stdin: '', timeoutMs: 60_000 });
      const g = await chunkedRun(w, launcher, sessionKey, args, true);
      if (i < 3) continue;
      bare.push(b.wallMs);
      getinfo.push(g.ms);
    }
    return [
      { metric: `hunt of ${ROWS} rows to the last row via the packaged command, median of ${ROUNDS}`, value: median(command), unit: 'ms' },
      { metric: `raw floor: token + runHuntingQuery + CSV of the same rows, median of ${ROUNDS}`, value: median(floor), unit: 'ms' },
      { metric: `command output: ${replies - 1} result chunks, ${(bytes / 1024 / 1024).toFixed(1)} MB of CSV`, value: replies - 1, unit: 'chunks' },
      { metric: 'hunt to last row / raw floor', value: median(command) / median(floor), unit: 'x', goal: { max: 1.25 } },
      { metric: `bundled node -e 0, median of ${START_ROUNDS}`, value: median(bare), unit: 'ms' },
      { metric: `getinfo cold start via launcher, median of ${START_ROUNDS}`, value: median(getinfo), unit: 'ms' },
      { metric: 'getinfo cold start / node -e 0', value: median(getinfo) / median(bare), unit: 'x', goal: { max: 1.5 } },
    ];
  } finally {
    await w.stop();
  }
}
