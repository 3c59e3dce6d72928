// The three inputs through their packaged launchers, as splunkd runs them: the first run emits every
// record since start_date exactly once, as Defender sent it; a second run after changes emits only what
// changed (incidents re-send only their changed alerts); a third run with no change emits nothing in one
// request. The requests themselves: page sizes at the API maximum, ordering, filters, User-Agent and
// Prefer on every call, evolvable enum values passed through.
import { expect } from 'chai';
import type { IndexedEvent } from '../../sandbox/splunkd';
import { addAccount, addInput, logFileLines, readCheckpoint, runOnce, type RunOutcome, type World, startWorld } from '../helpers/world';
import {
  byId,
  bySourcetype,
  data,
  errorLines,
  expectedAlert,
  expectedIncident,
  expectEvents,
  pairsOnce,
  recordPair,
  SCHEME,
  simRecords,
  ST,
  summaryOf,
  type Rec,
} from './support';

interface InputCase {
  name: string;
  scheme: string;
  index: string;
  params: Record<string, string>;
}

const INPUTS: InputCase[] = [
  { name: 'incidents', scheme: SCHEME.incidents, index: 'defender', params: {} },
  { name: 'alerts', scheme: SCHEME.alerts, index: 'defender', params: {} },
  { name: 'cloud_alerts', scheme: SCHEME.alerts, index: 'summary', params: { service_sources: 'microsoftDefenderForCloud' } },
  { name: 'endpoint', scheme: SCHEME.endpoint, index: 'defender', params: {} },
  // region picks a commercial host; with the custom cloud's mde_url it must change nothing.
  { name: 'endpoint_eu', scheme: SCHEME.endpoint, index: 'main', params: { region: 'eu' } },
];

const isCloud = (r: Rec): boolean => r.serviceSource === 'microsoftDefenderForCloud';

