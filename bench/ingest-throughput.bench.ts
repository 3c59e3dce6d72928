// Ingest throughput against a raw floor (DESIGN §8, issue 4: goal ≥ 0.6 of the floor). For the alerts and
// the incidents input: events/s of the packaged input run as splunkd runs it (launcher, run-mode XML on
// stdin, confs and secret from the splunkd stand-in, stdout read and discarded) against bench/raw-floor.ts,
// which fetches the same pages with a bare token POST and writes one JSON line per record. Runs are
// interleaved (A, B, A, B, …) so that load from other processes on the machine hits both sides alike;
// the medians are compared. Simulator rate limits and the add-on's pacing are off: this measures the code.
import type { BenchResult } from './run';
import { fieldsOf, type ChildRun } from './support/child';
import { runFloor, type FloorQuery } from './support/floor';
import { note, seconds } from './support/progress';
import { median, scaled } from './support/stats';
import { runInputProcess, startBenchWorld, type BenchWorld } from './support/world';

export const name = 'ingest-throughput';

const ROUNDS = 3;
const START = '2020-01-01T00:00:00Z';

interface Contest {
  label: string;
  scheme: string;
  tenant: number;
  floor: FloorQuery;
  /** Events both sides must produce (for incidents: incidents + alerts). */
  expected(w: BenchWorld): number;
}

const CONTESTS: Contest[] = [
  {
    label: 'alerts',
    scheme: 'defender_sync_alerts',
    tenant: 0,
    floor: { path: '/security/alerts_v2', filter: `lastUpdateDateTime ge ${START}`, orderby: 'lastUpdateDateTime asc', top: 2000 },
    expected: (w) => w.sim.data.counts(w.tenants[0]!.tenantId).alerts,
  },
  {
    label: 'incidents',
    scheme: 'defender_sync_incidents',
    tenant: 1,
    floor: { path: '/security/incidents', filter: `lastUpdateDateTime ge ${START}`, orderby: 'lastUpdateDateTime asc', top: 50, expand: 'alerts' },
    expected: (w) => {
      const c = w.sim.data.counts(w.tenants[1]!.tenantId);
      return c.incidents + c.alerts;
    },
  },
];

function checked(run: ChildRun, events: number | undefined, expected: number, what: string): ChildRun {
  if (run.exitCode !== 0) throw new Error(`${what} exited ${run.exitCode ?? run.signal}: ${run.stderr.slice(-3).join(' | ')}`);
  if (events !== expected) throw new Error(`${what} produced ${events} events, expected ${expected}`);
  return run;
}

export async function run(): Promise<BenchResult[]> {
  // Tenant 0: 100,000 alerts_v2 records. Tenant 1: 25,000 incidents of 3 alerts = 100,000 events.
  const w = await startBenchWorld({
    tenants: [
      { incidents: scaled(100_000), alertsPerIncident: { min: 1, max: 1 }, mdeAlerts: 0 },
      { incidents: scaled(25_000), alertsPerIncident: { min: 3, max: 3 }, mdeAlerts: 0 },
    ],
  });
  const results: BenchResult[] = [];
  try {
    for (const c of CONTESTS) {
      const expected = c.expected(w);
      const addOn: ChildRun[] = [];
      const floor: ChildRun[] = [];
      for (let i = 1; i <= ROUNDS; i++) {
        const a = await runInputProcess(w, { scheme: c.scheme, tenant: c.tenant, params: { start_date: START } });
        addOn.push(checked(a, Number(fieldsOf(a.stderr, 'action=run_complete')?.events), expected, `${c.scheme} run ${i}`));
        note(`${c.label} add-on #${i}: ${expected} events in ${seconds(a.wallMs)} (CPU ${seconds(a.cpuMs)})`);
        const b = await runFloor(w, c.floor, c.tenant);
        floor.push(checked(b, Number(fieldsOf(b.stderr, 'floor')?.events), expected, `raw floor (${c.label}) run ${i}`));
        note(`${c.label} floor  #${i}: ${expected} events in ${seconds(b.wallMs)} (CPU ${seconds(b.cpuMs)})`);
      }
      const rate = (runs: ChildRun[]) => median(runs.map((r) => expected / (r.wallMs / 1000)));
      const a = rate(addOn);
      const b = rate(floor);
      results.push(
        { metric: `${c.label}: add-on events/s (${expected} events, median of ${ROUNDS})`, value: a, unit: 'ev/s' },
        { metric: `${c.label}: raw floor events/s (median of ${ROUNDS})`, value: b, unit: 'ev/s' },
        { metric: `${c.label}: add-on / floor`, value: a / b, unit: 'x', goal: { min: 0.6 } },
        {
          metric: `${c.label}: CPU time add-on / floor (medians)`,
          value: median(addOn.map((r) => r.cpuMs)) / median(floor.map((r) => r.cpuMs)),
          unit: 'x',
        },
      );
    }
  } finally {
    await w.stop();
  }
  return results;
}
