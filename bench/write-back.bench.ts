// Write-back rate (DESIGN §8, issue 5 acceptance 2: ≥ 0.9 of the allowed rate). Result rows (incidents,
// alerts_v2 alerts, incident alerts and legacy MDE alerts) go through the packaged defender_sync_update
// alert action as splunkd's sendmodalert runs it, with one change for every row: status, classification,
// determination and a comment (Graph: a comment POST and a PATCH per record, in $batch calls of 20; MDE:
// one batchUpdate plus one read-back list call).
//
// 1. Pacing off, the simulator's limits scaled 30× in time (Graph 150 per 2 s; MDE 100 per 2 s and
//    1,500 per 2 min; batchUpdate 10 per 2 s and 500 per 2 min): only 429 + Retry-After pace the action.
// 2. Pacing on at the same rate: the add-on's pacing is configured per minute only
//    ([network] graph_requests_per_minute, window fixed at 60 s), so this line runs in real time against the
//    simulator's real Graph limit (150 per 60 s), with 280 Graph items: two windows' worth, about a minute.
//
// Achieved vs allowed rate: the shortest time the Graph limit allows for the items the simulator accepted,
// divided by the time from the first to the last $batch (support/rate.ts).
import type { BenchResult } from './run';
import { fieldsOf } from './support/child';
import { note, seconds } from './support/progress';
import { achievedVsAllowed, shortestMs, type Served } from './support/rate';
import { startBenchWorld, type BenchWorld } from './support/world';

export const name = 'write-back';

type Row = Record<string, string>;

interface Scenario {
  label: string;
  graphLimit: { limit: number; windowMs: number };
  network: Record<string, string>;
  rows: { incidents: number; alerts: number; incidentAlerts: number; mde: number };
  scale: number;
}

const SCENARIOS: Scenario[] = [
  {
    label: 'pacing off (429s)',
    graphLimit: { limit: 150, windowMs: 2_000 },
    network: { graph_requests_per_minute: '0', mde_requests_per_minute: '0' },
    rows: { incidents: 300, alerts: 200, incidentAlerts: 200, mde: 300 },
    scale: 30,
  },
  {
    label: 'pacing on 150/min',
    graphLimit: { limit: 150, windowMs: 60_000 },
    network: { graph_requests_per_minute: '150', mde_requests_per_minute: '100' },
    rows: { incidents: 70, alerts: 35, incidentAlerts: 35, mde: 60 },
    scale: 1,
  },
];

const CHANGE = {
  target: 'auto',
  status: 'resolved',
  classification: 'truePositive',
  determination: 'malware',
  comment: 'Contained by the SOC; closed from Splunk.',
};

function rowsFor(w: BenchWorld, r: Scenario['rows']): Row[] {
  const data = w.sim.data.tenant();
  const ids = (c: { idAt(i: number): string }, from: number, n: number) => Array.from({ length: n }, (_, i) => c.idAt(from + i));
  return [
    ...ids(data.incidents, 0, r.incidents).map((id) => ({ sourcetype: 'ms365:defender:incident', id })),
    ...ids(data.alerts, 0, r.alerts).map((id) => ({ sourcetype: 'ms365:defender:alert', id })),
    ...ids(data.alerts, r.alerts, r.incidentAlerts).map((id) => ({ sourcetype: 'ms365:defender:incident:alerts', id })),
    ...ids(data.mdeAlerts, 0, r.mde).map((id) => ({ sourcetype: 'ms:defender:atp:alerts', id })),
  ];
}

