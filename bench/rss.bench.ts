// Peak RSS of an input run at a small and a large data size (DESIGN §8, issue 4: flat within 20 MB): the
// alerts input at 10,000 and 1,000,000 alerts_v2 records, and the incidents input at 10,000 and 100,000
// incidents (1,000,000 incidents with their alerts would take far too long on 2 cores). Each run is a full
// packaged run with a fresh checkpoint; the peak is the kernel's VmHWM of the node process (see
// support/child.ts). The small size is run three times (median), the large one once.
import type { BenchResult } from './run';
import { fieldsOf, type ChildRun } from './support/child';
import { note, seconds } from './support/progress';
import { MB, median, scaled } from './support/stats';
import { runInputProcess, startBenchWorld } from './support/world';

export const name = 'rss';

const START = '2020-01-01T00:00:00Z';
const SMALL_ROUNDS = 3;

interface Pair {
  label: string;
  scheme: string;
  unit: string;
  small: { tenant: number; n: number };
  large: { tenant: number; n: number };
}

async function measured(w: Awaited<ReturnType<typeof startBenchWorld>>, scheme: string, tenant: number, what: string): Promise<ChildRun> {
  const r = await runInputProcess(w, { scheme, tenant, params: { start_date: START }, timeoutMs: 1_800_000 });
  const summary = fieldsOf(r.stderr, 'action=run_complete');
  if (r.exitCode !== 0 || summary?.status !== 'caught_up') throw new Error(`${what}: exit ${r.exitCode ?? r.signal}, ${r.stderr.slice(-3).join(' | ')}`);
  if (r.peakRssBytes === 0) throw new Error(`${what}: could not read VmHWM from /proc (Linux only)`);
  note(`${what}: ${summary.events} events in ${seconds(r.wallMs)}, peak RSS ${(r.peakRssBytes / MB).toFixed(1)} MB`);
  return r;
}

export async function run(): Promise<BenchResult[]> {
  const alertsSmall = scaled(10_000);
  const alertsLarge = scaled(1_000_000);
  const incidentsSmall = scaled(10_000);
  const incidentsLarge = scaled(100_000);
  const w = await startBenchWorld({
    tenants: [
      { incidents: alertsSmall, alertsPerIncident: { min: 1, max: 1 }, mdeAlerts: 0 },
      { incidents: alertsLarge, alertsPerIncident: { min: 1, max: 1 }, mdeAlerts: 0 },
      { incidents: incidentsSmall, mdeAlerts: 0 }, // alerts per incident: the simulator's default 1–6
      { incidents: incidentsLarge, mdeAlerts: 0 },
    ],
  });
  const pairs: Pair[] = [
    { label: 'alerts', scheme: 'defender_sync_alerts', unit: 'alerts', small: { tenant: 0, n: alertsSmall }, large: { tenant: 1, n: alertsLarge } },
    { label: 'incidents', scheme: 'defender_sync_incidents', unit: 'incidents', small: { tenant: 2, n: incidentsSmall }, large: { tenant: 3, n: incidentsLarge } },
  ];
  const results: BenchResult[] = [];
  try {
    for (const p of pairs) {
      const small: number[] = [];
      for (let i = 1; i <= SMALL_ROUNDS; i++) small.push((await measured(w, p.scheme, p.small.tenant, `${p.label} ${p.small.n} #${i}`)).peakRssBytes / MB);
      const large = (await measured(w, p.scheme, p.large.tenant, `${p.label} ${p.large.n}`)).peakRssBytes / MB;
      const base = median(small);
      results.push(
        { metric: `${p.label}: peak RSS at ${p.small.n} ${p.unit} (median of ${SMALL_ROUNDS})`, value: base, unit: 'MB' },
        { metric: `${p.label}: peak RSS at ${p.large.n} ${p.unit}`, value: large, unit: 'MB' },
        { metric: `${p.label}: difference`, value: large - base, unit: 'MB', goal: { min: -20, max: 20 } },
      );
    }
  } finally {
    await w.stop();
  }
  return results;
}
