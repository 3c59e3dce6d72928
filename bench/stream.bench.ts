// The stream input (defender_sync_stream) on the Event Hubs stand-in, side by side with its floor:
// 1. events/s through the packaged input (launcher, bundled runtime, XML to stdout, checkpoints) over events/s of
//    a bare @azure/event-hubs consumer writing one JSON line per record (bench/support/bare-eventhubs-consumer.mjs,
//    same runtime, same batch sizes), on the same 100k realistic records; median of 3 alternating rounds;
//    rate = records between the first and the last one seen on stdout, over that time (start-up excluded);
// 2. peak RSS (VmHWM) of a packaged run over 100k and of one over 1M (small) records: flat within 20 MB;
// 3. records written twice after a kill -9 in the middle of a backlog (checkpoint_interval 1 s), next to the
//    bound: the records the killed run wrote in its last checkpoint interval.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEventHubs, type EventHubs } from '../sandbox/eventhubs';
import { runInputXml } from '../sandbox/splunkd/modinput-xml';
import { PASSWORD_REALM } from '../src/config/names';
import { setSecret } from '../src/splunk/passwords';
import type { BenchResult } from './run';
import { readHwm } from './support/child';
import { note, seconds } from './support/progress';
import { MB, median, scaled } from './support/stats';
import { APP, repoRoot, startBenchWorld, workDir, type BenchWorld } from './support/world';

export const name = 'stream';

const ROUNDS = 3;

interface Watched {
  /** ms from the first to the `until`-th record on stdout. */
  spanMs: number;
  records: number;
  /** VmHWM (bytes) when the count first reached each mark. */
  hwmAt: Map<number, number>;
  /** When each 1000th record arrived (ms since spawn), for the kill bound. */
  arrivals: number[];
}

/**
 * Spawns a contender, counts records on its stdout (`marker` ends one), and stops it with `signal` once `until`
 * records arrived (or `stopAt(count)` says so).
 */
function watch(o: { file: string; args?: string[]; env: Record<string, string>; stdin?: string; marker: string; until: number; marks?: number[]; killAt?: number; idleMs?: number; timeoutMs?: number }): Promise<Watched> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.file, o.args ?? [], { env: o.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const started = Date.now();
    let count = 0;
    let first = 0;
    let last = 0;
    let tail = '';
    let stopped = false;
    const hwmAt = new Map<number, number>();
    const arrivals: number[] = [];
    const marks = [...(o.marks ?? [])];
    const stop = (signal: NodeJS.Signals) => {
      if (stopped || child.pid === undefined) return;
      stopped = true;
      process.kill(-child.pid, signal);
    };
    // With idleMs: stop once no record came for that long (the end of a backlog whose size is not known).
    let idle: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => (stop('SIGKILL'), reject(new Error(`${o.file}: ${count} of ${o.until} records after ${o.timeoutMs ?? 600_000} ms`))), o.timeoutMs ?? 600_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const text = tail + chunk;
      let i = text.indexOf(o.marker);
      let end = 0;
      while (i >= 0) {
        count++;
        if (count % 1000 === 0) arrivals.push(Date.now() - started);
        end = i + o.marker.length;
        i = text.indexOf(o.marker, end);
      }
      tail = text.slice(Math.max(end, text.length - o.marker.length));
      if (count > 0 && first === 0) first = Date.now();
      if (o.idleMs !== undefined) {
        clearTimeout(idle);
        idle = setTimeout(() => {
          last = Date.now() - (o.idleMs as number);
          stop('SIGTERM');
        }, o.idleMs);
      }
      while (marks.length > 0 && count >= (marks[0] as number)) hwmAt.set(marks.shift() as number, readHwm(child.pid as number) ?? 0);
      if (o.killAt !== undefined && count >= o.killAt) stop('SIGKILL');
      else if (count >= o.until) {
        last = Date.now();
        stop('SIGTERM');
      }
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.stdin ?? '');
    child.on('close', () => {
      clearTimeout(timer);
      clearTimeout(idle);
      if (!stopped) return reject(new Error(`${o.file} ended after ${count} records: ${stderr}`));
      resolve({ spanMs: (last || Date.now()) - first, records: count, hwmAt, arrivals });
    });
  });
}

function connectionString(hub: EventHubs): string {
  const key = hub.sasKeys.find((k) => k.name === 'splunk-listen')!.key;
  return `Endpoint=sb://${hub.namespace}/;SharedAccessKeyName=splunk-listen;SharedAccessKey=${key};UseDevelopmentEmulator=true`;
}

let inputs = 0;

/** A fresh stanza (fresh checkpoint) of the packaged input reading `eventHub` from its start. */
async function inputRun(w: BenchWorld, hub: EventHubs, eventHub: string, extra: Record<string, string>, until: number, more: { marks?: number[]; killAt?: number; idleMs?: number; checkpointDir?: string; name?: string } = {}): Promise<Watched> {
  const input = more.name ?? `bench_${++inputs}`;
  await setSecret(w.admin, PASSWORD_REALM, `stream.${input}`, connectionString(hub));
  const checkpointDir = more.checkpointDir ?? workDir('defender-sync-bench-stream-');
  const stdin = runInputXml(
    { serverHost: w.splunkd.serverName, serverUri: w.splunkd.uri, sessionKey: w.splunkd.sessionKeyFor('splunk-system-user'), checkpointDir },
    [{ name: `defender_sync_stream://${input}`, app: APP, params: { namespace: hub.namespace, endpoint: `127.0.0.1:${hub.ports.amqp}`, event_hub: eventHub, consumer_group: 'splunk', start_position: 'earliest', status_interval: '60', interval: '60', index: 'default', host: w.splunkd.serverName, disabled: '0', ...extra } }],
  );
  return watch({ file: join(w.appDir, 'bin', 'defender_sync_stream.sh'), env: w.env, stdin, marker: '</event>', until, ...(more.marks ? { marks: more.marks } : {}), ...(more.killAt !== undefined ? { killAt: more.killAt } : {}), ...(more.idleMs !== undefined ? { idleMs: more.idleMs } : {}) });
}

