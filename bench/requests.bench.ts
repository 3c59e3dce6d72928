// HTTP requests of one full run against the minimum the page limits allow (DESIGN §8, issue 4: goal =
// minimum + token): ceil(N / $top) list calls + 1 token request, counted in the simulator's request log.
// Every request the run made is counted, token-endpoint requests included (MSAL's metadata GET too).
import type { BenchResult } from './run';
import { fieldsOf } from './support/child';
import { note } from './support/progress';
import { scaled } from './support/stats';
import { runInputProcess, startBenchWorld, type BenchWorld } from './support/world';
import type { RequestRecord } from '../sandbox/simulator';

export const name = 'requests';

const START = '2020-01-01T00:00:00Z';

interface Case {
  label: string;
  scheme: string;
  tenant: number;
  /** The API's page maximum ($top). */
  top: number;
  records(w: BenchWorld): number;
}

/** How the run's requests split: list calls by filter form, token-endpoint calls, anything else. */
export function breakdown(requests: readonly RequestRecord[]): { list: Record<string, number>; token: number; other: number } {
  const list: Record<string, number> = {};
  let token = 0;
  let other = 0;
  for (const r of requests) {
    if (r.api === 'token') token++;
    else if (r.method === 'GET' && /\/(security\/(incidents|alerts_v2)|api\/alerts)$/.test(r.path)) {
      const filter = r.query.$filter ?? '';
      const form = / eq /.test(filter) ? 'eq' : / lt /.test(filter) ? 'bounded' : / gt /.test(filter) ? 'gt' : 'ge';
      list[form] = (list[form] ?? 0) + 1;
    } else other++;
  }
  return { list, token, other };
}

export async function run(): Promise<BenchResult[]> {
  const incidents = scaled(5_000);
  const alerts = scaled(100_000);
  const mdeAlerts = scaled(25_000);
  const w = await startBenchWorld({
    tenants: [
      { incidents, mdeAlerts }, // alerts per incident: the simulator's default 1–6
      { incidents: alerts, alertsPerIncident: { min: 1, max: 1 }, mdeAlerts: 0 },
    ],
  });
  const cases: Case[] = [
    { label: 'incidents', scheme: 'defender_sync_incidents', tenant: 0, top: 50, records: (x) => x.sim.data.counts(x.tenants[0]!.tenantId).incidents },
    { label: 'alerts_v2', scheme: 'defender_sync_alerts', tenant: 1, top: 2000, records: (x) => x.sim.data.counts(x.tenants[1]!.tenantId).alerts },
    { label: 'MDE alerts', scheme: 'defender_sync_endpoint_alerts', tenant: 0, top: 10_000, records: (x) => x.sim.data.counts(x.tenants[0]!.tenantId).mdeAlerts },
  ];
  const results: BenchResult[] = [];
  try {
    for (const c of cases) {
      const n = c.records(w);
      const last = w.sim.requestLog.at(-1)?.seq ?? 0;
      const r = await runInputProcess(w, { scheme: c.scheme, tenant: c.tenant, params: { start_date: START } });
      const summary = fieldsOf(r.stderr, 'action=run_complete');
      if (r.exitCode !== 0 || summary?.status !== 'caught_up') throw new Error(`${c.scheme} did not catch up (exit ${r.exitCode}): ${r.stderr.slice(-3).join(' | ')}`);
      const requests = w.sim.requestLog.filter((q) => q.seq > last);
      const { list, token, other } = breakdown(requests);
      const used = requests.length;
      const minimum = Math.ceil(n / c.top) + 1;
      const split = Object.entries(list).map(([form, k]) => `${k} ${form}`).join(' + ');
      note(`${c.label}: ${n} records, ${summary.events} events, ${used} requests (${split} list; ${token} token endpoint; ${other} other)`);
      results.push(
        { metric: `${c.label} N=${n}: requests used (${split} list, ${token} token${other ? `, ${other} other` : ''})`, value: used, unit: 'req' },
        { metric: `${c.label}: minimum, ceil(N/${c.top}) list + 1 token`, value: minimum, unit: 'req' },
        { metric: `${c.label}: used / minimum`, value: used / minimum, unit: 'x', goal: { max: 1 } },
      );
    }
  } finally {
    await w.stop();
  }
  return results;
}
