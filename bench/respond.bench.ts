// Indicators through the import API (issue 12, acceptance 2): requests used against the minimum the import
// limit allows (500 indicators per call), and the call rate achieved against the allowed 30 calls a minute.
//
// 1. Packaged: 1,000 indicators through the packaged defender_sync_indicator launcher, as splunkd's
//    sendmodalert runs it, against the simulator with Microsoft's documented limits and the add-on's pacing
//    on. Requests = every MDE call the run made (token calls aside); the minimum is ceil(1000 / 500) = 2.
// 2. Sustained, on a virtual clock: 1,000 indicators a run, 40 runs back to back (80 import calls, so the
//    30-calls-a-minute window binds), through the action's own planning and submit code (planRows +
//    executeIndicators) with the add-on's session and pacing, against the simulator with the documented
//    limits; both share one clock whose sleep() advances it at once, so a minute of pacing costs nothing
//    but is measured exactly. Achieved vs allowed = the shortest time the limit allows for the calls the
//    simulator accepted, divided by the time from the first to the last (support/rate.ts); a 429 would count
//    against it and is reported.
import { manualClock, startSimulator } from '../sandbox/simulator';
import { planRows } from '../src/actions/common/plan';
import { INDICATOR_SPEC, executeIndicators } from '../src/actions/indicator/main';
import type { IndicatorInput } from '../src/actions/indicator/plan';
import type { ActionTarget } from '../src/actions/common/run';
import { parseAccount } from '../src/config/account';
import { parseSettings } from '../src/config/settings';
import { openSession } from '../src/defender/session';
import type { BenchResult } from './run';
import { fieldsOf } from './support/child';
import { note, seconds } from './support/progress';
import { achievedVsAllowed, type Served } from './support/rate';
import { startBenchWorld } from './support/world';

export const name = 'respond';

const INDICATORS = 1000;
const IMPORT_MAX = 500;
const IMPORT_LIMIT = { limit: 30, windowMs: 60_000 };
const RUNS = 40;
const hash = (i: number): string => `f${i.toString(16).padStart(63, '0')}`;
const isImport = (path: string): boolean => path.endsWith('/api/indicators/import');

async function packaged(): Promise<BenchResult[]> {
  const w = await startBenchWorld({
    tenants: [{ incidents: 2, mdeAlerts: 0 }],
    simulator: { rateLimits: {} },
    network: { mde_requests_per_minute: '100' },
  });
  try {
    const rows = Array.from({ length: INDICATORS }, (_, i) => ({ indicator: hash(i) }));
    const last = w.sim.requestLog.at(-1)?.seq ?? 0;
    const r = await w.splunkd.runAlertAction({
      action: 'defender_sync_indicator',
      user: 'admin',
      searchName: 'IoC feed',
      rows,
      configuration: { account: 't0', max_targets: String(INDICATORS), indicator_expiration: '30d' },
    });
    const summary = fieldsOf(r.stderr.map((l) => `${l.level} ${l.text}`), 'action=alert_complete');
    if (r.exitCode !== 0 || !summary) throw new Error(`indicator action exit ${r.exitCode ?? r.signal}: ${r.stderr.slice(-3).map((l) => l.text).join(' | ')}`);
    const requests = w.sim.requestLog.filter((q) => q.seq > last && q.api === 'mde');
    const imports = requests.filter((q) => isImport(q.path)).length;
    const minimum = Math.ceil(INDICATORS / IMPORT_MAX);
    note(`packaged: ${INDICATORS} indicators in ${seconds(r.durationMs)}; ${requests.length} MDE requests (${imports} import); succeeded=${summary.succeeded} throttled=${summary.throttled}; the tenant holds ${w.sim.mdeResponse.indicators().length} distinct indicators`);
    return [
      { metric: `packaged: indicators submitted of ${INDICATORS}`, value: Number(summary.succeeded), unit: 'rows', goal: { min: INDICATORS } },
      { metric: `packaged: MDE requests used (minimum ${minimum}: ${IMPORT_MAX} per import call)`, value: requests.length, unit: 'req' },
      { metric: 'packaged: requests used / minimum the import limit allows', value: requests.length / minimum, unit: 'x', goal: { max: 1.1 } },
    ];
  } finally {
    await w.stop();
  }
}

async function sustained(): Promise<BenchResult[]> {
  const simClock = manualClock(Date.UTC(2026, 11, 3, 12));
  const clock = { now: () => simClock.now(), sleep: async (ms: number) => simClock.advance(ms) };
  const sim = await startSimulator({ seed: 7, incidents: 2, mdeAlerts: 0, clock: simClock, rateLimits: {} });
  try {
    const tenant = sim.tenants[0]!;
    const app = tenant.apps[0]!;
    const account = parseAccount('t0', {
      tenant_id: tenant.tenantId, client_id: app.clientId, auth_type: 'client_secret', cloud: 'custom',
      login_url: sim.loginUrl, graph_url: sim.graphUrl, mde_url: sim.mdeUrl,
    });
    // Documented pacing (the defaults): MDE 100/min and 1,500/h, import 30/min.
    const session = openSession({ account, secret: app.clientSecret!, settings: parseSettings({ network: { ca_bundle: sim.caPem } }), clock });
    const rows = Array.from({ length: INDICATORS }, (_, i) => ({ rowIndex: i, fields: { indicator: hash(i) } }));
    let failed = 0;
    for (let run = 0; run < RUNS; run++) {
      const config = { account: 't0', indicator_title: `feed update ${run}`, indicator_expiration: '30d' };
      const plans = planRows(rows, config, INDICATOR_SPEC.planRow, { nowMs: clock.now(), user: 'bench', searchName: 'IoC feed' });
      const targets: Array<ActionTarget<IndicatorInput>> = plans.flatMap((p) => (p.planned && p.duplicateOf === undefined ? [{ planned: p.planned, row: p.row, fields: {} }] : []));
      const out = await executeIndicators(session, targets, { tenant: tenant.tenantId });
      failed += [...out.values()].filter((o) => !o.ok).length;
    }
    const imports = sim.requestLog.filter((q) => isImport(q.path));
    const served: Served[] = imports.filter((q) => q.status === 200).map((q) => ({ atMs: Date.parse(q.time), accepted: 1 }));
    const throttled = imports.filter((q) => q.status === 429).length;
    const use = achievedVsAllowed(served, IMPORT_LIMIT.limit, IMPORT_LIMIT.windowMs);
    const spanMs = served.length ? served.at(-1)!.atMs - served[0]!.atMs : 0;
    note(`sustained (virtual clock): ${RUNS} runs × ${INDICATORS} indicators, ${imports.length} import calls over ${seconds(spanMs)} of simulated time, ${throttled} answered 429, ${failed} indicators failed`);
    return [
      { metric: `sustained: import calls for ${RUNS} × ${INDICATORS} indicators (minimum ${RUNS * Math.ceil(INDICATORS / IMPORT_MAX)})`, value: imports.length, unit: 'req' },
      { metric: 'sustained: import calls answered 429', value: throttled, unit: 'req', goal: { max: 0 } },
      { metric: 'sustained: indicators failed', value: failed, unit: 'rows', goal: { max: 0 } },
      { metric: `sustained: import call rate achieved (allowed ${IMPORT_LIMIT.limit}/min)`, value: use * IMPORT_LIMIT.limit, unit: 'calls/min' },
      { metric: 'sustained: achieved / allowed import rate', value: use, unit: 'x', goal: { min: 0.9 } },
    ];
  } finally {
    await sim.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await packaged()), ...(await sustained())];
}