describe('e2e: the three inputs, first, second and third run', function () {
  this.timeout(180_000);
  let w: World;
  const runs = new Map<string, RunOutcome[]>();
  const run = async (c: InputCase): Promise<RunOutcome> => {
    const logged = () => logFileLines(w).filter((l) => / action=run_complete /.test(l));
    const before = logged().length;
    const out = await runOnce(w, c.scheme, c.name);
    runs.set(c.name, [...(runs.get(c.name) ?? []), out]);
    // The run's summary line went to ta_defender_sync.log too, once, as on stderr.
    const after = logged();
    expect(after.length - before).to.equal(1);
    expect(after.at(-1)!.slice(after.at(-1)!.indexOf(' action=run_complete ') + 1)).to.equal(summaryOf(out.result).line);
    return out;
  };
  const source = (scheme: string) => `${scheme}:${w.tenantId}`;
  const input = (name: string) => INPUTS.find((c) => c.name === name)!;

  before(async () => {
    // 250 incidents: more than a page, with the simulator's tie group of 60 (more than a page of 50).
    w = await startWorld({ simulator: { incidents: 250, mdeAlerts: 300 } });
    await addAccount(w, 'prod');
    for (const c of INPUTS) await addInput(w, c.scheme, c.name, { account: 'prod', index: c.index, start_date: '2020-01-01', ...c.params });
  });
  after(async () => w?.stop());

  /** Every run of this suite succeeds quietly with one summary line. */
  function expectClean(out: RunOutcome, c: InputCase): void {
    const r = out.result;
    expect(r.protocolErrors).to.deep.equal([]);
    expect(errorLines(r)).to.deep.equal([]);
    expect(r.exitCode).to.equal(0);
    expect(r.dropped).to.deep.equal([]);
    const s = summaryOf(r);
    expect(s.input).to.equal(c.name);
    expect(s.account).to.equal('prod');
    expect(s.tenant).to.equal(w.tenantId);
    expect(s.events).to.equal(r.events.length);
    expect(s.status).to.equal('caught_up');
  }

  describe('first run: every record since start_date, once, exactly as Defender sent it', () => {
    it('incidents: one event per incident (alerts → alertIds) and one per alert of each', async () => {
      const c = input('incidents');
      const out = await run(c);
      expectClean(out, c);
      const incidents = simRecords(w, 'incident');
      const alerts = simRecords(w, 'alert');
      const incidentEvents = bySourcetype(out.result.events, ST.incident);
      const alertEvents = bySourcetype(out.result.events, ST.incidentAlert);
      expect(incidentEvents.length + alertEvents.length).to.equal(out.result.events.length);
      expect(pairsOnce(incidentEvents, 'lastUpdateDateTime')).to.deep.equal(new Set(incidents.map((r) => recordPair(r, 'incident'))));
      expect(pairsOnce(alertEvents, 'lastUpdateDateTime')).to.deep.equal(new Set(alerts.map((r) => recordPair(r, 'alert'))));
      const base = { source: source(c.scheme), index: c.index, field: 'lastUpdateDateTime' };
      expectEvents(incidentEvents, { ...base, sourcetype: ST.incident, records: byId(incidents), expected: (r) => expectedIncident(w, r) });
      expectEvents(alertEvents, { ...base, sourcetype: ST.incidentAlert, records: byId(alerts), expected: expectedAlert });
    });

    it('alerts: every alerts_v2 alert', async () => {
      const c = input('alerts');
      const out = await run(c);
      expectClean(out, c);
      const alerts = simRecords(w, 'alert');
      expect(pairsOnce(out.result.events, 'lastUpdateDateTime')).to.deep.equal(new Set(alerts.map((r) => recordPair(r, 'alert'))));
      expectEvents(out.result.events, {
        sourcetype: ST.alert,
        source: source(c.scheme),
        index: c.index,
        field: 'lastUpdateDateTime',
        records: byId(alerts),
        expected: expectedAlert,
      });
    });

    it('alerts with service_sources=microsoftDefenderForCloud: exactly the Defender for Cloud alerts', async () => {
      const c = input('cloud_alerts');
      const out = await run(c);
      expectClean(out, c);
      const cloud = simRecords(w, 'alert').filter(isCloud);
      expect(cloud.length, 'Defender for Cloud alerts in the simulator').to.be.greaterThan(5);
      for (const e of out.result.events) expect(data(e).serviceSource).to.equal('microsoftDefenderForCloud');
      expect(pairsOnce(out.result.events, 'lastUpdateDateTime')).to.deep.equal(new Set(cloud.map((r) => recordPair(r, 'alert'))));
      expectEvents(out.result.events, {
        sourcetype: ST.alert,
        source: source(c.scheme),
        index: c.index,
        field: 'lastUpdateDateTime',
        records: byId(cloud),
        expected: expectedAlert,
      });
      // The filter reached the simulator (the events alone would not tell a client-side filter apart).
      const lists = out.requests.filter((q) => q.api === 'graph');
      expect(lists.length).to.be.greaterThan(0);
      for (const q of lists) expect(q.query.$filter).to.match(/^lastUpdateDateTime ge \S+ and \(serviceSource eq 'microsoftDefenderForCloud'\)$/);
    });

    for (const name of ['endpoint', 'endpoint_eu']) {
      it(`endpoint alerts (${name}): every Defender for Endpoint alert with its evidence`, async () => {
        const c = input(name);
        const out = await run(c);
        expectClean(out, c);
        const mde = simRecords(w, 'mdeAlert');
        expect(pairsOnce(out.result.events, 'lastUpdateTime')).to.deep.equal(new Set(mde.map((r) => recordPair(r, 'mdeAlert'))));
        expectEvents(out.result.events, {
          sourcetype: ST.endpointAlert,
          source: source(c.scheme),
          index: c.index,
          field: 'lastUpdateTime',
          records: byId(mde),
          expected: (r) => r,
        });
        const withEvidence = out.result.events.filter((e) => (data(e).evidence as unknown[]).length > 0);
        expect(withEvidence.length, 'alerts with evidence').to.be.greaterThan(mde.length / 2);
      });
    }

    it('_time keeps the digits below the millisecond', () => {
      // epochOf() keeps every digit; a millisecond-truncated <time> would differ for these records.
      const events = runs.get('alerts')![0]!.result.events;
      const subMs = events.filter((e) => /\.\d{3}[1-9]\d*Z$|\.\d{4,}[1-9]Z$/.test(String(data(e).lastUpdateDateTime)));
      expect(subMs.length).to.be.greaterThan(events.length / 2);
      for (const e of subMs) {
        const ms = Date.parse(String(data(e).lastUpdateDateTime)) / 1000;
        expect(e._time).to.not.equal(ms);
      }
    });
  });

  describe('requests of the first runs', () => {
    const ua = () => `MdePartner-DefenderSync-SplunkAddOn/${w.version}`;

    it('send the partner User-Agent on every call and Prefer: include-unknown-enum-members on every API call', () => {
      for (const c of INPUTS) {
        const requests = runs.get(c.name)![0]!.requests;
        expect(requests.filter((q) => q.api === 'token').length, `${c.name}: token calls`).to.be.greaterThan(0);
        for (const q of requests) {
          expect(q.userAgent, `${c.name}: ${q.method} ${q.path}`).to.equal(ua());
          if (q.api !== 'token') expect(q.prefer, `${c.name}: ${q.method} ${q.path}`).to.equal('include-unknown-enum-members');
        }
      }
    });

    it('ask Graph for pages of 50 incidents and 2000 alerts, ordered by lastUpdateDateTime ascending', () => {
      const incidents = runs.get('incidents')![0]!.requests.filter((q) => q.api === 'graph');
      expect(incidents.length).to.be.greaterThan(250 / 50);
      for (const q of incidents) {
        expect(q.path).to.equal('/graph/v1.0/security/incidents');
        expect(q.query).to.include({ $top: '50', $orderby: 'lastUpdateDateTime asc', $expand: 'alerts' });
        expect(q.status).to.equal(200);
      }
      for (const name of ['alerts', 'cloud_alerts']) {
        for (const q of runs.get(name)![0]!.requests.filter((x) => x.api === 'graph')) {
          expect(q.path).to.equal('/graph/v1.0/security/alerts_v2');
          expect(q.query).to.include({ $top: '2000', $orderby: 'lastUpdateDateTime asc' });
          expect(q.status).to.equal(200);
        }
      }
    });

    it('ask Defender for Endpoint for 10000 alerts with evidence and no $orderby (undocumented there)', () => {
      for (const name of ['endpoint', 'endpoint_eu']) {
        const mde = runs.get(name)![0]!.requests.filter((q) => q.api === 'mde');
        expect(mde.length).to.be.greaterThan(0);
        for (const q of mde) {
          expect(q.path).to.equal('/mde/api/alerts');
          expect(q.query).to.include({ $top: '10000', $expand: 'evidence' });
          expect(q.query).to.not.have.property('$orderby');
          expect(q.status).to.equal(200);
        }
      }
    });

    it('receive evolvable enum values as themselves (awaitingAction, microsoftDefenderForCloud)', () => {
      const incidents = bySourcetype(runs.get('incidents')![0]!.result.events, ST.incident).map(data);
      expect(incidents.some((d) => d.status === 'awaitingAction')).to.equal(true);
      const alerts = runs.get('alerts')![0]!.result.events.map(data);
      expect(alerts.some((d) => d.serviceSource === 'microsoftDefenderForCloud')).to.equal(true);
      for (const c of INPUTS) {
        for (const e of runs.get(c.name)![0]!.result.events) expect(e._raw).to.not.include('unknownFutureValue');
      }
    });
  });

  describe('second run after changes: only what changed', () => {
    let changedIncidents: string[];
    let changedAlerts: string[];
    let changedMde: string[];

    before(() => {
      const incidents = simRecords(w, 'incident');
      // The incident at the first run's cursor (its newest alert shares the cursor's time), one of the big
      // tie group, and a few others.
      const atCursor = readCheckpoint(w, SCHEME.incidents, 'incidents')!.cursor;
      const cursorIncident = atCursor.ids[0]!;
      expect(incidents.find((r) => r.id === cursorIncident)?.lastUpdateDateTime).to.equal(atCursor.time);
      const tie = incidents.filter((r) => incidents.filter((x) => x.lastUpdateDateTime === r.lastUpdateDateTime).length > 50);
      expect(tie.length).to.be.greaterThan(50);
      const picked = new Set([cursorIncident, String(tie[7]!.id), String(incidents[3]!.id), String(incidents[120]!.id)]);
      changedIncidents = w.sim.data.mutate({ kind: 'incident', ids: [...picked] });
      const alerts = simRecords(w, 'alert');
      const cloud = alerts.filter(isCloud);
      const others = alerts.filter((r) => !isCloud(r) && !picked.has(String((r as { incidentId?: unknown }).incidentId)));
      changedAlerts = w.sim.data.mutate({ kind: 'alert', ids: [String(cloud[2]!.id), String(others[10]!.id), String(others[400]!.id)] });
      changedMde = w.sim.data.mutate({ kind: 'mdeAlert', count: 4 });
    });

    it('incidents: the changed incidents and the parents of changed alerts; only the changed alerts', async () => {
      const c = input('incidents');
      const out = await run(c);
      expectClean(out, c);
      const alerts = byId(simRecords(w, 'alert'));
      const parents = changedAlerts.map((id) => String(alerts.get(id)!.incidentId));
      const incidents = byId(simRecords(w, 'incident'));
      const expected = new Set([...changedIncidents, ...parents].map((id) => recordPair(incidents.get(id)!, 'incident')));
      const incidentEvents = bySourcetype(out.result.events, ST.incident);
      const alertEvents = bySourcetype(out.result.events, ST.incidentAlert);
      expect(pairsOnce(incidentEvents, 'lastUpdateDateTime')).to.deep.equal(expected);
      // Peers re-send every alert of a changed incident; only the changed ones come again here.
      expect(pairsOnce(alertEvents, 'lastUpdateDateTime')).to.deep.equal(new Set(changedAlerts.map((id) => recordPair(alerts.get(id)!, 'alert'))));
      const base = { source: source(c.scheme), index: c.index, field: 'lastUpdateDateTime' };
      expectEvents(incidentEvents, { ...base, sourcetype: ST.incident, records: incidents, expected: (r) => expectedIncident(w, r) });
      expectEvents(alertEvents, { ...base, sourcetype: ST.incidentAlert, records: alerts, expected: expectedAlert });
    });

    it('alerts: only the changed alerts', async () => {
      const c = input('alerts');
      const out = await run(c);
      expectClean(out, c);
      const alerts = byId(simRecords(w, 'alert'));
      expect(pairsOnce(out.result.events, 'lastUpdateDateTime')).to.deep.equal(new Set(changedAlerts.map((id) => recordPair(alerts.get(id)!, 'alert'))));
      expectEvents(out.result.events, { sourcetype: ST.alert, source: source(c.scheme), index: c.index, field: 'lastUpdateDateTime', records: alerts, expected: expectedAlert });
    });

    it('alerts with service_sources: only the changed Defender for Cloud alert', async () => {
      const c = input('cloud_alerts');
      const out = await run(c);
      expectClean(out, c);
      const alerts = byId(simRecords(w, 'alert'));
      const cloud = changedAlerts.filter((id) => isCloud(alerts.get(id)!));
      expect(cloud).to.have.length(1);
      expect(pairsOnce(out.result.events, 'lastUpdateDateTime')).to.deep.equal(new Set(cloud.map((id) => recordPair(alerts.get(id)!, 'alert'))));
    });

    for (const name of ['endpoint', 'endpoint_eu']) {
      it(`endpoint alerts (${name}): only the changed alerts`, async () => {
        const c = input(name);
        const out = await run(c);
        expectClean(out, c);
        const mde = byId(simRecords(w, 'mdeAlert'));
        expect(changedMde.length).to.be.greaterThan(1);
        expect(pairsOnce(out.result.events, 'lastUpdateTime')).to.deep.equal(new Set(changedMde.map((id) => recordPair(mde.get(id)!, 'mdeAlert'))));
        expectEvents(out.result.events, { sourcetype: ST.endpointAlert, source: source(c.scheme), index: c.index, field: 'lastUpdateTime', records: mde, expected: (r) => r });
      });
    }
  });

  describe('third run with no change', () => {
    for (const c of INPUTS) {
      it(`${c.name}: no event, one API request and one token request`, async () => {
        const out = await run(c);
        expectClean(out, c);
        expect(out.result.events).to.deep.equal([]);
        const api = out.requests.filter((q) => q.api === 'graph' || q.api === 'mde');
        expect(api.map((q) => `${q.method} ${q.path} ${q.status}`)).to.deep.equal([
          c.scheme === SCHEME.endpoint ? 'GET /mde/api/alerts 200' : c.scheme === SCHEME.incidents ? 'GET /graph/v1.0/security/incidents 200' : 'GET /graph/v1.0/security/alerts_v2 200',
        ]);
        expect(out.requests.filter((q) => q.api === 'token' && q.method === 'POST')).to.have.length(1);
        const s = summaryOf(out.result);
        expect([s.events, s.pages, s.requests]).to.deep.equal([0, 0, 1]);
      });
    }
  });

  describe('events across all runs', () => {
    it('no version of a record was indexed twice by any input', () => {
      for (const c of INPUTS) {
        const all: IndexedEvent[] = runs.get(c.name)!.flatMap((o) => o.result.events);
        for (const st of [ST.incident, ST.incidentAlert, ST.alert, ST.endpointAlert]) {
          pairsOnce(bySourcetype(all, st), st === ST.endpointAlert ? 'lastUpdateTime' : 'lastUpdateDateTime');
        }
      }
    });
  });
});
