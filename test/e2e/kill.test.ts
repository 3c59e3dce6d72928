// kill -9 at random instants (DESIGN §5 rule 3): a long incidents ingest is killed with SIGKILL at 20+
// seeded random instants and restarted each time until it catches up. After every kill the checkpoint may
// only cover versions splunkd has received; a restart may repeat only the page that was in flight (never
// what the checkpoint covers, at most one page of incidents); at the end nothing is missing.
import { expect } from 'chai';
import type { IndexedEvent } from '../../sandbox/splunkd';
import type { Cursor } from '../../src/inputs/common/cursor';
import { addAccount, addInput, readCheckpoint, runOnce, startWorld, type World } from '../helpers/world';
import { bySourcetype, covered, data, errorLines, pair, prng, recordPair, SCHEME, simRecords, sleep, ST, summaryOf, type Rec } from './support';

const PAGE = 50;
const KILLS = 20;

describe('e2e: kill -9 at random instants during a long ingest', function () {
  this.timeout(300_000);
  let w: World;

  before(async () => {
    // ~10,000 incidents and ~35,000 alerts: about 210 pages, several seconds of work per full run.
    w = await startWorld({ simulator: { incidents: 10_000 } });
    await addAccount(w, 'prod');
    await addInput(w, SCHEME.incidents, 'long', { account: 'prod', index: 'defender', start_date: '2020-01-01' });
  });
  after(async () => w?.stop());

  it('loses nothing, repeats at most the page in flight, and never checkpoints ahead of splunkd', async () => {
    const incidents = simRecords(w, 'incident');
    const alertsOf = new Map(incidents.map((r) => [String(r.id), w.sim.data.alertIdsOf(String(r.id))]));
    const alerts = new Map(simRecords(w, 'alert').map((r) => [String(r.id), r]));
    const received = new Set<string>();
    const random = prng(20261122);
    let kills = 0;
    let before: Cursor | undefined;

    const check = (events: IndexedEvent[], label: string, caughtUp: boolean) => {
      // What this run repeated: only versions the checkpoint it started from did not cover (the page in
      // flight when the previous run died), at most one page of incidents, with their alerts.
      const incidentPairs = bySourcetype(events, ST.incident).map(data);
      const repeated = incidentPairs.filter((d) => received.has(pair(d.id, d.lastUpdateDateTime)));
      expect(repeated.length, `${label}: incidents repeated`).to.be.at.most(PAGE);
      for (const d of repeated) expect(covered(before, String(d.id), String(d.lastUpdateDateTime)), `${label}: repeated ${String(d.id)} behind the checkpoint`).to.equal(false);
      const repeatedIds = new Set(repeated.map((d) => String(d.id)));
      for (const d of bySourcetype(events, ST.incidentAlert).map(data)) {
        if (received.has(pair(d.id, d.lastUpdateDateTime))) expect(repeatedIds.has(String(d.incidentId)), `${label}: alert ${String(d.id)} repeated without its incident`).to.equal(true);
      }
      for (const e of events) {
        const d = data(e);
        received.add(pair(d.id, d.lastUpdateDateTime));
      }
      // The checkpoint now on disk covers only versions splunkd has (incidents and all their alerts).
      const state = readCheckpoint(w, SCHEME.incidents, 'long');
      const cursor = state?.cursor;
      for (const r of incidents) {
        if (!covered(cursor, String(r.id), String(r.lastUpdateDateTime))) continue;
        expect(received.has(recordPair(r, 'incident')), `${label}: checkpoint ${cursor?.time} covers incident ${String(r.id)} that splunkd never got`).to.equal(true);
        for (const a of alertsOf.get(String(r.id)) ?? []) expect(received.has(recordPair(alerts.get(a) as Rec, 'alert')), `${label}: alert ${a}`).to.equal(true);
      }
      // Until the first catch-up, every alert of every incident is still due.
      if (cursor && !caughtUp) expect(state?.alertsSince, `${label}: alertsSince`).to.equal(null);
      before = cursor;
    };

    for (let trial = 1; kills < KILLS; trial++) {
      expect(trial, 'trials needed to land 20 kills before the ingest caught up').to.be.at.most(KILLS * 2);
      const run = w.splunkd.runInput({ scheme: SCHEME.incidents, stanza: 'long', timeoutMs: 120_000 });
      // A random instant from the start of the process: during start-up, token, paging or writing.
      await sleep(Math.floor(random() * 800));
      run.kill('SIGKILL');
      const r = await run.result;
      if (r.signal === 'SIGKILL') kills++;
      else {
        // The run ended before the kill: it must have caught up, which is too early for this test.
        expect.fail(`trial ${trial} ended (exit ${String(r.exitCode)}) before its kill; only ${kills} kills landed`);
      }
      // A kill can cut the event being written (even inside a UTF-8 sequence); splunkd drops that part.
      expect(r.protocolErrors.filter((e) => e.kind !== 'incomplete-event' && e.kind !== 'invalid-utf8'), `trial ${trial}: stream`).to.deep.equal([]);
      check(r.events, `after kill ${kills}`, false);
    }

    const last = await runOnce(w, SCHEME.incidents, 'long');
    expect(errorLines(last.result)).to.deep.equal([]);
    expect(last.result.exitCode).to.equal(0);
    expect(summaryOf(last.result).status).to.equal('caught_up');
    check(last.result.events, 'final run', true);

    const missing = [...incidents.map((r) => recordPair(r, 'incident')), ...[...alerts.values()].map((r) => recordPair(r, 'alert'))].filter((p) => !received.has(p));
    expect(missing, 'versions never received').to.deep.equal([]);
    expect(kills).to.be.at.least(KILLS);
  });
});
