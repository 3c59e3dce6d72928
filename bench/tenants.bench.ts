// Many tenants on one forwarder (issue 14): 200 tenants × 3 inputs (incidents, alerts_v2, endpoint alerts),
// one full polling cycle from fresh checkpoints, in both run models, in the same run against the same
// simulator data:
// - per stanza (today's default, [scheduler] single_instance = 0): splunkd starts one process per stanza at
//   each interval. All 600 start at the top of the interval, which this 2-core machine cannot host at once,
//   so they run 16 at a time (see PER_STANZA_AT_ONCE) and their memory at splunkd's all-at-once start is
//   the sum of their own peaks;
// - single instance (single_instance = 1): one process per scheme with its 200 stanzas, 16 at a time.
// Measured: peak total RSS of the add-on's processes (VmRSS summed over the processes alive at each 50 ms
// sample), wall time of the cycle, CPU time, and Microsoft requests (token + API) per tenant.
import { join } from 'node:path';
import { SETTINGS_CONF } from '../src/config/names';
import { runInputXml } from '../sandbox/splunkd/modinput-xml';
import type { BenchResult } from './run';
import { ProcessGroup, type GroupStats, type Started } from './support/process-group';
import { note, seconds } from './support/progress';
import { MB, median } from './support/stats';
import { accountFor, APP, startBenchWorld, workDir, type BenchWorld } from './support/world';

export const name = 'tenants';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 200);
const CONCURRENCY = 16;
/**
 * Per-stanza processes at once. 48 (as many runs as the three single-instance processes together) overloaded the
 * splunkd stand-in on this 2-core machine (every run reads settings, account and the credential list: 47 of 600
 * runs timed out waiting for splunkd), so 16; both models are CPU-bound here, so CPU time is shown too.
 */
const PER_STANZA_AT_ONCE = CONCURRENCY;
const SCHEMES = ['defender_sync_incidents', 'defender_sync_alerts', 'defender_sync_endpoint_alerts'] as const;
const START = '2020-01-01T00:00:00Z';

interface Outcome {
  stats: GroupStats;
  wallMs: number;
  requests: number;
  tokens: number;
  failed: string[];
}

const stanzaOf = (w: BenchWorld, scheme: string, tenant: number) => ({
  name: `${scheme}://t${tenant}`,
  app: APP,
  params: { account: accountFor(tenant), start_date: START, interval: '3600', index: 'default', host: w.splunkd.serverName, disabled: '0' },
});

const inputXml = (w: BenchWorld, scheme: string, stanzas: ReturnType<typeof stanzaOf>[]) =>
  runInputXml(
    {
      serverHost: w.splunkd.serverName,
      serverUri: w.splunkd.uri,
      sessionKey: w.splunkd.sessionKeyFor('splunk-system-user'),
      checkpointDir: workDir(`defender-sync-bench-${scheme}-`),
    },
    stanzas,
  );

const summaries = (lines: readonly string[]) => lines.filter((l) => / action=run_complete /.test(` ${l}`) || l.startsWith('INFO action=run_complete'));
const notCaughtUp = (lines: readonly string[]) => summaries(lines).filter((l) => !/ status=caught_up( |$)/.test(l));

async function measure(w: BenchWorld, label: string, body: (group: ProcessGroup) => Promise<string[]>): Promise<Outcome> {
  const from = w.sim.requestLog.at(-1)?.seq ?? 0;
  const group = new ProcessGroup();
  const t0 = performance.now();
  const failed = await body(group);
  const wallMs = performance.now() - t0;
  const stats = group.finish();
  const requests = w.sim.requestLog.filter((q) => q.seq > from);
  const outcome = { stats, wallMs, requests: requests.length, tokens: requests.filter((q) => q.api === 'token').length, failed };
  note(
    `${label}: ${stats.started} processes, cycle ${seconds(wallMs)}, peak total RSS ${(stats.peakTotalRssBytes / MB).toFixed(0)} MB, ` +
      `CPU ${seconds(stats.cpuMs)}, ${outcome.requests} requests (${outcome.tokens} token), ${failed.length} runs not caught up`,
  );
  if (failed.length > 0) note(`${label}: not caught up, e.g. ${failed.slice(0, 2).join(' | ').slice(0, 600)}`);
  return outcome;
}

/** Today's model: one process per stanza, CONCURRENCY at a time. */
function perStanza(w: BenchWorld): Promise<Outcome> {
  return measure(w, 'per stanza', async (group) => {
    const jobs = SCHEMES.flatMap((scheme) => Array.from({ length: TENANTS }, (_, t) => ({ scheme, t })));
    const failed: string[] = [];
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const run = group.start(join(w.appDir, 'bin', `${job.scheme}.sh`), w.env, w.splunkd.splunkHome, inputXml(w, job.scheme, [stanzaOf(w, job.scheme, job.t)]));
        const code = await run.done;
        if (code !== 0 || summaries(run.stderr).length !== 1) failed.push(`${job.scheme} t${job.t}: exit ${code}, ${run.stderr.slice(-2).join(' | ')}`);
        else failed.push(...notCaughtUp(run.stderr));
      }
    };
    await Promise.all(Array.from({ length: PER_STANZA_AT_ONCE }, worker));
    return failed;
  });
}