async function measure(s: Scenario): Promise<BenchResult[]> {
  const div = (ms: number) => Math.max(1, Math.round(ms / s.scale));
  const w = await startBenchWorld({
    tenants: [{ incidents: 400, mdeAlerts: 300 }],
    network: s.network,
    simulator: {
      rateLimits: {
        graph: { windows: [s.graphLimit] },
        mde: { windows: [{ limit: 100, windowMs: div(60_000) }, { limit: 1500, windowMs: div(3_600_000) }] },
        mdeBatchUpdate: { windows: [{ limit: 10, windowMs: div(60_000) }, { limit: 500, windowMs: div(3_600_000) }] },
      },
    },
  });
  try {
    const rows = rowsFor(w, s.rows);
    // Throttled items per request: the stats as each request arrives (requests are sent one at a time).
    const cumulative: number[] = [];
    const throttled = () => w.sim.stats().throttled.graph + w.sim.stats().throttled.mde;
    const off = w.sim.onRequest(() => void cumulative.push(throttled()));
    const last = w.sim.requestLog.at(-1)?.seq ?? 0;
    const r = await w.splunkd.runAlertAction({ action: 'defender_sync_update', user: 'admin', rows, configuration: { account: 't0', index: 'main', ...CHANGE } });
    off();
    cumulative.push(throttled());
    const requests = w.sim.requestLog.filter((q) => q.seq > last);
    const summary = fieldsOf(r.stderr.map((l) => `${l.level} ${l.text}`), 'action=alert_complete');
    // Exit 4 (some rows failed) is a result to report; anything else means the benchmark itself is broken.
    if ((r.exitCode !== 0 && r.exitCode !== 4) || !summary)
      throw new Error(`alert action (${s.label}) exit ${r.exitCode ?? r.signal}: ${r.stderr.slice(-3).map((l) => l.text).join(' | ')}`);
    const succeeded = Number(summary.succeeded);
    if (cumulative.length !== requests.length + 1) throw new Error(`request log (${requests.length}) and hooks (${cumulative.length - 1}) disagree`);

    const served: Served[] = [];
    requests.forEach((q, i) => {
      if (!q.path.endsWith('/$batch')) return;
      const refused = cumulative[i + 1]! - cumulative[i]!;
      served.push({ atMs: Date.parse(q.time), accepted: (q.batchItems ?? 0) - refused });
      // BENCH_TIMELINE=1 shows each $batch: when, how many items, how many answered 429.
      if (process.env.BENCH_TIMELINE) note(`${q.time} $batch ${q.batchItems} items, ${refused} answered 429`);
    });
    const batches = requests.filter((q) => q.path.endsWith('/$batch'));
    const items = batches.reduce((n, q) => n + (q.batchItems ?? 0), 0);
    const mde = requests.filter((q) => q.api === 'mde').length;
    const token = requests.filter((q) => q.api === 'token').length;
    const met429 = cumulative.at(-1)! - cumulative[0]!;
    const use = achievedVsAllowed(served, s.graphLimit.limit, s.graphLimit.windowMs);
    const accepted = served.reduce((n, x) => n + x.accepted, 0);
    const allowed = s.graphLimit.limit / (s.graphLimit.windowMs / 1000);
    const graphMs = served.length ? served.at(-1)!.atMs - served[0]!.atMs : 0;
    note(
      `${s.label}: ${rows.length} rows in ${seconds(r.durationMs)}; ${accepted} Graph items accepted over ${seconds(graphMs)} (the limit allows ${seconds(shortestMs(accepted, s.graphLimit.limit, s.graphLimit.windowMs))}); ${requests.length} requests: ` +
        `${batches.length} $batch with ${items} items, ${mde} MDE, ${token} token endpoint; ${met429} answered 429; action: succeeded=${summary.succeeded} failed=${summary.failed} requests=${summary.requests} throttled=${summary.throttled}`,
    );
    return [
      { metric: `${s.label}: rows succeeded of ${rows.length} (exit code ${r.exitCode})`, value: succeeded, unit: 'rows', goal: { min: rows.length } },
      { metric: `${s.label}: HTTP requests (${batches.length} $batch with ${items} items, ${mde} MDE, ${token} token)`, value: requests.length, unit: 'req' },
      { metric: `${s.label}: HTTP requests per row`, value: requests.length / rows.length, unit: 'req/row' },
      { metric: `${s.label}: Graph item rate achieved (allowed ${allowed.toFixed(1)}/s)`, value: use * allowed, unit: 'items/s' },
      { metric: `${s.label}: achieved / allowed Graph rate`, value: use, unit: 'x', goal: { min: 0.9 } },
      { metric: `${s.label}: items answered 429`, value: met429, unit: 'items' },
    ];
  } finally {
    await w.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const s of SCENARIOS) results.push(...(await measure(s)));
  return results;
}