/** Small records for the memory run (1M realistic ones would not fit the stand-in's memory). */
function publishSmall(hub: EventHubs, eventHub: string, records: number): void {
  const perMessage = 100;
  for (let m = 0; m * perMessage < records; m++) {
    const batch: string[] = [];
    for (let i = m * perMessage; i < Math.min(records, (m + 1) * perMessage); i++)
      batch.push(`{"time":"2026-12-01T00:00:00.0000000Z","tenantId":"bench","operationName":"Publish","category":"AdvancedHunting-DeviceEvents","properties":{"Timestamp":"2026-12-01T00:00:00.${String(i % 10_000_000).padStart(7, '0')}Z","DeviceName":"dev-${i % 5000}","ActionType":"ProcessCreated","ReportId":${i}}}`);
    hub.publishRaw(eventHub, String(m % 4), `{"records":[${batch.join(',')}]}`);
  }
}

export async function run(): Promise<BenchResult[]> {
  const n = scaled(100_000);
  const big = scaled(1_000_000);
  const w = await startBenchWorld({ tenants: [{ incidents: 50 }] });
  const hub = await startEventHubs({
    simulator: w.sim,
    hubs: [
      { name: 'realistic', partitions: 4, consumerGroups: ['$Default', 'splunk', 'bare'] },
      { name: 'small', partitions: 4, consumerGroups: ['$Default', 'splunk'] },
    ],
  });
  try {
    hub.publish({ hub: 'realistic', records: n, batchSize: 100 });
    publishSmall(hub, 'small', big);
    note(`published ${n} realistic and ${big} small records`);

    const ours: number[] = [];
    const bare: number[] = [];
    const bareScript = join(repoRoot, 'bench/support/bare-eventhubs-consumer.mjs');
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await inputRun(w, hub, 'realistic', {}, n);
      ours.push((a.records / a.spanMs) * 1000);
      const b = await watch({ file: w.runtime, args: [bareScript, connectionString(hub).replace(hub.namespace, `127.0.0.1:${hub.ports.amqp}`), 'realistic', 'bare'], env: w.env, marker: '\n', until: n });
      bare.push((b.records / b.spanMs) * 1000);
      note(`round ${round}: input ${ours.at(-1)!.toFixed(0)}/s in ${seconds(a.spanMs)}, bare consumer ${bare.at(-1)!.toFixed(0)}/s in ${seconds(b.spanMs)}`);
    }

    // Two runs, as the polled inputs' rss bench does: the peak of a whole 100k run against the peak of a whole 1M run.
    const tenth = scaled(100_000);
    const shortRun = await inputRun(w, hub, 'small', {}, tenth, { marks: [tenth] });
    const longRun = await inputRun(w, hub, 'small', {}, big, { marks: [big] });
    const small = (shortRun.hwmAt.get(tenth) ?? 0) / MB;
    const large = (longRun.hwmAt.get(big) ?? 0) / MB;
    note(`memory runs: ${tenth} records in ${seconds(shortRun.spanMs)} (peak RSS ${small.toFixed(1)} MB), ${big} in ${seconds(longRun.spanMs)} (peak RSS ${large.toFixed(1)} MB)`);

    // kill -9 at 60% of the backlog, then a restart on the same checkpoint until the end.
    const dir = workDir('defender-sync-bench-stream-kill-');
    const killAt = Math.floor(n * 0.6);
    const killed = await inputRun(w, hub, 'realistic', { checkpoint_interval: '1' }, n, { killAt, checkpointDir: dir, name: 'bench_kill' });
    const killedAtMs = killed.arrivals.at(-1) ?? 0;
    const lastInterval = killed.arrivals.filter((t) => t >= killedAtMs - 1000).length * 1000;
    const restart = await inputRun(w, hub, 'realistic', { checkpoint_interval: '1' }, n, { checkpointDir: dir, name: 'bench_kill', idleMs: 3000 });
    // The restart reads from the checkpoint to the end: what it wrote beyond the records the killed run missed is repeated.
    const restartRecords = restart.records;
    const repeats = Math.max(0, restartRecords + killed.records - n);
    note(`kill -9 after ${killed.records} records; the restart wrote ${restartRecords}`);

    const oursMedian = median(ours);
    const bareMedian = median(bare);
    return [
      { metric: `events/s through the packaged input (${n} realistic records, median of ${ROUNDS})`, value: oursMedian, unit: 'events/s' },
      { metric: 'events/s of a bare @azure/event-hubs consumer writing JSON lines', value: bareMedian, unit: 'events/s' },
      { metric: 'input / bare consumer', value: oursMedian / bareMedian, goal: { min: 0.7 } },
      { metric: `peak RSS at ${scaled(100_000)} records`, value: small, unit: 'MB' },
      { metric: `peak RSS at ${big} records`, value: large, unit: 'MB' },
      { metric: 'RSS difference', value: large - small, unit: 'MB', goal: { min: -20, max: 20 } },
      { metric: 'records repeated after kill -9 (checkpoint_interval 1 s)', value: repeats, unit: 'records' },
      { metric: 'records written in the last checkpoint interval before the kill (the bound, ±1000)', value: lastInterval, unit: 'records' },
    ];
  } finally {
    await hub.stop();
    await w.stop();
  }
}