/** The single-instance model: one process per scheme with every stanza; stopped once each stanza ran once. */
function singleInstance(w: BenchWorld): Promise<Outcome> {
  return measure(w, 'single instance', async (group) => {
    const runs: Started[] = [];
    await Promise.all(
      SCHEMES.map(
        (scheme) =>
          new Promise<void>((resolve) => {
            const stanzas = Array.from({ length: TENANTS }, (_, t) => stanzaOf(w, scheme, t));
            let done = 0;
            const run = group.start(join(w.appDir, 'bin', `${scheme}.sh`), w.env, w.splunkd.splunkHome, inputXml(w, scheme, stanzas), (line) => {
              if (line.startsWith('INFO action=run_complete') && ++done === TENANTS) resolve();
            });
            runs.push(run);
            void run.done.then(() => resolve());
          }),
      ),
    );
    for (const r of runs) r.kill('SIGTERM');
    const codes = await Promise.all(runs.map((r) => r.done));
    const failed = runs.flatMap((r, i) => [
      ...(codes[i] !== 0 ? [`${SCHEMES[i]}: exit ${codes[i]}, ${r.stderr.slice(-2).join(' | ')}`] : []),
      ...(summaries(r.stderr).length !== TENANTS ? [`${SCHEMES[i]}: ${summaries(r.stderr).length} of ${TENANTS} stanzas ran`] : []),
      ...notCaughtUp(r.stderr),
    ]);
    return failed;
  });
}

export async function run(): Promise<BenchResult[]> {
  const w = await startBenchWorld({
    tenants: Array.from({ length: TENANTS }, () => ({ incidents: 10, alertsPerIncident: { min: 1, max: 3 }, mdeAlerts: 10 })),
  });
  try {
    await w.admin.postConfStanza(SETTINGS_CONF, 'scheduler', { single_instance: '0' });
    const today = await perStanza(w);
    await w.admin.postConfStanza(SETTINGS_CONF, 'scheduler', { single_instance: '1', concurrency: String(CONCURRENCY) });
    const single = await singleInstance(w);
    // splunkd starts every stanza at the top of its interval: at that instant all 600 processes are alive.
    const allAtOnce = today.stats.peaks.reduce((a, b) => a + b, 0);
    const perProcess = median(today.stats.peaks) / MB;
    const stanzas = TENANTS * SCHEMES.length;
    return [
      { metric: `per stanza: peak RSS of one process (median of ${stanzas})`, value: perProcess, unit: 'MB' },
      { metric: `per stanza: peak total RSS as splunkd runs it (${stanzas} processes at once: sum of their peaks)`, value: allAtOnce / MB, unit: 'MB' },
      { metric: `per stanza: peak total RSS measured, ${PER_STANZA_AT_ONCE} processes at a time`, value: today.stats.peakTotalRssBytes / MB, unit: 'MB' },
      { metric: 'single instance: peak total RSS (3 processes)', value: single.stats.peakTotalRssBytes / MB, unit: 'MB' },
      { metric: 'single instance / per stanza as splunkd runs it: peak total RSS', value: single.stats.peakTotalRssBytes / allAtOnce, goal: { max: 0.1 } },
      { metric: `single instance / per stanza ${PER_STANZA_AT_ONCE} at a time: peak total RSS`, value: single.stats.peakTotalRssBytes / today.stats.peakTotalRssBytes },
      { metric: `per stanza: cycle wall time (${PER_STANZA_AT_ONCE} at a time)`, value: today.wallMs / 1000, unit: 's' },
      { metric: `single instance: cycle wall time (${CONCURRENCY} at a time per scheme)`, value: single.wallMs / 1000, unit: 's' },
      { metric: 'single instance / per stanza: cycle wall time', value: single.wallMs / today.wallMs, goal: { max: 1 } },
      { metric: 'per stanza: CPU time of the cycle', value: today.stats.cpuMs / 1000, unit: 's' },
      { metric: 'single instance: CPU time of the cycle', value: single.stats.cpuMs / 1000, unit: 's' },
      { metric: 'per stanza: Microsoft requests per tenant (token requests)', value: today.requests / TENANTS, unit: `req (${(today.tokens / TENANTS).toFixed(1)} token)` },
      { metric: 'single instance: Microsoft requests per tenant (token requests)', value: single.requests / TENANTS, unit: `req (${(single.tokens / TENANTS).toFixed(1)} token)` },
      { metric: 'single instance / per stanza: requests per tenant', value: single.requests / today.requests, goal: { max: 1 } },
      { metric: 'per stanza: runs that did not catch up', value: today.failed.length, unit: `of ${stanzas}` },
      { metric: 'single instance: runs that did not catch up', value: single.failed.length, unit: `of ${stanzas}`, goal: { max: 0 } },
    ];
  } finally {
    await w.stop();
  }
}
