// Records changing while an input reads its pages (DESIGN §5 rule 2): the simulator moves records between
// the page requests of one run — already read ones, not yet read ones, members of a tie group larger than
// a page, and for Defender for Endpoint between time slices. Nothing may be lost (every record's latest
// version is emitted by the end of the run or the next one) and no (id, update time) pair may be emitted
// twice.
import { expect } from 'chai';
import type { IndexedEvent } from '../../sandbox/splunkd';
import type { RequestInfo } from '../../sandbox/simulator';
import { addAccount, addInput, runOnce, startWorld, type RunOutcome, type World } from '../helpers/world';
import { bySourcetype, errorLines, pairsOnce, recordPair, SCHEME, simRecords, ST, type Rec } from './support';

const byTime = (field: string) => (a: Rec, b: Rec) => (String(a[field]) < String(b[field]) ? -1 : String(a[field]) > String(b[field]) ? 1 : 0);
const ids = (records: readonly Rec[]): string[] => records.map((r) => String(r.id));

describe('e2e: records changing while pages are read', function () {
  this.timeout(180_000);
  let w: World;

  before(async () => {
    // 250 incidents with the tie group of 60; ~2,500 alerts (two alerts_v2 pages); 12,000 MDE alerts
    // (more than one 10,000 response: time slices).
    w = await startWorld({ simulator: { incidents: 250, alertsPerIncident: { min: 6, max: 14 }, mdeAlerts: 12_000 } });
    await addAccount(w, 'prod');
  });
  after(async () => w?.stop());

  /** Runs the input twice (the first with `hook` mutating records), returning both runs. */
  async function twoRuns(scheme: string, name: string, hook: (info: RequestInfo, n: number) => void): Promise<RunOutcome[]> {
    await addInput(w, scheme, name, { account: 'prod', index: 'defender', start_date: '2020-01-01' });
    let n = 0;
    const off = w.sim.onRequest((info) => {
      if (info.api === 'graph' || info.api === 'mde') hook(info, ++n);
    });
    let first: RunOutcome;
    try {
      first = await runOnce(w, scheme, name);
    } finally {
      off();
    }
    const second = await runOnce(w, scheme, name);
    for (const r of [first, second]) {
      expect(errorLines(r.result)).to.deep.equal([]);
      expect(r.result.exitCode).to.equal(0);
    }
    return [first, second];
  }

  function expectComplete(events: IndexedEvent[], sourcetype: string, field: string, current: Rec[], kind: 'incident' | 'alert' | 'mdeAlert'): void {
    const emitted = pairsOnce(bySourcetype(events, sourcetype), field);
    const missing = current.map((r) => recordPair(r, kind)).filter((p) => !emitted.has(p));
    expect(missing, `${sourcetype}: latest versions never emitted`).to.deep.equal([]);
  }

  it('incidents: changes before, behind and inside the tie group lose nothing and repeat nothing', async () => {
    const incidents = simRecords(w, 'incident').sort(byTime('lastUpdateDateTime'));
    const tieTime = incidents.find((r) => incidents.filter((x) => x.lastUpdateDateTime === r.lastUpdateDateTime).length > 50)!.lastUpdateDateTime;
    const tie = incidents.filter((r) => r.lastUpdateDateTime === tieTime);
    expect(tie.length).to.be.greaterThan(50);
    const alertsOf = (r: Rec) => w.sim.data.alertIdsOf(String(r.id));
    const changed: string[] = [];
    let tieChanges = 0;
    const [first, second] = await twoRuns(SCHEME.incidents, 'incidents', (info, n) => {
      if (!info.path.endsWith('/security/incidents')) return;
      const filter = info.query.get('$filter') ?? '';
      if (n === 2) {
        // Page 1 (the oldest 50) was read: change some of it, and some not read yet (incidents and alerts).
        changed.push(...w.sim.data.mutate({ kind: 'incident', ids: ids([incidents[3]!, incidents[40]!, incidents[200]!, incidents[230]!]) }));
        changed.push(...w.sim.data.mutate({ kind: 'alert', ids: [alertsOf(incidents[10]!)[0]!, alertsOf(incidents[180]!)[1]!] }));
      } else if (filter.startsWith('lastUpdateDateTime eq') && tieChanges < 2) {
        // Inside the tie group: one member already emitted, one not yet, then again on the next pass.
        tieChanges++;
        changed.push(...w.sim.data.mutate({ kind: 'incident', ids: ids([tie[tieChanges]!, tie[tie.length - tieChanges]!]) }));
      } else if (n === 9) {
        changed.push(...w.sim.data.mutate({ kind: 'incident', count: 3 }));
        changed.push(...w.sim.data.mutate({ kind: 'alert', count: 3 }));
      }
    });
    expect(tieChanges, 'tie-group passes seen').to.equal(2);
    expect(changed.length).to.be.greaterThan(10);
    const events = [...first!.result.events, ...second!.result.events];
    expectComplete(events, ST.incident, 'lastUpdateDateTime', simRecords(w, 'incident'), 'incident');
    expectComplete(events, ST.incidentAlert, 'lastUpdateDateTime', simRecords(w, 'alert'), 'alert');
  });

  it('alerts_v2: changes between the two pages lose nothing and repeat nothing', async () => {
    const alerts = simRecords(w, 'alert').sort(byTime('lastUpdateDateTime'));
    expect(alerts.length).to.be.greaterThan(2000);
    let fired = 0;
    const [first, second] = await twoRuns(SCHEME.alerts, 'alerts', (info, n) => {
      if (!info.path.endsWith('/security/alerts_v2') || n !== 2) return;
      fired++;
      // Read already (page 1) and not yet (the rest), including the last one at the cursor.
      w.sim.data.mutate({ kind: 'alert', ids: ids([alerts[5]!, alerts[1999]!, alerts[2100]!, alerts[alerts.length - 1]!]) });
    });
    expect(fired).to.equal(1);
    expectComplete([...first!.result.events, ...second!.result.events], ST.alert, 'lastUpdateDateTime', simRecords(w, 'alert'), 'alert');
  });

  it('endpoint alerts: changes between time slices lose nothing and repeat nothing', async () => {
    const mde = simRecords(w, 'mdeAlert').sort(byTime('lastUpdateTime'));
    const filters: string[] = [];
    const [first, second] = await twoRuns(SCHEME.endpoint, 'endpoint', (info, n) => {
      filters.push(info.query.get('$filter') ?? '');
      // Before the first slice is answered: records inside it and beyond it move to the end.
      if (n === 2) w.sim.data.mutate({ kind: 'mdeAlert', ids: ids([mde[10]!, mde[9000]!, mde[11_999]!]) });
      // Between slices: the first one is done; change records from it and from the next one.
      if (n === 3) w.sim.data.mutate({ kind: 'mdeAlert', ids: ids([mde[20]!, mde[11_000]!]) });
    });
    expect(filters.length, `requests: ${filters.join(' | ')}`).to.be.greaterThan(2);
    expect(filters.some((f) => / lt /.test(f)), 'a bounded slice was read').to.equal(true);
    expectComplete([...first!.result.events, ...second!.result.events], ST.endpointAlert, 'lastUpdateTime', simRecords(w, 'mdeAlert'), 'mdeAlert');
  });
});
